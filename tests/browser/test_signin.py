"""Signing in, for every role, with a mouse, a keyboard, or no JavaScript; the
pages anyone can reach; and reflow at 320 CSS pixels."""

import pytest
from playwright.sync_api import expect

from recommendations.demo import demo_password
from recommendations.models import Recommendation
from tests.browser.helpers import (
    check_a11y,
    focus_is_visible,
    scrolls_sideways,
    signin,
    tab_to,
)

OVERDUE_DEMO_TEXT = "The timeliness of strategy meetings"


def test_officer_signs_in_and_sees_the_overdue_recommendation_at_home(page, screenshot):
    page.goto("/")
    expect(page).to_have_url("/accounts/login/?next=/")
    check_a11y(page)
    screenshot("sign-in")

    signin(page, "officer")

    expect(page.get_by_text("Signed in as Olu Officer")).to_be_visible()
    expect(page.get_by_role("link", name=OVERDUE_DEMO_TEXT)).to_be_visible()
    check_a11y(page)
    screenshot("home")


def test_manager_signs_in_and_sees_the_home_page(page, screenshot):
    signin(page, "manager")

    expect(page).to_have_url("/")
    expect(page.get_by_text("Signed in as Morgan Manager")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Admin")).to_have_count(0)
    check_a11y(page)
    screenshot("home")


def test_administrator_signs_in_and_is_offered_the_admin(page, screenshot):
    signin(page, "admin")

    expect(page.get_by_text("Signed in as Ada Admin")).to_be_visible()
    expect(page.get_by_role("link", name="Admin")).to_be_visible()
    check_a11y(page)
    screenshot("home")


def test_wrong_password_shows_an_error_summary_that_takes_focus(page, screenshot):
    signin_page = "/accounts/login/"
    page.goto(signin_page)
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password", exact=True).fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter a correct username and password")
    expect(summary).to_be_focused()
    expect(page).to_have_title("Error: Sign in – Improvement Tracker")
    check_a11y(page)
    screenshot("error")


def test_keyboard_only_sign_in_keeps_focus_visible(page, screenshot):
    page.goto("/accounts/login/")

    username = page.get_by_label("Username")
    tab_to(page, username)
    page.keyboard.type("officer")
    screenshot("username-focused")
    page.keyboard.press("Tab")
    assert focus_is_visible(page)
    expect(page.get_by_label("Password", exact=True)).to_be_focused()
    page.keyboard.type(demo_password())
    page.keyboard.press("Enter")

    expect(page.get_by_text("Signed in as Olu Officer")).to_be_visible()
    expect(page).to_have_url("/")
    screenshot("home")


def test_skip_link_is_the_first_stop_and_moves_to_the_main_content(page):
    page.goto("/accounts/login/")
    page.keyboard.press("Tab")

    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    expect(page).to_have_url("/accounts/login/#main-content")


def test_sign_in_works_with_javascript_disabled(new_context, screenshot):
    context = new_context(java_script_enabled=False)
    page = context.new_page()

    signin(page, "officer")

    expect(page).to_have_url("/")
    expect(page.locator("body")).not_to_have_class("js-enabled")
    expect(page.get_by_role("link", name=OVERDUE_DEMO_TEXT)).to_be_visible()
    screenshot("home-without-javascript", page)


def test_accessibility_statement_is_public_and_states_the_standard(page, screenshot):
    page.goto("/")
    page.get_by_role("link", name="Accessibility statement").click()

    expect(page).to_have_url("/accessibility/")
    expect(
        page.get_by_role("heading", name="Accessibility statement for Improvement")
    ).to_be_visible()
    expect(
        page.get_by_text("Web Content Accessibility Guidelines version 2.2")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="How we test this service")).to_be_visible()
    check_a11y(page)
    screenshot("statement")


@pytest.mark.parametrize(
    "path", ["/accounts/login/", "/accessibility/", "/accounts/password_reset/"]
)
def test_public_pages_reflow_at_320_pixels(narrow_page, screenshot, path):
    narrow_page.goto(path)

    assert not scrolls_sideways(narrow_page)
    check_a11y(narrow_page)
    screenshot("narrow", narrow_page)


def test_signed_in_pages_reflow_at_320_pixels(narrow_page, screenshot):
    recommendation = Recommendation.objects.get(text__startswith=OVERDUE_DEMO_TEXT)
    signin(narrow_page, "officer")

    for step, path in [
        ("home", "/"),
        ("recommendation", recommendation.get_absolute_url()),
        ("inspection", recommendation.inspection.get_absolute_url()),
    ]:
        narrow_page.goto(path)
        assert not scrolls_sideways(narrow_page), path
        check_a11y(narrow_page)
        screenshot(step, narrow_page)
