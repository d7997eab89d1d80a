"""An administrator imports a real report through the web importer, edits a row and
confirms."""

import re
from pathlib import Path

from playwright.sync_api import expect

from inspections.models import Inspection
from tests.browser.helpers import check_a11y, signin
from tests.factories import AuthorityFactory

REPORT = Path(__file__).parents[1] / "fixtures" / "reports" / "bury_2021-12-17.pdf"
BURY = "Bury Metropolitan Borough Council"
FIRST = "The timely recognition and response to risk at the front door."
EDITED = "The timely recognition of, and response to, risk at the front door."


def test_administrator_imports_a_report_edits_a_row_and_confirms(page, screenshot):
    AuthorityFactory(name=BURY)
    signin(page, "admin")
    page.get_by_role("link", name="Import a report").click()
    check_a11y(page)
    screenshot("upload")

    page.locator("input[type=file]").set_input_files(REPORT)
    page.get_by_role("button", name="Read the report").click()
    first_row = page.locator("textarea", has_text=FIRST)
    expect(first_row).to_be_visible(timeout=60_000)  # a long PDF takes a while
    check_a11y(page)
    screenshot("review")

    page.get_by_label("Authority", exact=True).select_option(label=BURY)
    first_row.fill(EDITED)
    screenshot("edited")
    page.get_by_role("button", name=re.compile(r"confirm|save|create", re.I)).click()

    inspection = Inspection.objects.get(authority__name=BURY)
    expect(page).to_have_url(inspection.get_absolute_url())
    expect(page.get_by_text(BURY).first).to_be_visible()
    assert inspection.recommendations.count() == 9
    assert inspection.recommendations.filter(text=EDITED).exists()
    assert not inspection.recommendations.filter(text=FIRST).exists()
    check_a11y(page)
    screenshot("inspection")
