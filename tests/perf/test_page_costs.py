"""What keeps the everyday pages fast at national scale (docs/performance.md)."""

import datetime

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inspections.choices import Role
from recommendations.api import filters as api_filters
from recommendations.choices import ActionStatus, Timescale
from recommendations.filters import ChoicesInPythonSelect, RecommendationFilterSet
from recommendations.models import Recommendation
from tests.factories import (
    ActionFactory,
    InspectionFactory,
    MembershipFactory,
    RecommendationFactory,
    UserFactory,
)

TODAY = timezone.localdate()


def overdue(inspection, n):
    return RecommendationFactory(
        inspection=inspection,
        timescale=Timescale.IMMEDIATE,
        original_due_date=TODAY - datetime.timedelta(days=n + 1),
    )


@pytest.mark.django_db
def test_the_overdue_list_counts_its_rows_without_grouping_or_annotations(
    client, manager, inspection
):
    for n in range(60):
        ActionFactory(recommendation=overdue(inspection, n))
    client.force_login(manager)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("recommendations:overdue"))
    assert response.context["table"].paginator.count == 60
    (count,) = [q["sql"] for q in queries if q["sql"].startswith("SELECT COUNT(*)")]
    assert "GROUP BY" not in count
    assert "recommendations_action" not in count
    assert "recommendations_note" not in count


@pytest.mark.django_db
def test_the_status_filter_reads_rows_without_distinct(client, manager, inspection):
    """DISTINCT made the database compute every matching row's annotations."""
    open_ones = [overdue(inspection, n) for n in range(3)]
    RecommendationFactory(inspection=inspection, implemented=True)
    client.force_login(manager)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(
            reverse("recommendations:recommendation_list"), {"status": "open"}
        )
    listed = [row.record.pk for row in response.context["table"].paginated_rows]
    assert sorted(listed) == sorted(r.pk for r in open_ones)
    assert not [q for q in queries if q["sql"].startswith("SELECT DISTINCT")]


@pytest.mark.django_db
def test_action_counts_match_the_actions(inspection):
    rec = overdue(inspection, 1)
    ActionFactory(recommendation=rec, status=ActionStatus.DONE, completed_on=TODAY)
    ActionFactory(recommendation=rec, status=ActionStatus.BLOCKED)
    ActionFactory(recommendation=rec, status=ActionStatus.CANCELLED)
    bare = overdue(inspection, 2)
    rows = {r.pk: r for r in Recommendation.objects.with_progress()}
    assert (
        rows[rec.pk].actions_total,
        rows[rec.pk].actions_done,
        rows[rec.pk].actions_blocked,
    ) == (2, 1, 1)
    assert (rows[bare.pk].actions_total, rows[bare.pk].actions_done) == (0, 0)


@pytest.mark.django_db
def test_the_dashboard_reads_recommendations_once_and_the_tallies_once_each(
    client, manager, inspection
):
    overdue(inspection, 3)
    client.force_login(manager)
    client.get(reverse("dashboard"))  # the session and the like, once
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("dashboard"))
    reading = [
        q["sql"] for q in queries if "recommendations_recommendation" in q["sql"]
    ]
    tallies = [q["sql"] for q in queries if "tally" in q["sql"]]
    assert len(reading) == 1
    assert len(tallies) == 2
    for sql in reading + tallies:
        assert "GROUP BY" in sql
    for sql in reading:
        # Scoped by inspection id, not by joining inspection and membership per row,
        # and no column outside the covering indexes (COUNT(id) would read the table).
        assert "inspections_inspection" in sql
        assert 'JOIN "inspections_inspection"' not in sql
        assert '"recommendations_recommendation"."id"' not in sql
    assert response.context["counts"]["overdue"] == 1


def test_the_quick_select_writes_every_option_escaped_with_the_choice_selected():
    widget = ChoicesInPythonSelect(
        choices=[("", "Any team"), (1, "Care & Leavers"), (2, "<Front door>")]
    )
    html = widget.render("team", "2", {"id": "id_team", "class": "govuk-select"})
    assert html.startswith('<select name="team" class="govuk-select" id="id_team">')
    assert '<option value="">Any team</option>' in html
    assert '<option value="1">Care &amp; Leavers</option>' in html
    assert '<option value="2" selected>&lt;Front door&gt;</option>' in html


@pytest.mark.django_db
def test_the_team_filter_offers_the_managers_teams(client, manager, team):
    client.force_login(manager)
    html = client.get(reverse("recommendations:overdue")).content.decode()
    assert f'<option value="{team.pk}">{team.name}</option>' in html


def test_table_cells_merge_the_govuk_class_with_their_own_attributes():
    html = Template(
        '{% load govuk_tables %}<td {% govuk_attrs "govuk-table__cell" attrs %}>'
    ).render(
        Context({"attrs": {"class": "numeric", "data-x": '"q"', "th": {}, "id": None}})
    )
    assert html == '<td class="govuk-table__cell numeric" data-x="&quot;q&quot;">'


@pytest.mark.django_db
def test_a_single_authority_manager_sees_only_their_overdue_rows(client):
    mine, theirs = InspectionFactory(), InspectionFactory()
    manager = UserFactory()
    MembershipFactory(user=manager, authority=mine.authority, role=Role.MANAGER)
    kept, hidden = overdue(mine, 1), overdue(theirs, 1)
    client.force_login(manager)
    rows = client.get(reverse("recommendations:overdue")).context["table"].data
    assert [r.pk for r in rows] == [kept.pk] and hidden.pk != kept.pk


@pytest.mark.django_db
@pytest.mark.parametrize(
    "search",
    [RecommendationFilterSet.search, api_filters.RecommendationFilterSet.filter_q],
)
def test_free_text_search_can_use_the_trigram_indexes(search):
    """Migration 0008's indexes serve the lists' and the API's search only while
    Django writes it as UPPER(column) LIKE UPPER(...): check the SQL they build."""
    if connection.vendor != "postgresql":
        pytest.skip("the search indexes are PostgreSQL's (pg_trgm)")
    found = search(None, Recommendation.objects.all(), "q", "zebra")
    sql, params = found.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        # No table or plain index scans left: the search's own indexes, or nothing.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Bitmap Index Scan on rec_text_trgm" in plan, plan
    assert "Seq Scan" not in plan, plan


@pytest.mark.django_db
@pytest.mark.parametrize(
    "sort, index",
    [
        ("status", "rec_status_order"),
        ("-timescale", "rec_timescale_order"),
        ("", "rec_due"),  # the default: due date (no date last), then id
        ("-due_date", "rec_due"),
    ],
)
def test_sorting_by_status_timescale_or_due_date_reads_its_index(
    client, manager, inspection, sort, index
):
    """The lists' ORDER BY must be what an index holds (migration 0014's
    expressions; rec_due's due date, no date last, then id), or PostgreSQL sorts
    every visible row (0.1-0.5 s at national scale) instead of reading a page in
    order. With sorting priced out, the plan shows which it can do."""
    if connection.vendor != "postgresql":
        pytest.skip("the plan is PostgreSQL's")
    RecommendationFactory(inspection=inspection)
    client.force_login(manager)
    url = reverse("recommendations:recommendation_list")
    table = client.get(url, {"sort": sort}).context["table"]
    sql, params = table.data.data.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert f"using {index}" in plan, plan  # forwards or backwards
    assert "Sort" not in plan, plan
