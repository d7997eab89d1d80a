"""An officer's whole journey on a recommendation: with htmx, without JavaScript,
and with the keyboard alone. These run once the officers' workspace is merged."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from recommendations.choices import RecommendationStatus
from recommendations.demo import DEMO_PDF
from recommendations.models import Recommendation
from tests.browser.helpers import (
    check_a11y,
    form_with_button,
    needs,
    scrolls_sideways,
    signin,
    success_banner,
    tab_to,
)

pytestmark = needs(
    "recommendations:my_actions", "recommendations:recommendation_detail"
)

OVERDUE = "The timeliness of strategy meetings"
# The demo's one unfinished action on that recommendation; its other action is done.
ACTION = "Audit 30 strategy meetings against the new protocol."
NOTE = "Audit finished: 27 of 30 meetings met the protocol."
EVIDENCE = "Strategy meeting audit report"
UPDATE_STATUS = re.compile(r"update|save", re.I)
ADD_NOTE = re.compile(r"add (a )?(progress )?note", re.I)
ADD_EVIDENCE = re.compile(r"add evidence|upload", re.I)
MARK_IMPLEMENTED = re.compile(r"implemented", re.I)


def action_row(page, description: str):
    """The innermost row, list item or card holding the action and its status form."""
    return (
        page.locator("tr, li, .govuk-summary-card")
        .filter(has_text=description)
        .filter(has=page.get_by_label("Status"))
        .last
    )


def timeline(page):
    """The section under the "Timeline" heading."""
    heading = page.get_by_role("heading", name="Timeline")
    return page.locator("section, div").filter(has=heading).last


def officer_journey(page, screenshot, *, javascript: bool) -> None:
    signin(page, "officer")
    overdue = page.get_by_role("link", name=re.compile(OVERDUE))
    expect(overdue.first).to_be_visible()
    check_a11y(page)
    screenshot("home")

    overdue.first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_text(OVERDUE).first).to_be_visible()
    check_a11y(page)
    screenshot("recommendation")

    # A full page load would clear this marker; an htmx swap keeps it.
    page.evaluate("window.__samePage = true")
    row = action_row(page, ACTION)
    row.get_by_label("Status").select_option("done")
    row.get_by_role("button", name=UPDATE_STATUS).click()
    expect(action_row(page, ACTION)).to_contain_text("Done")
    stayed = page.evaluate("window.__samePage === true")
    assert stayed is javascript, "htmx should update the action in place"
    if not javascript:
        expect(success_banner(page)).to_be_visible()
    check_a11y(page)
    screenshot("action-done")

    note_form = form_with_button(page, ADD_NOTE)
    note_form.get_by_role("textbox").fill(NOTE)
    note_form.get_by_role("button", name=ADD_NOTE).click()
    expect(timeline(page)).to_contain_text(NOTE)
    check_a11y(page)
    screenshot("note-added")

    evidence_form = form_with_button(page, ADD_EVIDENCE)
    evidence_form.get_by_label(re.compile("description", re.I)).fill(EVIDENCE)
    evidence_form.locator("input[type=file]").set_input_files(
        {"name": "audit.pdf", "mimeType": "application/pdf", "buffer": DEMO_PDF}
    )
    evidence_form.get_by_role("button", name=ADD_EVIDENCE).click()
    expect(page.get_by_text(EVIDENCE).first).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("audit.pdf"))).to_be_visible()
    check_a11y(page)
    screenshot("evidence-added")

    page.get_by_role("button", name=MARK_IMPLEMENTED).click()
    expect(success_banner(page)).to_be_visible()
    expect(page.locator(".govuk-tag", has_text="Implemented").first).to_be_visible()
    check_a11y(page)
    screenshot("implemented")

    story = timeline(page)
    for text in [NOTE, EVIDENCE, "Implemented", "Olu Officer"]:
        expect(story).to_contain_text(text)
    recommendation = Recommendation.objects.get(text__startswith=OVERDUE)
    assert recommendation.status == RecommendationStatus.IMPLEMENTED
    assert recommendation.notes.filter(body=NOTE, author__username="officer").exists()
    assert recommendation.evidence.filter(description=EVIDENCE).exists()


def test_officer_updates_notes_evidences_and_implements_with_htmx(page, screenshot):
    officer_journey(page, screenshot, javascript=True)


def test_officer_journey_works_without_javascript(new_context, screenshot):
    page = new_context(java_script_enabled=False).new_page()
    officer_journey(page, lambda step: screenshot(step, page), javascript=False)


def test_officer_journey_by_keyboard_alone_with_focus_always_visible(page, screenshot):
    signin(page, "officer")

    tab_to(page, page.get_by_role("link", name=re.compile(OVERDUE)).first)
    page.keyboard.press("Enter")
    expect(page.get_by_text(OVERDUE).first).to_be_visible()
    screenshot("recommendation")

    row = action_row(page, ACTION)
    tab_to(page, row.get_by_label("Status"))
    page.keyboard.type("Done")
    tab_to(page, row.get_by_role("button", name=UPDATE_STATUS))
    page.keyboard.press("Enter")
    expect(action_row(page, ACTION)).to_contain_text("Done")
    screenshot("action-done")

    note_form = form_with_button(page, ADD_NOTE)
    tab_to(page, note_form.get_by_role("textbox"))
    page.keyboard.type(NOTE)
    tab_to(page, note_form.get_by_role("button", name=ADD_NOTE))
    page.keyboard.press("Enter")
    expect(timeline(page)).to_contain_text(NOTE)
    screenshot("note-added")


@pytest.mark.parametrize("url_name", ["dashboard", "recommendations:my_actions"])
def test_officer_pages_reflow_at_320_pixels(narrow_page, screenshot, url_name):
    signin(narrow_page, "officer")

    narrow_page.goto(reverse(url_name))
    assert not scrolls_sideways(narrow_page)
    check_a11y(narrow_page)
    screenshot("narrow", narrow_page)
