"""A page far into a long list reads its ids first, then its rows
(recommendations.pagination.ids_first): it must show exactly what reading the page
directly shows, in every order, on the lists and in the API. IDS_FIRST_FROM is set
to 0 here so that every page takes that path, and to a million for the other."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from recommendations import pagination
from tests.api.conftest import client_for
from tests.factories import ActionFactory, NoteFactory, RecommendationFactory

pytestmark = pytest.mark.django_db

DIRECT, IDS_FIRST = 10**6, 0


@pytest.fixture
def rows(inspection, team, manager):
    """Twelve recommendations: due dates that tie, actions and notes that differ."""
    base = datetime.date(2026, 1, 1)
    for n in range(12):
        due = base + datetime.timedelta(days=n // 3)  # three on each date
        rec = RecommendationFactory(
            inspection=inspection,
            team=team if n % 2 else None,
            original_due_date=due,
            due_date=due,
        )
        for trait in [{"done": True}, {"blocked": True}][: n % 3]:
            ActionFactory(recommendation=rec, owner=manager, **trait)
        if n % 4 == 0:
            NoteFactory(recommendation=rec, author=manager)


def read(monkeypatch, threshold, get):
    monkeypatch.setattr(pagination, "IDS_FIRST_FROM", threshold)
    get()  # the session's first request does more
    with CaptureQueriesContext(connection) as queries:
        response = get()
    assert response.status_code == 200
    return response, len(queries.captured_queries)


@pytest.mark.parametrize(
    "sort", ["", "-due_date", "-last_update", "actions", "team", "-status", "timescale"]
)
@pytest.mark.parametrize("page", [1, 2, 3, 99])  # 99: past the end, shows the last
def test_a_list_page_read_by_ids_first_is_the_same_page(
    client, manager, rows, monkeypatch, sort, page
):
    client.force_login(manager)
    params = {"per_page": 5, "page": page, "sort": sort}

    def get():
        return client.get(reverse("recommendations:recommendation_list"), params)

    direct, direct_queries = read(monkeypatch, DIRECT, get)
    by_ids, by_ids_queries = read(monkeypatch, IDS_FIRST, get)
    assert by_ids.context["table"].body_html() == direct.context["table"].body_html()
    assert [r.record.pk for r in by_ids.context["table"].page.object_list] == [
        r.record.pk for r in direct.context["table"].page.object_list
    ]
    assert by_ids_queries == direct_queries + 1  # the ids


@pytest.mark.parametrize("name", ["api:recommendation-list", "api:action-list"])
@pytest.mark.parametrize("page", [1, 2, 3])
def test_an_api_page_read_by_ids_first_is_the_same_page(
    manager, rows, monkeypatch, name, page
):
    api = client_for(manager)

    def get():
        return api.get(reverse(name), {"page_size": 5, "page": page})

    direct, direct_queries = read(monkeypatch, DIRECT, get)
    by_ids, by_ids_queries = read(monkeypatch, IDS_FIRST, get)
    assert by_ids.json() == direct.json()
    assert by_ids.json()["results"]
    assert by_ids_queries == direct_queries + 1


def test_a_row_deleted_between_the_two_reads_is_left_out(inspection):
    first, second = (RecommendationFactory(inspection=inspection) for _ in range(2))
    queryset = type(first).objects.filter(pk__in=[first.pk, second.pk]).order_by("pk")
    ids = queryset.values_list("pk", flat=True)
    assert [r.pk for r in pagination.ids_first(queryset, 0, 2)] == list(ids)
    second.delete()
    assert [r.pk for r in pagination.ids_first(queryset, 0, 2)] == [first.pk]
