"""On the import review, Enter in a field saves (as "Save the inspection" does): it
never adds a row. A report already imported is refused as an error on the page, and
a council's own self-assessment is saved without an inspectorate."""

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from inspections.models import Inspection
from recommendations.importing import SELF_ASSESSED
from tests.browser.helpers import check_a11y, open_import_review, signin

SELF_ASSESSMENT_TEXT = """TRAFFORD COUNCIL
Children's social care self-assessment
Published: 10 July 2018

Areas for development
• Improve the quality of children's plans.
• Reduce the number of changes of social worker.
"""
JAVASCRIPT = pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])


@JAVASCRIPT
def test_enter_in_a_field_saves_and_a_report_already_imported_is_refused_on_the_page(
    new_context, screenshot, javascript
):
    page = new_context(java_script_enabled=javascript).new_page()
    signin(page, "admin")
    open_import_review(page)  # the demo already holds this report
    expect(page.get_by_role("heading", name="Judgements (33)")).to_be_visible()
    existing = Inspection.objects.get(
        authority__name="Trafford Metropolitan Borough Council",
        kind="safeguarding_lac",
    )
    inspections = Inspection.objects.count()
    # One "Save the inspection" for everyone: the form's hidden default button is
    # neither announced nor reached with Tab.
    expect(page.get_by_role("button", name="Save the inspection")).to_have_count(1)
    authority = page.get_by_label("Authority", exact=True)
    for _ in range(60):
        page.keyboard.press("Tab")
        assert (
            page.evaluate("document.activeElement.getAttribute('aria-hidden')") is None
        )
        if authority.evaluate("element => element === document.activeElement"):
            break
    else:
        raise AssertionError("Tab never reached the authority")

    with page.expect_navigation():
        page.get_by_label("Inspectorate").press("Enter")

    # Saving ran (and was refused), not "Add a judgement".
    expect(page.get_by_role("heading", name="Judgements (33)")).to_be_visible()
    expect(page.get_by_text("Judgement 34")).to_have_count(0)
    expect(page).to_have_title(re.compile(r"^Error: Check the imported report"))
    assert Inspection.objects.count() == inspections
    summary = page.locator(".govuk-error-summary")
    link = summary.get_by_role("link", name="This inspection has already been imported")
    expect(link).to_have_attribute("href", "#id_authority")
    expect(summary.get_by_role("link")).to_have_count(1)
    warning = page.locator("#already-imported")
    expect(warning.get_by_role("link")).to_have_attribute(
        "href", existing.get_absolute_url()
    )
    if javascript:
        expect(summary).to_be_focused()
        check_a11y(page)
    screenshot("refused", page)

    link.click()
    if javascript:
        expect(authority).to_be_focused()
    else:
        expect(page).to_have_url(re.compile(r"#id_authority$"))


@JAVASCRIPT
def test_a_self_assessment_is_saved_with_enter_and_no_inspectorate(
    new_context, screenshot, javascript
):
    page = new_context(java_script_enabled=javascript).new_page()
    signin(page, "admin")
    page.goto(reverse("inspections:import_report"))
    page.get_by_label("Or paste the report's text").fill(SELF_ASSESSMENT_TEXT)
    page.get_by_role("button", name="Read the report").click()
    inspectorate = page.get_by_label("Inspectorate")
    expect(inspectorate).to_have_value("")
    expect(inspectorate).to_have_accessible_description(
        "Leave this blank for a council's own self-assessment"
    )
    if javascript:
        check_a11y(page)
    screenshot("review", page)

    inspectorate.press("Enter")

    expect(page.get_by_text("Report imported: 2 recommendations")).to_be_visible()
    inspection = Inspection.objects.get(
        kind="self_assessment", published_on=datetime.date(2018, 7, 10)
    )
    expect(page).to_have_url(inspection.get_absolute_url())
    assert inspection.inspectorate == SELF_ASSESSED
    assert inspection.judgements.count() == 0
    screenshot("saved", page)
