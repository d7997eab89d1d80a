"""Pages with wide tables and charts reflow at 320 CSS pixels (WCAG 1.4.10): the tables
scroll inside their own focusable, named container, never the page itself."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from inspections.models import Inspection
from recommendations.demo import TRAFFORD
from tests.browser.helpers import check_a11y, scrolls_sideways, signin


def later_trafford_inspection():
    """The inspection whose page lists verdicts on earlier recommendations."""
    return Inspection.objects.filter(authority__name=TRAFFORD).latest("published_on")


@pytest.mark.parametrize(
    ("step", "url", "region"),
    [
        ("audit-log", lambda: reverse("audit_log"), "Changes"),
        (
            "inspection-closeouts",
            lambda: later_trafford_inspection().get_absolute_url(),
            "What this inspection closed and carried forward",
        ),
        # The charts keep a legible size and scroll in their own box.
        (
            "dashboard-charts",
            lambda: reverse("dashboard"),
            "Open and overdue recommendations by owning team",
        ),
    ],
    ids=["audit-log", "inspection-closeouts", "dashboard-charts"],
)
def test_wide_table_pages_reflow_at_320_pixels(
    narrow_page, screenshot, step, url, region
):
    signin(narrow_page, "manager")

    narrow_page.goto(url())

    expect(narrow_page.get_by_role("region", name=region)).to_be_visible()
    assert not scrolls_sideways(narrow_page), narrow_page.evaluate(
        "document.documentElement.scrollWidth"
    )
    check_a11y(narrow_page)
    screenshot(step, narrow_page)
