"""axe on the pages no journey walks through, as each role meets them, and the error
summary of every form taking focus when the form comes back with errors."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from inspections.models import Inspection
from recommendations.choices import RecommendationStatus
from recommendations.demo import DEMO_AUTHORITY, TRAFFORD
from recommendations.models import Recommendation
from tests.browser.helpers import check_a11y, open_import_review, signin


def overdue():
    manager = get_user_model().objects.get(username="manager")
    return Recommendation.objects.visible_to(manager).overdue().order_by("pk")


def later_trafford_inspection():
    return Inspection.objects.filter(authority__name=TRAFFORD).latest("published_on")


def closed():
    return Recommendation.objects.filter(status=RecommendationStatus.CLOSED).first()


def bulk_assign_url():
    pks = "&".join(f"pk={pk}" for pk in overdue().values_list("pk", flat=True)[:2])
    return f"{reverse('recommendations:bulk_assign')}?{pks}"


PAGES = {
    "my-actions": lambda: reverse("recommendations:my_actions"),
    "due-soon": lambda: reverse("recommendations:due_soon"),
    "no-deadline": lambda: reverse("recommendations:no_deadline"),
    "inspections": lambda: reverse("inspections:inspection_list"),
    "inspection": lambda: later_trafford_inspection().get_absolute_url(),
    "closeout-review": lambda: reverse(
        "inspections:closeout", args=[later_trafford_inspection().pk]
    ),
    "reopen": lambda: reverse(
        "recommendations:recommendation_reopen", args=[closed().pk]
    ),
    "revise-due-date": lambda: reverse(
        "recommendations:recommendation_revise_due_date", args=[overdue().first().pk]
    ),
    "bulk-assign": bulk_assign_url,
    "import-report": lambda: reverse("inspections:import_report"),
    "not-found": lambda: reverse("recommendations:recommendation_detail", args=[0]),
}

# (who, page, the status they get): officers meet the 403 page on managers' pages.
VISITS = [
    ("manager", "my-actions", 200),
    ("manager", "due-soon", 200),
    ("manager", "no-deadline", 200),
    ("manager", "inspections", 200),
    ("manager", "inspection", 200),
    ("manager", "closeout-review", 200),
    ("manager", "reopen", 200),
    ("manager", "revise-due-date", 200),
    ("manager", "bulk-assign", 200),
    ("manager", "import-report", 403),
    ("manager", "not-found", 404),
    ("officer", "my-actions", 200),
    ("officer", "due-soon", 403),
    ("officer", "inspections", 200),
    ("officer", "inspection", 200),
    ("officer", "closeout-review", 403),
    ("officer", "revise-due-date", 403),
    ("officer", "not-found", 404),
]


@pytest.mark.parametrize(
    ("username", "name", "status"),
    VISITS,
    ids=[f"{username}-{name}" for username, name, _ in VISITS],
)
def test_every_page_has_no_axe_violations(page, screenshot, username, name, status):
    signin(page, username)

    response = page.goto(PAGES[name]())

    assert response.status == status
    heading = page.get_by_role("heading", level=1)
    if status == 403:
        expect(heading).to_have_text("You do not have permission to do this")
    elif status == 404:
        expect(heading).to_have_text("Page not found")
    else:
        expect(heading).to_be_visible()
    check_a11y(page)
    screenshot(name)


def test_import_review_page_has_no_axe_violations(page, screenshot):
    signin(page, "admin")
    open_import_review(page)
    check_a11y(page)
    screenshot("review")


# (who, page, the button pressed with nothing filled in, the error it shows).
EMPTY_FORMS = [
    ("manager", "revise-due-date", "Change due date", "Enter the reason"),
    ("manager", "bulk-assign", "Confirm change", "Choose a new owning team"),
    ("manager", "reopen", "Reopen recommendation", "Enter why this recommendation"),
    ("admin", "import-report", "Read the report", "Select the report's file"),
]


@pytest.mark.parametrize(
    ("username", "name", "button", "error"),
    EMPTY_FORMS,
    ids=[name for _, name, _, _ in EMPTY_FORMS],
)
def test_error_summary_takes_focus_and_names_the_problem(
    page, screenshot, username, name, button, error
):
    signin(page, username)
    page.goto(PAGES[name]())

    page.get_by_role("button", name=button, exact=True).click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(error)
    expect(page).to_have_title(re.compile(r"^Error: "))
    check_a11y(page)
    screenshot("error")


def test_error_summary_swapped_in_by_htmx_takes_focus(page, screenshot):
    recommendation = Recommendation.objects.filter(
        inspection__authority__name=DEMO_AUTHORITY, team__name="Front Door"
    ).first()
    signin(page, "officer")
    page.goto(recommendation.get_absolute_url())

    page.get_by_role("button", name="Add note").click()

    summary = page.get_by_role("region", name="Timeline").locator(
        ".govuk-error-summary"
    )
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter your progress note")
    check_a11y(page)
    screenshot("note-error")
