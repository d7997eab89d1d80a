import datetime

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.throttling import UserRateThrottle

from inspections.choices import Role
from inspections.models import Inspection
from recommendations.choices import ActionStatus, RecommendationStatus
from recommendations.models import Note, Recommendation
from tests.api.conftest import client_for
from tests.factories import (
    ActionFactory,
    InspectionFactory,
    JudgementFactory,
    MembershipFactory,
    RecommendationFactory,
    TeamFactory,
    UserFactory,
)


@pytest.fixture
def rec(inspection, team):
    return RecommendationFactory(inspection=inspection, team=team)


@pytest.fixture
def foreign_rec(other_authority):
    return RecommendationFactory(
        inspection=InspectionFactory(authority=other_authority)
    )


@pytest.fixture
def team_action(rec):
    return ActionFactory(recommendation=rec)


def ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


# Authentication and scoping ---------------------------------------------------

LISTS = [
    "api:authority-list",
    "api:inspection-list",
    "api:recommendation-list",
    "api:action-list",
]


@pytest.mark.parametrize("name", LISTS)
def test_anonymous_requests_get_401_with_the_error_body(api, name):
    response = api.get(reverse(name))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {
        "status": 401,
        "code": "not_authenticated",
        "detail": "Authentication credentials were not provided.",
    }


def test_too_many_requests_get_429_with_when_to_try_again(
    manager_api, officer_api, monkeypatch
):
    """Counted per person: one runaway script does not stop anyone else."""
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "3/minute"})
    url = reverse("api:recommendation-list")
    assert [manager_api.get(url).status_code for _ in range(3)] == [200] * 3
    refused = manager_api.get(url)
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert refused.json()["code"] == "throttled"
    assert officer_api.get(url).status_code == 200


def test_with_the_cache_down_the_api_still_answers_and_says_why_in_the_log(
    manager_api, unreachable_cache, caplog
):
    response = manager_api.get(reverse("api:recommendation-list"))
    assert response.status_code == 200
    assert "API rate not counted: the cache is unreachable" in caplog.text


def test_a_wrong_token_gets_401(api, db):
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = api.get(reverse("api:recommendation-list"))
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


@pytest.mark.parametrize("name", LISTS)
def test_lists_hold_only_the_users_authorities(
    officer_api, name, rec, foreign_rec, team_action
):
    ActionFactory(recommendation=foreign_rec)
    JudgementFactory(inspection=rec.inspection)
    JudgementFactory(inspection=foreign_rec.inspection)
    response = officer_api.get(reverse(name))
    assert response.status_code == 200
    rows = response.json()["results"]
    assert len(rows) == 1
    authority_id = rec.inspection.authority_id
    assert rows[0].get("authority", authority_id) == authority_id


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("api:authority-detail", lambda r: r.inspection.authority),
        ("api:inspection-detail", lambda r: r.inspection),
        ("api:recommendation-detail", lambda r: r),
        ("api:action-detail", lambda r: ActionFactory(recommendation=r)),
    ],
)
def test_another_authoritys_object_is_404(officer_api, rec, foreign_rec, name, make):
    assert officer_api.get(reverse(name, args=[make(rec).pk])).status_code == 200
    response = officer_api.get(reverse(name, args=[make(foreign_rec).pk]))
    assert response.status_code == 404
    assert response.json() == {
        "status": 404,
        "code": "not_found",
        "detail": "No such object, or not yours to see.",
    }


def test_a_user_with_no_authority_sees_nothing(rec):
    nobody = client_for(UserFactory(username="nobody"))
    assert nobody.get(reverse("api:recommendation-list")).json()["count"] == 0
    assert (
        nobody.get(reverse("api:recommendation-detail", args=[rec.pk])).status_code
        == 404
    )


def test_a_superuser_sees_every_authority(superuser, rec, foreign_rec):
    response = client_for(superuser).get(reverse("api:recommendation-list"))
    assert ids(response) == {rec.pk, foreign_rec.pk}


def test_session_authentication_works_and_enforces_csrf(officer, team_action):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(officer)
    assert browser.get(reverse("api:action-list")).status_code == 200
    response = browser.post(
        reverse("api:action-status", args=[team_action.pk]),
        {"status": "in_progress", "version": 1},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json()["detail"].startswith("CSRF Failed")
    team_action.refresh_from_db()
    assert team_action.status == ActionStatus.NOT_STARTED


# Reading: fields and filters ---------------------------------------------------


def test_inspections_come_with_their_judgements(officer_api, inspection):
    JudgementFactory(inspection=inspection, area="Overall effectiveness", grade="Good")
    response = officer_api.get(reverse("api:inspection-detail", args=[inspection.pk]))
    [judgement] = response.json()["judgements"]
    assert judgement["area"] == "Overall effectiveness"
    assert judgement["tier"] == "good"


def test_recommendation_shows_rag_and_progress(officer_api, inspection, team):
    rec = RecommendationFactory(inspection=inspection, team=team, overdue=True)
    ActionFactory(recommendation=rec, done=True)
    ActionFactory(recommendation=rec)
    body = officer_api.get(reverse("api:recommendation-detail", args=[rec.pk])).json()
    assert body["rag"] == "red"
    assert body["is_overdue"] is True
    assert (body["actions_done"], body["actions_total"]) == (1, 2)
    assert body["authority"] == inspection.authority_id


def test_recommendation_filters_use_the_deadline_rules(officer_api, inspection, team):
    overdue = RecommendationFactory(inspection=inspection, team=team, overdue=True)
    soon = RecommendationFactory(inspection=inspection, due_soon=True)
    none = RecommendationFactory(inspection=inspection, no_deadline=True)
    closed = RecommendationFactory(inspection=inspection, overdue=True, closed=True)
    url = reverse("api:recommendation-list")
    assert ids(officer_api.get(url, {"overdue": "true"})) == {overdue.pk}
    assert ids(officer_api.get(url, {"overdue": "false"})) == {
        soon.pk,
        none.pk,
        closed.pk,
    }
    assert ids(officer_api.get(url, {"due_within": 7})) == {soon.pk}
    assert ids(officer_api.get(url, {"due_within": 6})) == set()
    assert ids(officer_api.get(url, {"team": team.pk})) == {overdue.pk}
    assert ids(officer_api.get(url, {"status": "closed"})) == {closed.pk}
    assert ids(officer_api.get(url, {"no_deadline": "true"})) == {none.pk}
    assert ids(
        officer_api.get(url, {"authority": inspection.authority_id, "overdue": "true"})
    ) == {overdue.pk}


def test_action_filters(officer_api, officer, rec, team):
    mine = ActionFactory(recommendation=rec, owner=officer, overdue=True)
    other = ActionFactory(recommendation=rec, team=team)
    url = reverse("api:action-list")
    assert ids(officer_api.get(url, {"mine": "true"})) == {mine.pk}
    assert ids(officer_api.get(url, {"overdue": "true"})) == {mine.pk}
    assert ids(officer_api.get(url, {"due_within": 30})) == {other.pk}
    assert ids(officer_api.get(url, {"recommendation": rec.pk})) == {mine.pk, other.pk}


def test_bad_filter_values_get_400_with_errors_by_field(officer_api, other_authority):
    foreign_team = TeamFactory(authority=other_authority)
    response = officer_api.get(
        reverse("api:recommendation-list"),
        {"due_within": "-3", "status": "nonsense", "team": foreign_team.pk},
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert set(body["errors"]) == {"due_within", "status", "team"}


def test_recommendation_list_query_count_does_not_grow_with_rows(
    officer_api, inspection, team, django_assert_num_queries
):
    for _ in range(30):
        rec = RecommendationFactory(inspection=inspection, team=team)
        ActionFactory(recommendation=rec, blocked=True)
    # Token lookup, the count and the page: nothing per row, not even for the
    # RAG rating's blocked actions (read from the page's action counts).
    with django_assert_num_queries(3):
        response = officer_api.get(reverse("api:recommendation-list"))
    assert response.json()["count"] == 30
    assert len(response.json()["results"]) == 30
    assert {row["rag"] for row in response.json()["results"]} == {"amber"}


def test_recommendation_list_is_newest_inspection_first_in_report_order(
    officer_api, authority
):
    def inspection(published, ended):
        return InspectionFactory(
            authority=authority,
            started_on=datetime.date(2025, 1, 1),
            ended_on=datetime.date(2025, 1, ended),
            published_on=datetime.date(2025, 3, published),
        )

    older = inspection(published=1, ended=10)
    twin = inspection(published=1, ended=10)  # same dates: the later id first
    ended_later = inspection(published=1, ended=20)
    newer = inspection(published=2, ended=5)
    made = [
        RecommendationFactory(inspection=parent, position=position)
        for parent in (older, twin, ended_later, newer)
        for position in (2, 1, 1)
    ]
    response = officer_api.get(reverse("api:recommendation-list"))
    expected = [
        pk
        for parent in (newer, ended_later, twin, older)
        for _, pk in sorted((r.position, r.pk) for r in made if r.inspection == parent)
    ]
    assert [row["id"] for row in response.json()["results"]] == expected


def test_the_recommendation_lists_order_has_an_index(db):
    # The list reads inspections in their own order and stops at the page's end;
    # without an index in that order PostgreSQL sorts every visible recommendation.
    [index] = [
        index
        for index in Inspection._meta.indexes
        if index.name == "inspection_newest_first"
    ]
    ordering = [field.replace("pk", "id") for field in Inspection._meta.ordering]
    assert list(index.fields) == ordering
    assert Recommendation._meta.ordering[0] == "inspection"


def test_rag_in_the_list_counts_blocked_actions_only_while_live(
    officer_api, inspection
):
    live = RecommendationFactory(inspection=inspection, no_deadline=True)
    closed = RecommendationFactory(inspection=inspection, closed=True)
    untouched = RecommendationFactory(inspection=inspection, no_deadline=True)
    for rec in (live, closed):
        ActionFactory(recommendation=rec, blocked=True)
    rows = officer_api.get(reverse("api:recommendation-list")).json()["results"]
    rag = {row["id"]: row["rag"] for row in rows}
    assert rag == {live.pk: "amber", closed.pk: "green", untouched.pk: "green"}
    assert rag == {
        rec.pk: rec.rag_value
        for rec in Recommendation.objects.with_rag().filter(inspection=inspection)
    }


def test_several_values_of_a_filter_list_each_row_once(officer_api, inspection, team):
    other_team = TeamFactory(authority=inspection.authority)
    RecommendationFactory(inspection=inspection, team=team)
    RecommendationFactory(
        inspection=inspection, team=other_team, status=RecommendationStatus.IN_PROGRESS
    )
    RecommendationFactory(inspection=inspection, closed=True)
    response = officer_api.get(
        reverse("api:recommendation-list"),
        {"status": ["open", "in_progress"], "team": [team.pk, other_team.pk]},
    )
    body = response.json()
    assert body["count"] == len(body["results"]) == 2
    assert len(ids(response)) == 2


def test_pages_hold_at_most_page_size_rows(officer_api, inspection):
    RecommendationFactory.create_batch(5, inspection=inspection)
    response = officer_api.get(reverse("api:recommendation-list"), {"page_size": 2})
    body = response.json()
    assert (body["count"], len(body["results"])) == (5, 2)
    assert "page=2" in body["next"]


# Writing: action status --------------------------------------------------------


def status_url(action) -> str:
    return reverse("api:action-status", args=[action.pk])


def test_a_team_officer_moves_an_action_on(officer_api, officer, team_action):
    response = officer_api.post(
        status_url(team_action), {"status": "in_progress", "version": 1}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "in_progress"
    assert response.json()["version"] == 2
    team_action.recommendation.refresh_from_db()
    assert team_action.recommendation.status == RecommendationStatus.IN_PROGRESS
    history = team_action.history.order_by("-history_id").first()
    assert history.history_user == officer


def test_a_stale_version_gets_409_and_changes_nothing(officer_api, team_action):
    officer_api.post(
        status_url(team_action), {"status": "in_progress", "version": 1}, format="json"
    )
    response = officer_api.post(
        status_url(team_action), {"status": "done", "version": 1}, format="json"
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "conflict"
    assert "you sent version 1, it is now at version 2" in body["detail"]
    team_action.refresh_from_db()
    assert team_action.status == ActionStatus.IN_PROGRESS


def test_an_officer_cannot_change_another_teams_action(authority, rec):
    stranger = UserFactory(username="other-team-officer")
    MembershipFactory(user=stranger, authority=authority, role=Role.OFFICER)
    TeamFactory(authority=authority).members.add(stranger)
    action = ActionFactory(recommendation=rec)
    response = client_for(stranger).post(
        status_url(action), {"status": "in_progress", "version": 1}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    action.refresh_from_db()
    assert action.status == ActionStatus.NOT_STARTED


def test_an_officer_can_change_an_action_they_own_in_another_team(authority, rec):
    owner = UserFactory(username="owner")
    MembershipFactory(user=owner, authority=authority, role=Role.OFFICER)
    action = ActionFactory(recommendation=rec, owner=owner)
    response = client_for(owner).post(
        status_url(action), {"status": "in_progress", "version": 1}, format="json"
    )
    assert response.status_code == 200


def test_changing_another_authoritys_action_is_404(officer_api, foreign_rec):
    action = ActionFactory(recommendation=foreign_rec)
    response = officer_api.post(
        status_url(action), {"status": "done", "version": 1}, format="json"
    )
    assert response.status_code == 404


def test_blocking_without_a_reason_is_400_from_the_service(officer_api, team_action):
    response = officer_api.post(
        status_url(team_action), {"status": "blocked", "version": 1}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "reason": ["Enter what is blocking this action"]
    }


def test_status_needs_a_valid_status_and_version(officer_api, team_action):
    response = officer_api.post(status_url(team_action), {"status": "x"}, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"status", "version"}


def test_blocking_with_a_reason_writes_a_note(officer_api, team_action):
    response = officer_api.post(
        status_url(team_action),
        {"status": "blocked", "version": 1, "reason": "Waiting for the data team"},
        format="json",
    )
    assert response.status_code == 200
    assert Note.objects.get().body.endswith("blocked: Waiting for the data team")


# Writing: notes ---------------------------------------------------------------


def notes_url(rec) -> str:
    return reverse("api:recommendation-notes", args=[rec.pk])


def test_a_team_officer_adds_a_note(officer_api, officer, rec):
    response = officer_api.post(
        notes_url(rec), {"body": "  Audit booked for May.  "}, format="json"
    )
    assert response.status_code == 201
    note = Note.objects.get(recommendation=rec)
    assert note.body == "Audit booked for May."
    assert note.author == officer
    assert response.json()["author_name"]
    listed = officer_api.get(notes_url(rec)).json()
    assert [n["id"] for n in listed["results"]] == [note.pk]


def test_an_officer_cannot_note_another_teams_recommendation(officer_api, inspection):
    rec = RecommendationFactory(inspection=inspection, team=TeamFactory())
    response = officer_api.post(notes_url(rec), {"body": "Hello"}, format="json")
    assert response.status_code == 403
    assert not Note.objects.exists()


def test_a_manager_can_note_any_recommendation_of_their_authority(
    manager_api, inspection
):
    rec = RecommendationFactory(inspection=inspection, team=None)
    response = manager_api.post(notes_url(rec), {"body": "Board update"}, format="json")
    assert response.status_code == 201


def test_noting_another_authoritys_recommendation_is_404(officer_api, foreign_rec):
    response = officer_api.post(notes_url(foreign_rec), {"body": "x"}, format="json")
    assert response.status_code == 404


def test_an_empty_note_is_400(officer_api, rec):
    response = officer_api.post(notes_url(rec), {"body": "   "}, format="json")
    assert response.status_code == 400
    assert "body" in response.json()["errors"]


def test_reads_are_read_only(officer_api, rec):
    response = officer_api.delete(reverse("api:recommendation-detail", args=[rec.pk]))
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


# Schema and documentation ------------------------------------------------------


def test_schema_needs_authentication(api, officer_api):
    assert api.get(reverse("api:schema")).status_code == 401
    response = officer_api.get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    assert "/api/actions/{id}/status/" in response.json()["paths"]


def test_docs_page_lists_every_endpoint_for_a_signed_in_user(client, officer):
    assert client.get(reverse("api:docs")).status_code == 302
    client.force_login(officer)
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "/api/actions/{id}/status/" in content
    assert "due_within" in content
    assert "the newest inspection&#x27;s first" in content  # the list's order
    assert "<script>" not in content and "style=" not in content


def test_ids_too_big_for_the_database_are_404_or_400_not_500(officer_api):
    huge = str(2**64)
    detail = officer_api.get(f"/api/recommendations/{huge}/")
    assert detail.status_code == 404
    assert detail.json()["code"] == "not_found"
    listing = officer_api.get(reverse("api:action-list"), {"team": huge, "owner": huge})
    assert listing.status_code == 400
    assert set(listing.json()["errors"]) == {"team", "owner"}
