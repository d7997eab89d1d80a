"""The manager's dashboard: numbers that agree with the lists, charts with text."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from recommendations.choices import Timescale
from recommendations.models import Recommendation
from recommendations.views.dashboard import visible_recommendations
from tests.factories import (
    ActionFactory,
    InspectionFactory,
    RecommendationFactory,
    TeamFactory,
)

TODAY = timezone.localdate()


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def portfolio(inspection, team, other_authority):
    """Every state in the manager's authority, and noise in another one."""
    RecommendationFactory.create_batch(
        3, inspection=inspection, team=team, overdue=True
    )
    RecommendationFactory.create_batch(2, inspection=inspection, due_soon=True)
    RecommendationFactory(inspection=inspection, no_deadline=True)
    RecommendationFactory(
        inspection=inspection,
        implemented=True,
        timescale=Timescale.IMMEDIATE,
        original_due_date=days(-30),
        implemented_on=days(-40),
    )
    RecommendationFactory(
        inspection=inspection,
        implemented=True,
        timescale=Timescale.IMMEDIATE,
        original_due_date=days(-30),
        implemented_on=days(-3),
    )
    RecommendationFactory(inspection=inspection, closed=True)
    RecommendationFactory.create_batch(
        4, inspection=InspectionFactory(authority=other_authority), overdue=True
    )


@pytest.mark.parametrize("who", ["manager", "outsider", "superuser"])
def test_the_dashboard_scopes_rows_exactly_as_visible_to_does(request, portfolio, who):
    user = request.getfixturevalue(who)
    assert sorted(visible_recommendations(user).values_list("pk", flat=True)) == (
        sorted(Recommendation.objects.visible_to(user).values_list("pk", flat=True))
    )


def test_officers_get_their_workspace_not_the_dashboard(client, officer):
    client.force_login(officer)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    assert "counts" not in response.context


def test_managers_get_the_dashboard(client, manager):
    client.force_login(manager)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    assert response.templates[0].name == "recommendations/manager_dashboard.html"


def list_count(client, url: str) -> int:
    return client.get(url).context["table"].paginator.count


def test_headline_numbers_agree_with_the_lists(client, manager, portfolio):
    client.force_login(manager)
    counts = client.get(reverse("dashboard")).context["counts"]
    list_url = reverse("recommendations:recommendation_list")
    assert counts == {
        "open": list_count(client, f"{list_url}?status=open&status=in_progress"),
        "overdue": list_count(client, reverse("recommendations:overdue")),
        "due_soon": list_count(client, reverse("recommendations:due_soon")),
        "implemented": list_count(client, f"{list_url}?status=implemented"),
        "closed": list_count(client, f"{list_url}?status=closed"),
    }
    assert counts == {
        "open": 6,
        "overdue": 3,
        "due_soon": 2,
        "implemented": 2,
        "closed": 1,
    }


def test_team_chart_agrees_with_the_overdue_list(client, manager, portfolio, team):
    client.force_login(manager)
    chart = client.get(reverse("dashboard")).context["team_chart"]
    figures = {group.label: group.values for group in chart.groups}
    overdue_for_team = list_count(
        client, reverse("recommendations:overdue") + f"?team={team.pk}"
    )
    assert figures[team.name] == (3, overdue_for_team)
    assert figures["No owning team"] == (3, 0)


def test_on_time_rate_counts_against_the_original_due_date(client, manager, portfolio):
    client.force_login(manager)
    on_time = client.get(reverse("dashboard")).context["on_time"]
    assert (on_time["on_time"], on_time["late"], on_time["percent"]) == (1, 1, 50)


def test_on_time_rate_leaves_out_recommendations_without_a_deadline(
    client, manager, portfolio, inspection
):
    RecommendationFactory(inspection=inspection, no_deadline=True, implemented=True)
    client.force_login(manager)
    response = client.get(reverse("dashboard"))
    on_time = response.context["on_time"]
    assert (on_time["total"], on_time["on_time"], on_time["late"]) == (2, 1, 1)
    assert response.context["counts"]["implemented"] == 3


def test_month_chart_counts_due_and_implemented_per_month(client, manager, inspection):
    RecommendationFactory(
        inspection=inspection, timescale=Timescale.IMMEDIATE, original_due_date=TODAY
    )
    RecommendationFactory(
        inspection=inspection,
        implemented=True,
        timescale=Timescale.IMMEDIATE,
        original_due_date=TODAY,
        implemented_on=TODAY,
    )
    client.force_login(manager)
    chart = client.get(reverse("dashboard")).context["month_chart"]
    this_month = chart.groups[11]
    # The year in full: "Dec 26" reads as 26 December.
    assert this_month.label == f"{TODAY:%B %Y}"
    assert this_month.lines == (f"{TODAY:%b}", f"{TODAY:%Y}")
    assert this_month.values == (2, 1)
    assert len(chart.groups) == 18


def test_every_chart_has_a_text_alternative(client, manager, portfolio, team):
    client.force_login(manager)
    response = client.get(reverse("dashboard"))
    html = response.content.decode()
    assert html.count('role="img"') == 4
    assert html.count("Show the figures as a table") == 4
    assert f"{team.name}: open 3, overdue 3" in html
    assert f'<th scope="row" class="govuk-table__header">{team.name}</th>' in html


def test_months_are_named_with_their_year_in_full_drawn_table_and_words(
    client, manager, inspection
):
    """Not "Jan 26", which reads as 26 January."""
    client.force_login(manager)
    html = client.get(reverse("dashboard")).content.decode()
    month = TODAY.replace(day=1)
    labelled = html.index('aria-labelledby="chart-months-title"')
    svg = html[html.rindex("<svg", 0, labelled) :]
    svg = svg[: svg.index("</svg>")]
    # Drawn as "Dec 2026", the year under the month so labels never collide.
    assert (
        f'">{month:%b}</tspan> <tspan x="' in svg
        and f'">{month:%Y}</tspan></text>' in svg
    )
    assert f">{month:%b %y}<" not in svg
    # The text alternative and the table say the month in full.
    assert f"{month:%B %Y}: due 0, implemented 0" in svg
    assert f'<th scope="row" class="govuk-table__header">{month:%B %Y}</th>' in html
    assert f">{month:%b %y}</th>" not in html


def grow(inspection, authority, count):
    for n in range(count):
        team = TeamFactory(authority=authority)
        recommendation = RecommendationFactory(
            inspection=inspection, team=team, overdue=n % 2 == 0
        )
        ActionFactory(recommendation=recommendation)


@pytest.mark.parametrize("count", [10, 60])
def test_dashboard_queries_do_not_grow_with_rows(
    client, manager, inspection, authority, count, django_assert_num_queries
):
    grow(inspection, authority, count)
    client.force_login(manager)
    # Every figure comes from three GROUP BY queries (live_groups and the two
    # tallies); the rest are the session, the user, the memberships (one query for
    # the header and the permission checks) and the authority picker.
    with django_assert_num_queries(9):
        response = client.get(reverse("dashboard"))
    assert response.context["counts"]["open"] == count
