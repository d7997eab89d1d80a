"""The inspection page: judgements, and its recommendations' progress."""

import pytest
from django.urls import reverse

from recommendations import services
from recommendations.choices import Outcome, Timescale
from tests.factories import (
    ActionFactory,
    JudgementFactory,
    RecommendationFactory,
    TeamFactory,
)


def url(inspection):
    return reverse("inspections:inspection_detail", args=[inspection.pk])


@pytest.fixture
def report(inspection):
    JudgementFactory(
        inspection=inspection,
        area="Overall effectiveness",
        grade="Requires improvement to be good",
        tier="requires_improvement",
    )
    immediate = [
        RecommendationFactory(inspection=inspection, overdue=True),
        RecommendationFactory(inspection=inspection, implemented=True, overdue=True),
    ]
    ActionFactory(recommendation=immediate[0], done=True)
    ActionFactory(recommendation=immediate[0])
    six_months = [
        RecommendationFactory(
            inspection=inspection, timescale=Timescale.SIX_MONTHS, implemented=True
        ),
        RecommendationFactory(inspection=inspection, timescale=Timescale.SIX_MONTHS),
        RecommendationFactory(inspection=inspection, timescale=Timescale.SIX_MONTHS),
    ]
    return immediate, six_months


def test_anonymous_users_are_sent_to_sign_in(client, inspection):
    response = client.get(url(inspection))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_another_authoritys_inspection_is_not_found(client, outsider, inspection):
    client.force_login(outsider)
    assert client.get(url(inspection)).status_code == 404


def test_officers_and_managers_see_the_inspection(client, officer, manager, report):
    for user in (officer, manager):
        client.force_login(user)
        assert client.get(url(report[0][0].inspection)).status_code == 200


def test_summary_line_counts_implemented_and_overdue(client, officer, report):
    client.force_login(officer)
    response = client.get(url(report[0][0].inspection))
    assert response.context["summary"] == {
        "total": 5,
        "implemented": 2,
        "overdue": 1,
        "closed": 0,
    }
    assert b"2 of 5 implemented or met, 1 overdue" in response.content


def test_a_recommendation_met_without_being_marked_implemented_counts_as_done(
    client, manager, report
):
    """A manager may close one as met on a recorded decision, with no evidence
    marked first: the progress counts it. A verdict undone by reopening does not."""
    inspection = report[0][0].inspection
    met, undone = report[1][1], report[1][2]
    for recommendation in (met, undone):
        services.record_closeout(
            recommendation=recommendation, outcome=Outcome.MET, user=manager
        )
    services.reopen_recommendation(recommendation=undone, reason="Wrong", user=manager)
    client.force_login(manager)
    response = client.get(url(inspection))
    assert response.context["summary"]["implemented"] == 3
    assert b"3 of 5 implemented or met" in response.content
    assert b"2 of 3 implemented or met" in response.content  # within 6 months


def test_progress_is_grouped_by_timescale_in_report_order(client, officer, report):
    client.force_login(officer)
    response = client.get(url(report[0][0].inspection))
    groups = [
        (g["label"], g["implemented"], g["total"])
        for g in response.context["timescale_groups"]
    ]
    assert groups == [("Immediately", 1, 2), ("Within 6 months", 1, 3)]
    assert b"1 of 2 implemented or met" in response.content
    assert b"1 of 3 implemented or met" in response.content


def test_each_recommendation_shows_its_actions_progress(client, officer, report):
    client.force_login(officer)
    response = client.get(url(report[0][0].inspection))
    assert b"1 of 2 actions done" in response.content


def test_judgements_show_the_grade_as_written(client, officer, report):
    client.force_login(officer)
    response = client.get(url(report[0][0].inspection))
    assert b"Requires improvement to be good" in response.content
    assert b"Overall effectiveness" in response.content


@pytest.mark.parametrize("count", [20, 40])
def test_inspection_page_queries_do_not_grow_with_rows(
    client, officer, inspection, authority, count, django_assert_max_num_queries
):
    for _ in range(count):
        recommendation = RecommendationFactory(
            inspection=inspection, team=TeamFactory(authority=authority)
        )
        ActionFactory(recommendation=recommendation)
    client.force_login(officer)
    # 9 for the page, 4 for the close-out panel (three lists and the role check)
    with django_assert_max_num_queries(13):
        response = client.get(url(inspection))
    assert len(response.context["recommendations"]) == count
