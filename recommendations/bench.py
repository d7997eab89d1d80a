"""Server-side latency of the everyday pages, against whatever DATABASE_URL says.

Each page is requested in-process through Django's test client (the full middleware
stack and templates, no network), after warm-up, and timed (wall clock, and the
process's CPU time, steadier on a shared machine); the query count comes from the
database connection itself. The lower bound is the overdue page's data (the rows it
shows with their progress and last update, and the total it shows) fetched by one
hand-written SQL statement, the fastest we could write, so the ratio says what the
ORM, the forms, the templates and the middleware cost on top of the database's own
work.
"""

from __future__ import annotations

import csv
import gc
import io
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from config.startup import freeze_startup_objects
from inspections.choices import Role
from inspections.models import Authority, Membership
from recommendations.models import Action, Recommendation

REGIONAL_MANAGER = "bench-regional-manager"
PAGE_ROWS = 50  # the lists' page size (RecommendationListView.table_pagination)


@dataclass
class PageResult:
    p50_ms: float
    p95_ms: float
    queries: int
    cpu_p50_ms: float
    rows: int | None = None  # data rows in a CSV answer

    def as_dict(self) -> dict:
        figures = {
            "p50_ms": round(self.p50_ms, 2),
            "p95_ms": round(self.p95_ms, 2),
            "cpu_p50_ms": round(self.cpu_p50_ms, 2),
            "queries": self.queries,
        }
        if self.rows is not None:
            figures["rows"] = self.rows
        return figures


def _percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def time_request(client: Client, url: str, *, warmup: int, requests: int) -> PageResult:
    for _ in range(warmup):
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
    samples, cpu = [], []
    for _ in range(requests):
        started, cpu_started = time.perf_counter(), time.process_time()
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        samples.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        body = b"".join(response) if response.streaming else response.content
    rows = None
    if response["Content-Type"].startswith("text/csv"):
        rows = len(list(csv.reader(io.StringIO(body.decode())))) - 1
    return PageResult(
        statistics.median(samples),
        _percentile(samples, 0.95),
        len(queries.captured_queries),
        statistics.median(cpu),
        rows,
    )


def lower_bound_sql(user_id: int, today, limit: int) -> tuple[str, list]:
    """The overdue page's data in one statement, scoped as visible_to() scopes.

    Every column the page shows: the recommendation, its inspection's name, team and
    lead, its action counts and last update (its Activity row) and the total the
    page prints above the table. Written the fastest way we know: the page's rows
    are picked first (a materialised CTE, read in due-date order and stopped at the
    page's end), joined to what they show, and the total is one uncorrelated
    subquery, counted once.
    """
    overdue = """
        FROM recommendations_recommendation r
        JOIN inspections_inspection i ON i.id = r.inspection_id
        WHERE i.authority_id IN (SELECT authority_id FROM inspections_membership
                                 WHERE user_id = %s)
          AND r.status IN ('open', 'in_progress') AND r.due_date < %s"""
    # The only text put into the statement is the constant FROM ... WHERE above.
    return (
        f"""
        WITH page AS MATERIALIZED (
            SELECT r.id, r.reference, r.text, r.timescale, r.original_due_date,
                   r.due_date, r.status, r.inspection_id, r.team_id, r.owner_id
            {overdue}
            ORDER BY r.due_date ASC, r.id ASC
            LIMIT %s
        )
        SELECT p.id, p.reference, p.text, p.timescale, p.original_due_date,
               p.due_date, p.status, i.id, i.title, i.kind, i.published_on,
               i.ended_on, i.started_on, t.name, u.first_name, u.last_name,
               u.username, a.actions_total, a.actions_done, a.last_update,
               (SELECT count(*) {overdue})
        FROM page p
        JOIN inspections_inspection i ON i.id = p.inspection_id
        JOIN recommendations_activity a ON a.recommendation_id = p.id
        LEFT JOIN recommendations_team t ON t.id = p.team_id
        LEFT JOIN auth_user u ON u.id = p.owner_id
        ORDER BY p.due_date ASC, p.id ASC
        """,  # noqa: S608
        [user_id, today, limit, user_id, today],
    )


def time_lower_bound(user_id: int, *, warmup: int, requests: int, limit: int) -> float:
    sql, params = lower_bound_sql(user_id, timezone.localdate(), limit)
    samples = []
    for n in range(warmup + requests):
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            cursor.fetchall()
        if n >= warmup:
            samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def bench_users():
    """A regional manager of every authority, a manager of one, and an officer.

    The regional manager's scope covers all the data; the single-authority manager
    is the everyday case (a head of service in one council).
    """
    User = get_user_model()
    regional, _ = User.objects.get_or_create(username=REGIONAL_MANAGER)
    have = set(
        Membership.objects.filter(user=regional).values_list("authority_id", flat=True)
    )
    added = Membership.objects.bulk_create(
        Membership(user=regional, authority_id=pk, role=Role.MANAGER)
        for pk in Authority.objects.exclude(pk__in=have).values_list("pk", flat=True)
    )
    if added and connection.vendor == "postgresql":
        # Without fresh statistics the planner takes the new manager for a member of
        # one authority and plans the scoping join for a handful of rows.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE inspections_membership")
    local_id = (
        Membership.objects.filter(role=Role.MANAGER)
        .exclude(user=regional)
        .values_list("user_id", flat=True)
        .order_by("pk")
        .first()
    )
    officer_id = (
        Action.objects.filter(owner__memberships__role=Role.OFFICER)
        .values_list("owner_id", flat=True)
        .first()
    )
    return Users(
        regional=regional,
        local=User.objects.filter(pk=local_id).first() if local_id else None,
        officer=User.objects.filter(pk=officer_id).first() if officer_id else None,
    )


@dataclass
class Users:
    regional: object
    local: object | None
    officer: object | None


EXPORT_ROWS = 5000
DEEP_PAGE = 1000


def page_urls(users: Users) -> dict[str, tuple[object, Callable[[], str]]]:
    """Page name -> (user, URL builder). Builders raise NoReverseMatch if absent."""
    manager = users.regional
    visible = Recommendation.objects.visible_to(manager)
    team_id = (
        visible.overdue().values_list("team_id", flat=True).order_by("team_id").first()
    )
    rec_id = visible.order_by("-pk").values_list("pk", flat=True).first()
    # The due date by which EXPORT_ROWS recommendations fall due: the list filtered
    # "due on or before" it exports that many rows (a few more on a tied date).
    dated = visible.filter(due_date__isnull=False).order_by("due_date", "pk")
    export_before = dated.values_list("due_date", flat=True)[
        EXPORT_ROWS - 1 : EXPORT_ROWS
    ].first()
    export = reverse("recommendations:recommendation_list") + "?_export=csv"
    if export_before:  # else fewer rows than that: export them all
        export += f"&due_before={export_before:%Y-%m-%d}"
    overdue = reverse("recommendations:overdue")
    deep_page = f"?page={max(1, min(DEEP_PAGE, visible.count() // PAGE_ROWS))}"
    return {
        "overdue": (manager, lambda: overdue),
        # django-tables2's "sort" parameter; days_overdue sorts by due date, so
        # "-days_overdue" is most overdue first.
        "overdue_filtered": (
            manager,
            lambda: f"{overdue}?team={team_id}&sort=-days_overdue",
        ),
        "due_soon": (manager, lambda: reverse("recommendations:due_soon")),
        # Every visible recommendation, unfiltered: its total comes from the tallies.
        "all_recommendations": (
            manager,
            lambda: reverse("recommendations:recommendation_list"),
        ),
        # Sorted by a column of codes, in its declared order (an indexed CASE).
        "all_recommendations_by_status": (
            manager,
            lambda: reverse("recommendations:recommendation_list") + "?sort=status",
        ),
        "dashboard": (manager, lambda: reverse("dashboard")),
        "officer_home": (users.officer, lambda: reverse("dashboard")),
        "recommendation": (
            manager,
            lambda: reverse("recommendations:recommendation_detail", args=[rec_id]),
        ),
        "export_csv": (manager, lambda: export),
        "api_list": (manager, lambda: reverse("api:recommendation-list")),
        # Far into the lists (page 1000, or the last): the page's ids are read
        # first (recommendations/pagination.py). And the log of every change.
        "all_recommendations_deep": (
            manager,
            lambda: reverse("recommendations:recommendation_list") + deep_page,
        ),
        "api_list_deep": (
            manager,
            lambda: reverse("api:recommendation-list") + deep_page,
        ),
        "audit_log": (manager, lambda: reverse("audit_log")),
        "overdue_one_authority": (users.local, lambda: overdue),
        "due_soon_one_authority": (
            users.local,
            lambda: reverse("recommendations:due_soon"),
        ),
        "dashboard_one_authority": (users.local, lambda: reverse("dashboard")),
        # The accessibility statement: the layout, the session and the signed-in
        # user with no data, the floor under every page above.
        "layout": (manager, lambda: reverse("accessibility")),
    }


def time_pages(users: Users, *, warmup: int, requests: int, only=None):
    """{page: figures} for every page (or those in `only`), and {page: why not}
    for those that could not be timed."""
    clients: dict[int, Client] = {}
    pages, skipped = {}, {}
    for name, (user, build) in page_urls(users).items():
        if only and name not in only:
            continue
        if user is None:
            skipped[name] = "no such user in this database"
            continue
        try:
            url = build()
        except NoReverseMatch:
            skipped[name] = "page not found in this version"
            continue
        client = clients.get(user.pk)
        if client is None:
            client = clients[user.pk] = Client()
            client.force_login(user)
        count = max(5, requests // 3) if name == "export_csv" else requests
        pages[name] = time_request(client, url, warmup=warmup, requests=count).as_dict()
    return pages, skipped


def run(*, warmup: int = 5, requests: int = 30, only=None) -> dict:
    """Time every page (or the ones named in `only`) and the lower bounds."""
    users = bench_users()
    freeze_startup_objects()  # as a server process does (config/wsgi.py)
    try:
        pages, skipped = time_pages(users, warmup=warmup, requests=requests, only=only)
    finally:
        gc.unfreeze()  # this process may go on (the test suite does)
    lower = time_lower_bound(
        users.regional.pk, warmup=warmup, requests=requests, limit=PAGE_ROWS
    )
    result = {
        "rows": {
            "recommendations": Recommendation.objects.count(),
            "actions": Action.objects.count(),
        },
        "database": "postgresql" if connection.vendor == "postgresql" else "sqlite",
        "pages": pages,
        "skipped": skipped,
        "lower_bound_ms": round(lower, 2),
        "ratio": _ratio(pages, "overdue", lower),
        "debug": settings.DEBUG,
    }
    if users.local is not None:
        local = time_lower_bound(
            users.local.pk, warmup=warmup, requests=requests, limit=PAGE_ROWS
        )
        result["lower_bound_one_authority_ms"] = round(local, 2)
        result["ratio_one_authority"] = _ratio(pages, "overdue_one_authority", local)
    return result


def _ratio(pages: dict, name: str, lower: float) -> float | None:
    p50 = pages.get(name, {}).get("p50_ms")
    return round(p50 / lower, 2) if p50 and lower else None


PLAN_PAGES = ("overdue", "overdue_one_authority", "dashboard", "api_list")


def write_plans(directory) -> list[str]:
    """EXPLAIN ANALYZE of every statement some pages run, one file per page, in the
    order the page runs them (docs/plans/). PostgreSQL only: SQLite's plans say
    little. Returns the files written."""
    from pathlib import Path

    if connection.vendor != "postgresql":
        raise RuntimeError("query plans are written for PostgreSQL only")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    users = bench_users()
    written = []
    for name, (user, build) in page_urls(users).items():
        if name not in PLAN_PAGES or user is None:
            continue
        client = Client()
        client.force_login(user)
        url = build()
        client.get(url)  # warm: the session and caches, as in the timed runs
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        lines = [
            f"# {name}: GET {url}",
            "# EXPLAIN ANALYZE of each statement the page runs, in the order it runs",
            f"# them ({Recommendation.objects.count():,} recommendations; "
            "written by `manage.py bench --plans`).",
            "",
        ]
        with connection.cursor() as cursor:
            for query in queries.captured_queries:
                sql = query["sql"]
                if not sql.lstrip().upper().startswith("SELECT"):
                    continue
                # The statement is one the page itself just ran, as the driver sent it.
                cursor.execute("EXPLAIN ANALYZE " + sql)
                lines += [f"-- {sql}", *(row[0] for row in cursor.fetchall()), ""]
        path = directory / f"{name}.txt"
        path.write_text("\n".join(lines))
        written.append(str(path))
    return written
