"""An administrator enters a report in the Django admin. The admin is Django's, not
GOV.UK's, so axe runs on our own pages that show the result, not on /admin/."""

import datetime

from playwright.sync_api import expect

from inspections.models import Inspection
from recommendations.choices import Timescale
from tests.browser.helpers import check_a11y, signin


def choose_autocomplete(page, field: str, text: str) -> None:
    """Pick `text` in one of the admin's select2 autocomplete widgets."""
    page.locator(f".field-{field} .select2-selection").click()
    page.locator(".select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).click()


def summary_row(page, key: str):
    """The row of the page's summary list whose key is `key`."""
    return page.locator(".govuk-summary-list__row").filter(
        has=page.get_by_text(key, exact=True)
    )


def fill_recommendation(page, index: int, *, text: str, timescale: str) -> None:
    prefix = f"#id_recommendations-{index}-"
    page.locator(prefix + "reference").fill(str(index + 1))
    page.locator(prefix + "position").fill(str(index))
    page.locator(prefix + "section").fill("Areas for priority action")
    page.locator(prefix + "text").fill(text)
    page.locator(prefix + "timescale").select_option(timescale)


def test_administrator_enters_an_inspection_with_two_recommendations(page, screenshot):
    signin(page, "admin")
    page.get_by_role("link", name="Admin").click()
    page.get_by_role("row", name="Inspections").get_by_role("link", name="Add").click()
    screenshot("empty-form")

    page.get_by_label("Authority").select_option(label="Demo Borough Council")
    page.get_by_label("Kind").select_option(label="Focused visit")
    page.get_by_label("Title").fill("Focused visit to the front door")
    page.get_by_label("First inspection day").fill("2026-02-03")
    page.get_by_label("Last inspection day").fill("2026-02-04")
    page.get_by_label("Published").fill("2026-03-06")
    fill_recommendation(
        page,
        0,
        text="Decisions at the front door are timely.",
        timescale=Timescale.THREE_MONTHS,
    )
    page.get_by_role("button", name="Add another Recommendation").click()
    fill_recommendation(
        page,
        1,
        text="Partners attend strategy meetings.",
        timescale=Timescale.UNSPECIFIED,
    )
    screenshot("filled-in")
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    screenshot("saved")
    inspection = Inspection.objects.get(title="Focused visit to the front door")
    first, second = inspection.recommendations.order_by("position")

    page.goto(first.get_absolute_url())
    expect(page.get_by_text("Decisions at the front door are timely.")).to_be_visible()
    assert first.due_date == datetime.date(2026, 6, 6)
    expect(summary_row(page, "Original due date")).to_contain_text("6 June 2026")
    check_a11y(page)
    screenshot("first-recommendation")

    page.goto(second.get_absolute_url())
    expect(page.get_by_text("Partners attend strategy meetings.")).to_be_visible()
    for key in ["Original due date", "Current due date"]:
        expect(summary_row(page, key)).to_contain_text("No deadline")
    check_a11y(page)
    screenshot("second-recommendation")
