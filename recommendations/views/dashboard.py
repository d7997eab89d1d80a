"""The manager's dashboard: headline counts and charts from three GROUP BY queries.

The counts are the list pages' conditions (open_q, overdue_q, due_within_q and the
status) counted, so a number on the dashboard is always the length of the list it
links to. To stay fast at national scale nothing is counted once per figure:
live_groups() counts the live recommendations per (owning team, timescale), reading
the covering index rec_dash_live without touching the table; the figures over every
recommendation ever made (implemented, closed, on time, the month chart) are sums of
the per-authority tallies the database keeps (recommendations/tallies.py), because
counting 100,000 rows on every view is too slow. Each figure is a sum of groups.
"""

from __future__ import annotations

import datetime
from collections import Counter

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.views.generic import TemplateView

from inspections.models import Inspection
from recommendations import charts
from recommendations.choices import RecommendationStatus, Timescale
from recommendations.deadlines import add_months
from recommendations.mixins import ManagerRequiredMixin
from recommendations.models import MonthTally, Recommendation, StatusTally
from recommendations.querysets import due_within_q, overdue_q

OPEN = charts.Series("Open", "")
OVERDUE = charts.Series("Overdue", "red")
DUE = charts.Series("Due", "grey")
IMPLEMENTED = charts.Series("Implemented", "green")
MONTHS_BACK, MONTHS_AHEAD = 12, 6
NO_TEAM = "No owning team"


def rows(condition: Q | None = None) -> Count:
    """COUNT of the rows (meeting `condition`). It counts inspection_id, never null,
    because it is in the covering index rec_dash_live: COUNT(id) would read the
    table."""
    return Count("inspection", filter=condition)


def visible_recommendations(user):
    """Recommendation.objects.visible_to(user), as `inspection_id IN (the visible
    inspections)`: one semi-join on a few hundred ids, where visible_to joins the
    inspection and the membership to every row."""
    return Recommendation.objects.filter(
        inspection__in=Inspection.objects.visible_to(user)
    )


def month_window(today: datetime.date) -> list[datetime.date]:
    """The first day of each month the month chart shows."""
    this_month = today.replace(day=1)
    return [
        add_months(this_month, n) for n in range(-MONTHS_BACK + 1, MONTHS_AHEAD + 1)
    ]


def live_groups(visible, today: datetime.date, days: int):
    """[(team name, timescale, open, overdue, due soon)] for live recommendations."""
    return (
        visible.open()
        .order_by()
        .values("team__name", "timescale")
        .annotate(
            open=rows(),
            overdue=rows(overdue_q(today)),
            due_soon=rows(due_within_q(days, today)),
        )
        .values_list("team__name", "timescale", "open", "overdue", "due_soon")
    )


def status_totals(user) -> dict[str, tuple[int, int, int]]:
    """{status: (recommendations, implemented on time, late)} over every visible
    recommendation ever made, from the tallies (recommendations/tallies.py)."""
    return {
        status: (n, in_time, late)
        for status, n, in_time, late in StatusTally.objects.visible_to(user)
        .order_by()
        .values("status")
        .annotate(n=Sum("recommendations"), early=Sum("on_time"), lag=Sum("late"))
        .values_list("status", "n", "early", "lag")
    }


def month_totals(user, months: list[datetime.date]) -> dict[datetime.date, tuple]:
    """{first of month: (due, implemented)} for the chart's months, from the tallies."""
    return {
        month: (due, implemented)
        for month, due, implemented in MonthTally.objects.visible_to(user)
        .filter(month__range=(months[0], months[-1]))
        .order_by()
        .values("month")
        .annotate(due_sum=Sum("due"), implemented_sum=Sum("implemented"))
        .values_list("month", "due_sum", "implemented_sum")
    }


def team_chart(live) -> charts.Chart:
    figures: dict[str, Counter] = {}
    for name, _, open_, overdue, _ in live:
        figures.setdefault(name or NO_TEAM, Counter()).update(
            open=open_, overdue=overdue
        )
    return charts.horizontal_bars(
        title="Open and overdue recommendations by owning team",
        series=(OPEN, OVERDUE),
        rows=[(name, (c["open"], c["overdue"])) for name, c in sorted(figures.items())],
    )


def timescale_chart(live) -> charts.Chart:
    figures: dict[str, Counter] = {}
    for _, timescale, open_, overdue, _ in live:
        figures.setdefault(timescale, Counter()).update(open=open_, overdue=overdue)
    return charts.horizontal_bars(
        title="Open and overdue recommendations by timescale",
        series=(OPEN, OVERDUE),
        rows=[
            (label, (figures[value]["open"], figures[value]["overdue"]))
            for value, label in Timescale.choices
            if value in figures
        ],
    )


def month_chart(totals, months: list[datetime.date]) -> charts.Chart:
    """Due (current due date) and implemented per month. Months are named with
    their year in full: "Jan 26" reads as 26 January."""
    return charts.columns(
        title=f"Recommendations due and implemented per month, {months[0]:%B %Y} to "
        f"{months[-1]:%B %Y}",
        series=(DUE, IMPLEMENTED),
        rows=[(f"{m:%B %Y}", totals.get(m, (0, 0))) for m in months],
        short_labels=[f"{m:%b %Y}" for m in months],
    )


def on_time(statuses) -> dict:
    """Implemented on or before the original due date, out of all implemented."""
    in_time = sum(row[1] for row in statuses.values())
    late = sum(row[2] for row in statuses.values())
    total = in_time + late
    return {
        "total": total,
        "on_time": in_time,
        "late": late,
        "percent": round(100 * in_time / total) if total else None,
        "chart": charts.horizontal_bars(
            title="Recommendations implemented on time and late (against the "
            "original due date)",
            series=(IMPLEMENTED,),
            rows=[("On time", (in_time,)), ("Late", (late,))],
        ),
    }


def headline_counts(live, statuses) -> dict[str, int]:
    """The five counts: the live ones from live_groups(), the rest by status."""
    return {
        "open": sum(row[2] for row in live),
        "overdue": sum(row[3] for row in live),
        "due_soon": sum(row[4] for row in live),
        "implemented": statuses.get(RecommendationStatus.IMPLEMENTED, (0,))[0],
        "closed": statuses.get(RecommendationStatus.CLOSED, (0,))[0],
    }


class ManagerDashboardView(ManagerRequiredMixin, TemplateView):
    """Reached at URL name `dashboard` (HomeView) by managers."""

    template_name = "recommendations/manager_dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        days = settings.DUE_SOON_DAYS
        months = month_window(today)
        user = self.request.user
        live = list(live_groups(visible_recommendations(user), today, days))
        statuses = status_totals(user)
        context.update(
            today=today,
            due_soon_days=days,
            counts=headline_counts(live, statuses),
            team_chart=team_chart(live),
            timescale_chart=timescale_chart(live),
            month_chart=month_chart(month_totals(user, months), months),
            on_time=on_time(statuses),
        )
        return context
