"""Page titles say which recommendation a page is about, and what it does to it:
two recommendation 1s of different inspections must not share a title."""

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    ActionFactory,
    EvidenceFactory,
    InspectionFactory,
    RecommendationFactory,
)

SUFFIX = " – Improvement Tracker"


def title_of(response) -> str:
    match = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)
    return unescape(match.group(1))


@pytest.fixture
def rec(inspection, team):
    return RecommendationFactory(inspection=inspection, team=team, reference="1")


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


def test_recommendation_pages_of_two_inspections_have_different_titles(
    officer_client, rec, authority, team
):
    later = InspectionFactory(authority=authority, title="Focused visit")
    namesake = RecommendationFactory(inspection=later, team=team, reference="1")

    first = title_of(officer_client.get(rec.get_absolute_url()))
    second = title_of(officer_client.get(namesake.get_absolute_url()))

    assert first == f"Recommendation 1, {rec.inspection}{SUFFIX}"
    assert second == f"Recommendation 1, {later}{SUFFIX}"
    assert first != second


def test_a_recommendation_without_a_reference_is_titled_by_its_number(
    officer_client, inspection, team
):
    rec = RecommendationFactory(inspection=inspection, team=team, reference="")
    title = title_of(officer_client.get(rec.get_absolute_url()))
    assert title == f"Recommendation {rec.pk}, {inspection}{SUFFIX}"


@pytest.mark.parametrize(
    ("url", "doing"),
    [
        (
            lambda r, a, e: reverse("recommendations:action_add", args=[r.pk]),
            "Add an action",
        ),
        (
            lambda r, a, e: reverse("recommendations:action_edit", args=[a.pk]),
            "Edit action",
        ),
        (
            lambda r, a, e: reverse("recommendations:action_status", args=[a.pk]),
            "Update action status",
        ),
        (
            lambda r, a, e: reverse("recommendations:note_add", args=[r.pk]),
            "Add a progress note",
        ),
        (
            lambda r, a, e: reverse("recommendations:evidence_add", args=[r.pk]),
            "Add evidence",
        ),
        (
            lambda r, a, e: reverse("recommendations:evidence_withdraw", args=[e.pk]),
            "Withdraw evidence",
        ),
        (
            lambda r, a, e: reverse(
                "recommendations:recommendation_mark_implemented", args=[r.pk]
            ),
            "Mark as implemented",
        ),
    ],
    ids=[
        "action-add",
        "action-edit",
        "action-status",
        "note",
        "evidence",
        "withdraw",
        "implemented",
    ],
)
def test_an_edit_page_names_what_it_edits(officer_client, officer, rec, url, doing):
    action = ActionFactory(recommendation=rec, owner=officer, team=rec.team)
    evidence = EvidenceFactory(recommendation=rec, added_by=officer)

    response = officer_client.get(url(rec, action, evidence))

    assert response.status_code == 200
    assert title_of(response) == f"{doing}: recommendation 1, {rec.inspection}{SUFFIX}"


def test_the_due_date_and_reopen_pages_name_the_recommendation(
    manager_client, inspection, team
):
    live = RecommendationFactory(inspection=inspection, team=team, reference="4")
    closed = RecommendationFactory(
        inspection=inspection, team=team, reference="5", closed=True
    )

    due_date = manager_client.get(
        reverse("recommendations:recommendation_revise_due_date", args=[live.pk])
    )
    reopen = manager_client.get(
        reverse("recommendations:recommendation_reopen", args=[closed.pk])
    )

    assert title_of(due_date) == (
        f"Change the due date: recommendation 4, {inspection}{SUFFIX}"
    )
    assert title_of(reopen) == f"Reopen recommendation 5, {inspection}{SUFFIX}"


def test_an_edit_page_with_errors_keeps_the_error_prefix(officer_client, rec):
    response = officer_client.post(
        reverse("recommendations:note_add", args=[rec.pk]), {}
    )
    assert response.status_code == 200
    assert title_of(response) == (
        f"Error: Add a progress note: recommendation 1, {rec.inspection}{SUFFIX}"
    )


def test_the_title_reads_the_inspection_the_page_already_loaded(officer_client, rec):
    officer_client.get(rec.get_absolute_url())  # the session, warmed
    with CaptureQueriesContext(connection) as queries:
        officer_client.get(reverse("recommendations:evidence_add", args=[rec.pk]))
    inspection_reads = [
        q["sql"] for q in queries if 'FROM "inspections_inspection"' in q["sql"]
    ]
    assert inspection_reads == []


def test_inspection_and_review_pages_name_the_council(client, manager, inspection):
    client.force_login(manager)
    detail = title_of(
        client.get(reverse("inspections:inspection_detail", args=[inspection.pk]))
    )
    assert detail == f"{inspection}, {inspection.authority}{SUFFIX}"
    review = title_of(client.get(reverse("inspections:closeout", args=[inspection.pk])))
    assert review == (
        f"Review earlier recommendations at {inspection}, {inspection.authority}"
        f"{SUFFIX}"
    )


def test_a_lists_later_pages_say_which_page(client, manager, inspection):
    RecommendationFactory.create_batch(3, inspection=inspection, overdue=True)
    client.force_login(manager)
    url = reverse("recommendations:overdue")
    assert title_of(client.get(url, {"per_page": 2})) == (
        f"Overdue recommendations (page 1 of 2){SUFFIX}"
    )
    assert title_of(client.get(url, {"per_page": 2, "page": 2})) == (
        f"Overdue recommendations (page 2 of 2){SUFFIX}"
    )
    assert title_of(client.get(url)) == f"Overdue recommendations{SUFFIX}"


def test_any_error_message_prefixes_the_title_once(rf, manager):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.template.loader import render_to_string

    request = rf.get("/")
    request.user = manager
    html = render_to_string(
        "base.html",
        {
            "messages": [
                Message(constants.SUCCESS, "Saved"),
                Message(constants.ERROR, "Select at least one"),
                Message(constants.ERROR, "And another"),
            ],
            "DEFAULT_MESSAGE_LEVELS": constants.DEFAULT_LEVELS,
        },
        request=request,
    )
    assert re.search(r"<title>Error: Home – Improvement Tracker</title>", html)
