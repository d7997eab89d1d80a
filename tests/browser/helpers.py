"""What the browser journeys share: signing in, accessibility checks, focus.

Tests import these; fixtures live in conftest.py.
"""

from __future__ import annotations

from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import Locator, Page, expect

from recommendations.demo import demo_password

# WCAG 2.0, 2.1 and 2.2, levels A and AA: what UK public-sector services must meet.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE = Axe()
# A real report's text (Trafford, 2010), as the importer's seed fixtures hold it.
SEED_REPORT = (
    Path(__file__).parents[1] / "fixtures" / "seeds" / "001_308c94baf749f55b.txt"
)


def signin(page: Page, username: str) -> None:
    """Sign in through the login form as a demo user and land on the home page."""
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(demo_password())
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Signed in as")).to_be_visible()


def open_import_review(page: Page) -> None:
    """As the signed-in administrator, paste SEED_REPORT into the importer and
    land on its review page."""
    page.goto(reverse("inspections:import_report"))
    page.get_by_label("Or paste the report's text").fill(SEED_REPORT.read_text())
    page.get_by_role("button", name="Read the report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check the imported report"
    )


def check_a11y(page: Page) -> None:
    """axe-core finds no WCAG 2.2 A/AA violation on the page as it is now."""
    results = AXE.run(
        page,
        options={
            "runOnly": {"type": "tag", "values": WCAG_TAGS},
            "resultTypes": ["violations"],
        },
    )
    violations = results.response["violations"]
    assert not violations, f"axe on {page.url}:\n" + "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']}\n    "
        + "\n    ".join(" ".join(node["target"]) for node in v["nodes"])
        for v in violations
    )


def scrolls_sideways(page: Page, width: int = 320) -> bool:
    """Whether the page itself is wider than the window. Wide tables scroll inside
    their own container, which does not widen the page."""
    return page.evaluate("document.documentElement.scrollWidth") > width


# GOV.UK radios and checkboxes hide the input itself and draw its focus ring on
# the ::before of the label that follows it.
FOCUS_IS_VISIBLE = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return false;
  const drawsFocus = (style) =>
    (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) ||
    style.boxShadow !== 'none';
  if (drawsFocus(getComputedStyle(element))) return true;
  const label = element.nextElementSibling;
  return element.matches('.govuk-radios__input, .govuk-checkboxes__input') &&
    label !== null && drawsFocus(getComputedStyle(label, '::before'));
}"""


def focus_is_visible(page: Page) -> bool:
    """The focused element draws a focus indicator (outline or box-shadow)."""
    return page.evaluate(FOCUS_IS_VISIBLE)


def tab_to(page: Page, target, *, limit: int = 40) -> None:
    """Press Tab until `target` (a locator) has focus, checking at every stop that
    the focus can be seen; fail if it is never reached."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        assert focus_is_visible(page), "focus is not visible on " + page.evaluate(
            "document.activeElement.outerHTML.slice(0, 200)"
        )
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {target} in {limit} presses")


def arrow_to(page: Page, target, *, limit: int = 10) -> None:
    """Press the down arrow (moving through a radio group) until `target` has
    focus, checking at every stop that the focus can be seen."""
    for _ in range(limit):
        if target.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("ArrowDown")
        assert focus_is_visible(page), "focus is not visible on " + page.evaluate(
            "document.activeElement.outerHTML.slice(0, 200)"
        )
    raise AssertionError(f"the arrow keys never reached {target} in {limit} presses")


def form_with_button(page: Page, name) -> Locator:
    """The form whose submit button is called `name` (a string or a pattern): fields
    are then found by label inside it, whatever else the page holds."""
    return page.locator("form").filter(has=page.get_by_role("button", name=name)).last


def success_banner(page: Page) -> Locator:
    return page.locator(".govuk-notification-banner--success")
