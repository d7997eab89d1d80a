"""An officer's whole journey on a recommendation: with htmx, without JavaScript,
and with the keyboard alone."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from recommendations.choices import RecommendationStatus
from recommendations.demo import DEMO_PDF
from recommendations.models import Recommendation
from tests.browser.helpers import (
    arrow_to,
    check_a11y,
    form_with_button,
    scrolls_sideways,
    signin,
    success_banner,
    tab_to,
)

OVERDUE = "The timeliness of strategy meetings"
# The demo's one unfinished action on that recommendation; its other action is done.
ACTION = "Audit 30 strategy meetings against the new protocol."
NOTE = "Audit finished: 27 of 30 meetings met the protocol."
EVIDENCE = "Strategy meeting audit report"
UPDATE_STATUS = "Update status"
ADD_NOTE = "Add note"
ADD_EVIDENCE = "Add evidence"
MARK_IMPLEMENTED = "Mark as implemented"


def action_card(page, description: str):
    """The summary card of the action called `description`."""
    return page.locator(".govuk-summary-card").filter(
        has=page.get_by_role("heading", name=description, exact=True)
    )


def action_status(page, description: str):
    """The status tag in the action's summary (not its "update status" form)."""
    return action_card(page, description).locator(".govuk-summary-list .govuk-tag")


def timeline(page):
    """The section under the "Timeline" heading."""
    return page.get_by_role("region", name="Timeline")


def officer_journey(page, screenshot, *, javascript: bool) -> None:
    """axe is JavaScript, so it only runs with JavaScript on; the pages it would
    check without are the same ones, which the htmx journey checks."""
    a11y = check_a11y if javascript else lambda page: None
    # Full page loads, not htmx swaps, navigate the main frame.
    loads = []
    page.on("framenavigated", lambda frame: loads.append(frame.url))

    signin(page, "officer")
    overdue = page.get_by_role("link", name=re.compile(OVERDUE))
    expect(overdue.first).to_be_visible()
    a11y(page)
    screenshot("home")

    overdue.first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(r"Recommendation ")
    )
    expect(page.get_by_text(OVERDUE).first).to_be_visible()
    expect(action_status(page, ACTION)).to_have_text("In progress")
    a11y(page)
    screenshot("recommendation")

    loads.clear()
    card = action_card(page, ACTION)
    card.locator("summary", has_text=UPDATE_STATUS).click()  # opens the details
    card.get_by_label("Done", exact=True).check()
    card.get_by_role("button", name=UPDATE_STATUS, exact=True).click()
    expect(action_status(page, ACTION)).to_have_text("Done")
    if javascript:
        assert loads == [], "htmx should update the action in place"
    else:
        assert loads, "without JavaScript the form posts and the page reloads"
        expect(success_banner(page)).to_be_visible()
    expect(timeline(page)).to_contain_text(
        "Action status changed from In progress to Done"
    )
    a11y(page)
    screenshot("action-done")

    # Sent empty first: the error, then the same form corrected and sent again.
    form_with_button(page, ADD_NOTE).get_by_role("button", name=ADD_NOTE).click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("progress note")
    expect(page).to_have_title(re.compile(r"^Error: "))  # htmx's swap sets it too
    note_form = form_with_button(page, ADD_NOTE)
    note_form.get_by_label("Write a progress note").fill(NOTE)
    note_form.get_by_role("button", name=ADD_NOTE).click()
    expect(timeline(page).locator(".app-timeline")).to_contain_text(NOTE)
    expect(page).to_have_title(re.compile(r"^Recommendation "))  # and clears it
    a11y(page)
    screenshot("note-added")

    page.get_by_role("link", name=ADD_EVIDENCE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ADD_EVIDENCE)
    evidence_form = form_with_button(page, ADD_EVIDENCE)
    evidence_form.get_by_label("Describe the evidence").fill(EVIDENCE)
    evidence_form.get_by_label("Upload a file").set_input_files(
        {"name": "audit.pdf", "mimeType": "application/pdf", "buffer": DEMO_PDF}
    )
    a11y(page)
    screenshot("evidence-form")
    evidence_form.get_by_role("button", name=ADD_EVIDENCE).click()
    expect(success_banner(page)).to_be_in_viewport()  # at the top, where it lands
    evidence = page.get_by_role("region", name="Evidence")
    expect(evidence).to_contain_text(EVIDENCE)
    expect(evidence.get_by_role("link", name="Download audit.pdf")).to_be_visible()
    a11y(page)
    screenshot("evidence-added")

    page.get_by_role("button", name=MARK_IMPLEMENTED).click()
    expect(success_banner(page)).to_be_visible()
    expect(page.locator(".govuk-tag", has_text="Implemented").first).to_be_visible()
    a11y(page)
    screenshot("implemented")

    story = timeline(page)
    for text in [
        NOTE,
        EVIDENCE,
        "Recommendation status changed from In progress to Implemented",
        "by Olu Officer",
    ]:
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

    card = action_card(page, ACTION)
    tab_to(page, card.locator("summary", has_text=UPDATE_STATUS))
    page.keyboard.press("Enter")
    radios = card.get_by_role("radio")
    tab_to(page, radios.first)
    arrow_to(page, card.get_by_label("Done", exact=True))
    tab_to(page, card.get_by_role("button", name=UPDATE_STATUS, exact=True))
    page.keyboard.press("Enter")
    expect(action_status(page, ACTION)).to_have_text("Done")
    screenshot("action-done")

    note_form = form_with_button(page, ADD_NOTE)
    tab_to(page, note_form.get_by_label("Write a progress note"))
    page.keyboard.type(NOTE)
    tab_to(page, note_form.get_by_role("button", name=ADD_NOTE))
    page.keyboard.press("Enter")
    expect(timeline(page).locator(".app-timeline")).to_contain_text(NOTE)
    screenshot("note-added")

    tab_to(page, page.get_by_role("link", name=ADD_EVIDENCE), limit=60)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(ADD_EVIDENCE)
    tab_to(page, page.get_by_label("Describe the evidence"))
    page.keyboard.type(EVIDENCE)
    # Playwright asks the browser for file-chooser events without waiting for the
    # answer, so a key pressed at once can open the chooser before they are on
    # (a flaky "filechooser" timeout). Listening from here, before the Tabs, makes
    # sure they are on by the time Space is pressed.
    page.on("filechooser", lambda _chooser: None)
    tab_to(page, page.get_by_label("Upload a file"))
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(
        {"name": "audit.pdf", "mimeType": "application/pdf", "buffer": DEMO_PDF}
    )
    tab_to(page, page.get_by_role("button", name=ADD_EVIDENCE))
    screenshot("evidence-form")
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Download audit.pdf")).to_be_visible()
    screenshot("evidence-added")

    tab_to(page, page.get_by_role("button", name=MARK_IMPLEMENTED), limit=80)
    page.keyboard.press("Enter")
    expect(success_banner(page)).to_be_visible()
    expect(page.locator(".govuk-tag", has_text="Implemented").first).to_be_visible()
    screenshot("implemented")
    assert (
        Recommendation.objects.get(text__startswith=OVERDUE).status
        == RecommendationStatus.IMPLEMENTED
    )


@pytest.mark.parametrize("url_name", ["dashboard", "recommendations:my_actions"])
def test_officer_pages_reflow_at_320_pixels(narrow_page, screenshot, url_name):
    signin(narrow_page, "officer")

    narrow_page.goto(reverse(url_name))
    assert not scrolls_sideways(narrow_page)
    check_a11y(narrow_page)
    screenshot("narrow", narrow_page)
