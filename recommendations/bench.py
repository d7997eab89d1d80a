"""Server-side latency of the everyday pages, against whatever DATABASE_URL says.

Each page is requested in-process through Django's test client (the full middleware
stack and templates, no network), after warm-up, and timed; the query count comes
from the database connection itself. The lower bound is the overdue page's data
fetched by one hand-written SQL statement, so the ratio says what the ORM, the
templates and the scoping cost on top of the database's own work.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import timezone

from inspections.choices import Role
from inspections.models import Authority, Membership
from recommendations.models import Action, Recommendation

REGIONAL_MANAGER = "bench-regional-manager"


@dataclass
class PageResult:
    p50_ms: float
    p95_ms: float
    queries: int

    def as_dict(self) -> dict:
        return {
            "p50_ms": round(self.p50_ms, 2),
            "p95_ms": round(self.p95_ms, 2),
            "queries": self.queries,
        }


def _percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def time_request(client: Client, url: str, *, warmup: int, requests: int) -> PageResult:
    for _ in range(warmup):
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
    samples = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        samples.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return PageResult(
        statistics.median(samples),
        _percentile(samples, 0.95),
        len(queries.captured_queries),
    )


def lower_bound_sql(user_id: int, today, limit: int) -> tuple[str, list]:
    """The overdue page's rows in one statement, scoped as visible_to() scopes."""
    return (
        """
        SELECT r.id, r.reference, r.text, r.timescale, r.original_due_date,
               r.due_date, r.status, i.id, i.title, a.name, t.name
        FROM recommendations_recommendation r
        JOIN inspections_inspection i ON i.id = r.inspection_id
        JOIN inspections_authority a ON a.id = i.authority_id
        LEFT JOIN recommendations_team t ON t.id = r.team_id
        WHERE i.authority_id IN (SELECT authority_id FROM inspections_membership
                                 WHERE user_id = %s)
          AND r.status IN ('open', 'in_progress') AND r.due_date < %s
        ORDER BY r.due_date ASC, r.id ASC
        LIMIT %s
        """,
        [user_id, today, limit],
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
    """A regional manager of every authority, and one officer with actions."""
    User = get_user_model()
    manager, _ = User.objects.get_or_create(username=REGIONAL_MANAGER)
    have = set(
        Membership.objects.filter(user=manager).values_list("authority_id", flat=True)
    )
    Membership.objects.bulk_create(
        Membership(user=manager, authority_id=pk, role=Role.MANAGER)
        for pk in Authority.objects.exclude(pk__in=have).values_list("pk", flat=True)
    )
    officer_id = (
        Action.objects.filter(owner__memberships__role=Role.OFFICER)
        .values_list("owner_id", flat=True)
        .first()
    )
    officer = User.objects.get(pk=officer_id) if officer_id else None
    return manager, officer


def page_urls(manager, officer) -> dict[str, tuple[object, Callable[[], str]]]:
    """Page name -> (user, URL builder). Builders raise NoReverseMatch if absent."""
    visible = Recommendation.objects.visible_to(manager)
    team_id = (
        visible.overdue().values_list("team_id", flat=True).order_by("team_id").first()
    )
    rec_id = visible.order_by("-pk").values_list("pk", flat=True).first()
    return {
        "overdue": (manager, lambda: reverse("recommendations:overdue")),
        "overdue_filtered": (
            manager,
            lambda: (
                reverse("recommendations:overdue")
                + f"?team={team_id}&sort=-days_overdue"
            ),
        ),
        "due_soon": (manager, lambda: reverse("recommendations:due_soon")),
        "dashboard": (manager, lambda: reverse("dashboard")),
        "officer_home": (officer, lambda: reverse("dashboard")),
        "recommendation": (
            manager,
            lambda: reverse("recommendations:recommendation_detail", args=[rec_id]),
        ),
        "export_csv": (
            manager,
            lambda: (
                reverse("recommendations:recommendation_list")
                + "?_export=csv&per_page=5000"
            ),
        ),
        "api_list": (manager, lambda: _existing_path("/api/recommendations/")),
    }


def _existing_path(path: str) -> str:
    try:
        resolve(path)
    except Resolver404 as error:
        raise NoReverseMatch(path) from error
    return path


def run(*, warmup: int = 5, requests: int = 30) -> dict:
    manager, officer = bench_users()
    clients: dict[int, Client] = {}
    pages, skipped = {}, {}
    for name, (user, build) in page_urls(manager, officer).items():
        if user is None:
            skipped[name] = "no officer with actions in this database"
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
    lower = time_lower_bound(manager.pk, warmup=warmup, requests=requests, limit=50)
    overdue_p50 = pages.get("overdue", {}).get("p50_ms")
    return {
        "rows": {
            "recommendations": Recommendation.objects.count(),
            "actions": Action.objects.count(),
        },
        "database": "postgresql" if connection.vendor == "postgresql" else "sqlite",
        "pages": pages,
        "skipped": skipped,
        "lower_bound_ms": round(lower, 2),
        "ratio": round(overdue_p50 / lower, 2) if overdue_p50 and lower else None,
        "debug": settings.DEBUG,
    }
