import datetime
import io

import pytest

from recommendations import bench
from recommendations.scale import Progress, generate


def small_data(**kwargs):
    """Two authorities of scale data, without the progress bars."""
    generate(
        authorities=2,
        progress=lambda total, label: Progress(total, label, stream=io.StringIO()),
        **kwargs,
    )


@pytest.mark.django_db
def test_bench_measures_pages_and_the_sql_lower_bound(settings):
    small_data(recommendations=60, seed=9, today=datetime.date(2026, 11, 23))
    result = bench.run(warmup=1, requests=3)
    assert result["rows"]["recommendations"] == 60
    assert result["pages"]["dashboard"]["queries"] > 0
    assert result["pages"]["recommendation"]["p50_ms"] > 0
    assert result["lower_bound_ms"] > 0
    assert set(result["pages"]) | set(result["skipped"]) == {
        "overdue",
        "overdue_filtered",
        "due_soon",
        "all_recommendations",
        "all_recommendations_by_status",
        "dashboard",
        "officer_home",
        "recommendation",
        "export_csv",
        "api_list",
        "all_recommendations_deep",
        "api_list_deep",
        "audit_log",
        "overdue_one_authority",
        "due_soon_one_authority",
        "dashboard_one_authority",
        "layout",
    }
    assert result["pages"]["export_csv"]["rows"] > 0
    assert result["lower_bound_one_authority_ms"] > 0


@pytest.mark.django_db
def test_lower_bound_sql_returns_the_overdue_rows_visible_to_the_user():
    from django.db import connection
    from django.utils import timezone

    from recommendations.models import Recommendation

    small_data(recommendations=80, seed=4)
    manager = bench.bench_users().regional
    sql, params = bench.lower_bound_sql(manager.pk, timezone.localdate(), 1000)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    ids = [row[0] for row in rows]
    expected = Recommendation.objects.visible_to(manager).overdue()
    assert sorted(ids) == sorted(expected.values_list("pk", flat=True))
    assert ids
    # What the page shows: action counts, and the total above the table.
    progress = {
        r.pk: (r.actions_total, r.actions_done) for r in expected.with_progress()
    }
    assert {row[0]: (row[-4], row[-3]) for row in rows} == progress
    assert {row[-1] for row in rows} == {len(ids)}


@pytest.mark.django_db
def test_bench_plans_explain_every_statement_of_the_pages_on_postgresql(tmp_path):
    from django.core.management import CommandError, call_command
    from django.db import connection

    small_data(recommendations=40, seed=5)
    if connection.vendor != "postgresql":
        with pytest.raises(CommandError, match="PostgreSQL only"):
            call_command("bench", "--plans", str(tmp_path), stdout=io.StringIO())
        return
    call_command("bench", "--plans", str(tmp_path), stdout=io.StringIO())
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        f"{name}.txt" for name in sorted(bench.PLAN_PAGES)
    ]
    dashboard = (tmp_path / "dashboard.txt").read_text()
    assert "recommendations_statustally" in dashboard
    assert dashboard.count("Execution Time:") == dashboard.count("\n-- SELECT")
