"""On the import review, adding a row is not a submission: no errors, nothing typed
lost, the focus in the new row. Errors come only on saving, named in the summary."""

import pytest
from playwright.sync_api import expect

from inspections.models import Authority, Inspection
from recommendations.demo import DEMO_AUTHORITY
from tests.browser.helpers import check_a11y, open_import_review, signin

TYPED = "Typed before adding a row, and kept."


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_adding_a_recommendation_row_then_saving_it_half_filled(
    new_context, screenshot, javascript
):
    page = new_context(java_script_enabled=javascript).new_page()
    signin(page, "admin")
    open_import_review(page)
    # The demo already holds this report under Trafford.
    page.get_by_label("Authority", exact=True).select_option(label=DEMO_AUTHORITY)
    page.locator("#id_recommendations-0-text").fill(TYPED)

    page.get_by_role("button", name="Add a recommendation").click()

    new_text = page.locator("#id_recommendations-7-text")
    expect(new_text).to_be_focused()
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    expect(page.locator(".govuk-error-message")).to_have_count(0)
    expect(page.locator("#id_recommendations-0-text")).to_have_value(TYPED)
    expect(page.get_by_label("Authority", exact=True)).to_have_value(
        str(Authority.objects.get(name=DEMO_AUTHORITY).pk)
    )
    new_timescale = page.locator("#id_recommendations-7-timescale")
    expect(new_timescale.locator("option:checked")).to_have_text("No timescale")
    if javascript:
        check_a11y(page)
    screenshot("row-added", page)

    new_timescale.select_option(label="Within 6 months")  # the text left blank
    page.get_by_role("button", name="Save the inspection").click()

    summary = page.locator(".govuk-error-summary")
    link = summary.get_by_role("link", name="Enter the text of recommendation 8")
    expect(link).to_be_visible()
    expect(page.get_by_text("This field is required")).to_have_count(0)
    if javascript:
        expect(summary).to_be_focused()
        check_a11y(page)
    screenshot("error", page)
    link.click()
    if javascript:
        expect(page.locator("#id_recommendations-7-text")).to_be_focused()
    page.locator("#id_recommendations-7-text").fill("A recommendation it missed.")
    page.get_by_role("button", name="Save the inspection").click()

    expect(page.get_by_text("Report imported: 8 recommendations")).to_be_visible()
    inspection = Inspection.objects.get(recommendations__text=TYPED)
    assert inspection.recommendations.filter(
        text="A recommendation it missed.", timescale="6_months"
    ).exists()
