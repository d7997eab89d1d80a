"""Dates typed into the lists' and the audit log's filters, in a browser set to
American English (whose own date picker wrote mm/dd/yyyy), and the dashboard's
month labels, which name the year in full without running into each other."""

import datetime

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from recommendations.models import Recommendation
from tests.browser.helpers import check_a11y, focus_is_visible, signin, tab_to
from tests.browser.test_manager import APPLY_FILTERS, manager

HINT = "For example, 27/3/2026"


def test_a_manager_types_a_due_date_the_british_way_in_an_american_browser(
    new_context, screenshot
):
    page = new_context(locale="en-US").new_page()
    signin(page, "manager")
    page.goto(reverse("recommendations:recommendation_list"))
    page.get_by_text("Filter", exact=True).click()
    before = page.get_by_label("Due on or before")
    expect(before).to_have_attribute("type", "text")
    expect(before).to_have_attribute("autocomplete", "off")
    expect(page.get_by_text(HINT)).to_have_count(2)
    tab_to(page, before)  # every stop on the way shows its focus
    assert focus_is_visible(page)

    cutoff = timezone.localdate() + datetime.timedelta(days=14)
    before.fill(f"{cutoff.day}/{cutoff.month}/{cutoff.year}")
    page.get_by_role("button", name=APPLY_FILTERS).click()
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    expect(page.get_by_label("Due on or before")).to_have_value(
        f"{cutoff.day}/{cutoff.month}/{cutoff.year}"
    )
    expected = (
        Recommendation.objects.visible_to(manager())
        .filter(due_date__lte=cutoff)
        .count()
    )
    expect(page.get_by_role("main")).to_contain_text(f"{expected} recommendation")
    screenshot("filtered by a typed date", page)
    check_a11y(page)


def test_the_audit_log_reads_a_date_in_words_and_marks_one_it_cannot(page, screenshot):
    signin(page, "manager")
    page.goto(reverse("audit_log"))
    after = page.get_by_label("Changed on or after")
    expect(after).to_have_class("govuk-input govuk-input--width-10")
    expect(page.get_by_text(HINT)).to_have_count(2)

    today = timezone.localdate()
    after.fill(f"{today.day} {today:%B %Y}")
    page.get_by_role("button", name=APPLY_FILTERS).click()
    expect(page.locator(".govuk-error-summary")).to_have_count(0)

    page.get_by_label("Changed on or before").fill("31/2/2026")
    page.get_by_role("button", name=APPLY_FILTERS).click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("'Changed on or before' must be a real date")
    before = page.get_by_label("Changed on or before")
    expect(before).to_have_class("govuk-input govuk-input--width-10 govuk-input--error")
    # GOV.UK's error border: red, thicker than the usual 2px.
    assert before.evaluate("e => getComputedStyle(e).borderTopColor") == (
        "rgb(212, 53, 28)"
    )
    screenshot("a date it cannot read")
    check_a11y(page)


def test_the_month_labels_name_the_year_and_do_not_overlap(page, screenshot):
    signin(page, "manager")
    chart = page.locator("svg[aria-labelledby='chart-months-title']")
    labels = chart.locator("text:has(tspan)")
    expect(labels).to_have_count(18)
    first = timezone.localdate().replace(day=1)
    expect(labels.nth(11)).to_have_text(f"{first:%b %Y}")
    boxes = [labels.nth(n).bounding_box() for n in range(18)]
    for left, right in zip(boxes, boxes[1:], strict=False):
        assert left["x"] + left["width"] <= right["x"], (left, right)
    screenshot("month labels")
