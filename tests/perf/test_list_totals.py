"""The lists' totals ("N recommendations", the API's `count`) come from the status
tallies when the only filters are status and authority (recommendations.tallies.
total): they must be what counting the rows gives, for every filter, on both the
page and the API, and a list the tallies cannot count must still count its rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inspections.choices import Role
from recommendations import tallies
from recommendations.choices import RecommendationStatus as Status
from recommendations.choices import Timescale
from tests.api.conftest import client_for
from tests.factories import (
    AuthorityFactory,
    InspectionFactory,
    MembershipFactory,
    RecommendationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PAST = datetime.date(2020, 1, 31)
FUTURE = timezone.localdate() + datetime.timedelta(days=365)
LIST = "recommendations:recommendation_list"
API_LIST = "api:recommendation-list"


@pytest.fixture
def world():
    """A manager of two authorities; a third they cannot see. Each authority has
    recommendations in several statuses and timescales, some overdue."""
    mine, also_mine, theirs = (AuthorityFactory() for _ in range(3))
    manager = UserFactory()
    for authority in (mine, also_mine):
        MembershipFactory(user=manager, authority=authority, role=Role.MANAGER)
    rows = []  # (authority, status, timescale, overdue)
    for authority, statuses in (
        (mine, [Status.OPEN] * 3 + [Status.IN_PROGRESS, Status.IMPLEMENTED]),
        (also_mine, [Status.OPEN, Status.IN_PROGRESS, Status.IN_PROGRESS]),
        (theirs, [Status.OPEN] * 4),
    ):
        inspection = InspectionFactory(authority=authority)
        for n, status in enumerate(statuses):
            timescale = Timescale.IMMEDIATE if n % 2 else Timescale.THREE_MONTHS
            overdue = n == 0
            due = PAST if overdue else FUTURE
            extra = {"original_due_date": due, "due_date": due}
            if status == Status.IMPLEMENTED:
                extra["implemented_on"] = datetime.date(2026, 1, 1)
            RecommendationFactory(
                inspection=inspection, status=status, timescale=timescale, **extra
            )
            rows.append((authority, status, timescale, overdue))
    return {"manager": manager, "mine": mine, "also_mine": also_mine, "rows": rows}


def expected(world, *, statuses=(), authority=None, timescale=None) -> int:
    """Counted here from what the fixture made, independently of the code."""
    return sum(
        1
        for row_authority, status, row_timescale, _ in world["rows"]
        if row_authority in (world["mine"], world["also_mine"])
        and (not statuses or status in statuses)
        and (authority is None or row_authority == authority)
        and (timescale is None or row_timescale == timescale)
    )


def counts_recommendation_rows(queries) -> bool:
    return any(
        q["sql"].startswith("SELECT COUNT(*)")
        and "recommendations_recommendation" in q["sql"]
        for q in queries.captured_queries
    )


FILTERS = [
    # (query, expected's arguments, counted by the tallies)
    ({}, {}, True),
    ({"status": [Status.OPEN]}, {"statuses": [Status.OPEN]}, True),
    (
        {"status": [Status.OPEN, Status.IMPLEMENTED]},
        {"statuses": [Status.OPEN, Status.IMPLEMENTED]},
        True,
    ),
    ({"authority": "mine"}, {"authority": "mine"}, True),
    (
        {"authority": "also_mine", "status": [Status.IN_PROGRESS]},
        {"authority": "also_mine", "statuses": [Status.IN_PROGRESS]},
        True,
    ),
    (
        {"timescale": Timescale.IMMEDIATE},
        {"timescale": Timescale.IMMEDIATE},
        False,
    ),
]


def resolve(world, params: dict, arguments: dict):
    params, arguments = dict(params), dict(arguments)
    if "authority" in params:
        params["authority"] = world[params["authority"]].pk
        arguments["authority"] = world[arguments["authority"]]
    return params, arguments


@pytest.mark.parametrize(
    ("params", "arguments", "tallied"),
    # Filters left empty, as the page's own form sends them, filter nothing.
    [*FILTERS, ({"q": "", "team": "", "due_after": ""}, {}, True)],
)
def test_the_list_page_total_is_the_number_of_rows(
    client, world, params, arguments, tallied
):
    params, arguments = resolve(world, params, arguments)
    client.force_login(world["manager"])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(LIST), params)
    assert response.status_code == 200
    total = expected(world, **arguments)
    table = response.context["table"]
    assert table.paginator.count == total
    assert len(list(table.paginated_rows)) == total
    assert f"{total} recommendation" in response.content.decode()
    assert counts_recommendation_rows(queries) is not tallied


@pytest.mark.parametrize(("params", "arguments", "tallied"), FILTERS)
def test_the_api_count_is_the_number_of_rows(world, params, arguments, tallied):
    params, arguments = resolve(world, params, arguments)
    api = client_for(world["manager"])
    with CaptureQueriesContext(connection) as queries:
        response = api.get(reverse(API_LIST), params)
    assert response.status_code == 200
    total = expected(world, **arguments)
    assert response.json()["count"] == total
    assert len(response.json()["results"]) == total
    assert counts_recommendation_rows(queries) is not tallied


def test_the_api_counts_several_authorities_at_once(world):
    api = client_for(world["manager"])
    response = api.get(
        reverse(API_LIST), {"authority": [world["mine"].pk, world["also_mine"].pk]}
    )
    assert response.json()["count"] == expected(world) == 8


def test_the_api_notes_of_a_recommendation_count_the_notes(world):
    """The recommendation list's total must not leak into a nested list."""
    recommendation = world["mine"].inspections.first().recommendations.first()
    response = client_for(world["manager"]).get(
        reverse("api:recommendation-notes", args=[recommendation.pk])
    )
    assert response.json()["count"] == 0


@pytest.mark.parametrize(
    ("name", "rows"),
    [
        ("recommendations:overdue", 2),
        ("recommendations:due_soon", 0),  # FUTURE is a year away
        ("recommendations:no_deadline", 0),
    ],
)
def test_a_preset_list_counts_its_own_rows(client, world, name, rows):
    """A preset narrows the visible rows further: the tallies cannot say."""
    overdue = sum(
        1
        for authority, status, _, late in world["rows"]
        if late
        and status in (Status.OPEN, Status.IN_PROGRESS)
        and authority in (world["mine"], world["also_mine"])
    )
    assert overdue == 2
    client.force_login(world["manager"])
    table = client.get(reverse(name)).context["table"]
    assert table.paginator.count == len(list(table.paginated_rows)) == rows


def test_a_filter_the_tallies_do_not_hold_is_not_counted_by_them(world):
    cleaned = {
        "status": [Status.OPEN],
        "q": "",
        "team": None,
        "timescale": Timescale.THREE_MONTHS,
    }
    assert tallies.total(world["manager"], cleaned) is None
    assert tallies.total(world["manager"], {"status": [], "q": ""}) == 8
    assert tallies.total(UserFactory(), {}) == 0  # no authority: nothing visible


@pytest.mark.parametrize("name", [LIST, "recommendations:overdue"])
def test_an_export_reads_its_rows_once_and_counts_nothing(client, world, name):
    client.force_login(world["manager"])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(name), {"_export": "csv"})
        b"".join(response.streaming_content)
    reads = [
        q["sql"]
        for q in queries.captured_queries
        if "recommendations_recommendation" in q["sql"]
        and "recommendations_statustally" not in q["sql"]
    ]
    assert len(reads) == 1, reads
    assert not reads[0].startswith("SELECT COUNT(*)")
