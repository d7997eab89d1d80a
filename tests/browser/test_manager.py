"""A manager's journey: dashboard, the overdue list filtered, sorted and exported,
a due date revised with a reason, two recommendations reassigned at once."""

import csv
import datetime
import re

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from recommendations.models import Recommendation, Team
from tests.browser.helpers import (
    check_a11y,
    form_with_button,
    scrolls_sideways,
    signin,
    success_banner,
)

TEAM = "Front Door"
APPLY_FILTERS = "Apply filters"
REASSIGN = "Change owning team or lead of selected"
CONFIRM = "Confirm change"
CHANGE_DUE_DATE = "Change due date"


def manager():
    return get_user_model().objects.get(username="manager")


def overdue_for_manager():
    return Recommendation.objects.visible_to(manager()).overdue()


def column(page, heading: str) -> list[str]:
    """The cells of the list's column called `heading`, top to bottom."""
    headings = page.locator("thead th").all_inner_texts()
    index = next(i for i, text in enumerate(headings) if heading in text)
    return page.locator(f"tbody tr td:nth-child({index + 1})").all_inner_texts()


def filter_by_team(page, team: str) -> None:
    page.get_by_text("Filter", exact=True).click()  # opens the filters
    filters = form_with_button(page, APPLY_FILTERS)
    filters.get_by_label("Owning team", exact=True).select_option(label=team)
    filters.get_by_role("button", name=APPLY_FILTERS).click()


def test_manager_dashboard_shows_counts_and_charts_with_text_alternatives(
    page, screenshot
):
    signin(page, "manager")

    count = overdue_for_manager().count()
    headline = re.compile(rf"\b{count}\s+overdue|overdue\s+{count}\b", re.I)
    expect(page.get_by_role("main")).to_contain_text(headline)
    charts = page.locator(".app-chart")
    assert charts.count() > 0
    for chart in charts.all():
        assert chart.get_attribute("role") == "img"
        assert chart.locator("title").text_content().strip()
    check_a11y(page)
    screenshot("dashboard")


def test_manager_filters_sorts_and_exports_the_overdue_list(page, screenshot):
    signin(page, "manager")
    page.get_by_role("link", name="Overdue", exact=True).first.click()
    expect(page).to_have_url(reverse("recommendations:overdue"))
    expect(page.locator("tbody tr")).to_have_count(overdue_for_manager().count())
    check_a11y(page)
    screenshot("overdue")

    filter_by_team(page, TEAM)
    expect(page).to_have_url(re.compile(r"team="))
    expected = overdue_for_manager().filter(team__name=TEAM)
    expect(page.locator("tbody tr")).to_have_count(expected.count())
    check_a11y(page)
    screenshot("filtered")

    orders = []
    for direction in ("ascending", "descending"):
        page.get_by_role("link", name=re.compile("days overdue", re.I)).click()
        header = page.get_by_role("columnheader", name=re.compile("Days overdue"))
        expect(header).to_have_attribute("aria-sort", direction)
        expect(page).to_have_url(re.compile(r"team="))  # the filter is kept
        orders.append(
            [int(re.sub(r"\D", "", cell)) for cell in column(page, "overdue")]
        )
    assert orders[0] == sorted(orders[0])
    assert orders[1] == sorted(orders[0], reverse=True)
    screenshot("sorted")

    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"\bCSV\b")).click()
    assert download.value.suggested_filename.endswith(".csv")
    assert timezone.localdate().isoformat() in download.value.suggested_filename
    with open(download.value.path(), newline="", encoding="utf-8-sig") as file:
        rows = list(csv.DictReader(file))
    assert sorted(row["Ref"] for row in rows) == sorted(
        expected.values_list("reference", flat=True)
    )

    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"\bXLSX|Excel\b", re.I)).click()
    assert download.value.suggested_filename.endswith(".xlsx")
    with open(download.value.path(), "rb") as file:  # the path has no extension
        header, *body = load_workbook(file).active.iter_rows(values_only=True)
    ref = header.index("Ref")
    assert sorted(row[ref] for row in body) == sorted(
        expected.values_list("reference", flat=True)
    )


def test_manager_revises_a_due_date_with_a_reason(page, screenshot):
    recommendation = overdue_for_manager().filter(team__name=TEAM).first()
    new_due = timezone.localdate() + datetime.timedelta(days=30)
    reason = "Police partner changed; agreed at the improvement board."
    signin(page, "manager")

    page.goto(recommendation.get_absolute_url())
    page.get_by_role("link", name=CHANGE_DUE_DATE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change the due date")
    form = form_with_button(page, CHANGE_DUE_DATE)
    form.get_by_label("Day").fill(str(new_due.day))
    form.get_by_label("Month").fill(str(new_due.month))
    form.get_by_label("Year").fill(str(new_due.year))
    form.get_by_label("Reason for the change").fill(reason)
    check_a11y(page)
    screenshot("revise")
    form.get_by_role("button", name=CHANGE_DUE_DATE).click()

    expect(page).to_have_url(recommendation.get_absolute_url())
    expect(success_banner(page)).to_contain_text(
        f"Due date changed to {new_due.day} {new_due:%B %Y}"
    )
    revisions = page.get_by_role("table", name="Due date revisions")
    expect(revisions).to_contain_text(reason)
    expect(revisions).to_contain_text("Morgan Manager")
    expect(page.get_by_text(f"{new_due.day} {new_due:%B %Y} (revised)")).to_be_visible()
    recommendation.refresh_from_db()
    assert recommendation.due_date == new_due
    assert recommendation.revisions.get().reason == reason
    check_a11y(page)
    screenshot("revised")


def test_manager_reassigns_two_recommendations_at_once(page, screenshot):
    signin(page, "manager")
    page.goto(reverse("recommendations:overdue"))
    filter_by_team(page, TEAM)  # Demo Borough's two overdue recommendations
    rows = page.locator("tbody tr")
    chosen = [rows.nth(0), rows.nth(1)]
    ids = [row.get_by_role("checkbox").get_attribute("value") for row in chosen]
    for row in chosen:
        row.get_by_role("checkbox").check()
    screenshot("chosen")
    page.get_by_role("button", name=REASSIGN).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Change the owning team or lead of 2 recommendations"
    )
    chosen_refs = page.get_by_role("table", name="Recommendations to change")
    expect(chosen_refs.locator("tbody tr")).to_have_count(2)
    page.get_by_label("New owning team").select_option(
        label="Quality Assurance (Demo Borough Council)"
    )
    check_a11y(page)
    screenshot("confirm")
    page.get_by_role("button", name=CONFIRM).click()

    expect(success_banner(page)).to_be_visible()
    expect(page).to_have_url(re.compile(re.escape(reverse("recommendations:overdue"))))
    quality = Team.objects.get(name="Quality Assurance")
    assert Recommendation.objects.filter(pk__in=ids, team=quality).count() == 2
    check_a11y(page)
    screenshot("reassigned")


def test_overdue_list_reflows_at_320_pixels(narrow_page, screenshot):
    signin(narrow_page, "manager")

    narrow_page.goto(reverse("recommendations:overdue"))
    assert not scrolls_sideways(narrow_page)
    check_a11y(narrow_page)
    screenshot("narrow", narrow_page)

    # The reassign page's table of the rows ticked scrolls in its own box too.
    ids = Recommendation.objects.overdue().values_list("pk", flat=True)[:2]
    query = "&".join(f"pk={pk}" for pk in ids)
    narrow_page.goto(reverse("recommendations:bulk_assign") + "?" + query)
    assert not scrolls_sideways(narrow_page)
    check_a11y(narrow_page)
