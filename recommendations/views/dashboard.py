"""The manager's dashboard: headline counts and charts from two GROUP BY queries.

The counts are the list pages' conditions (open_q, overdue_q, due_within_q and the
status) counted, so a number on the dashboard is always the length of the list it
links to. To stay fast at national scale the rows are read twice, not once per
figure: live_groups() counts the live recommendations per (owning team, timescale)
and all_groups() counts every recommendation per (status, on time?, month due,
month implemented); each headline figure and chart bar is a sum of those groups.
Both read covering indexes (rec_dash_live, rec_dash_all) without touching the table.
"""

from __future__ import annotations

import datetime
from collections import Counter

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    ExpressionWrapper,
    F,
    Q,
    When,
)
from django.db.models.functions import Cast, TruncMonth
from django.utils import timezone
from django.views.generic import TemplateView

from inspections.models import Inspection
from recommendations import charts
from recommendations.choices import RecommendationStatus, Timescale
from recommendations.deadlines import add_months
from recommendations.mixins import ManagerRequiredMixin
from recommendations.models import Recommendation
from recommendations.querysets import due_within_q, overdue_q

OPEN = charts.Series("Open", "")
OVERDUE = charts.Series("Overdue", "red")
DUE = charts.Series("Due", "grey")
IMPLEMENTED = charts.Series("Implemented", "green")
MONTHS_BACK, MONTHS_AHEAD = 12, 6
NO_TEAM = "No owning team"


def rows(condition: Q | None = None) -> Count:
    """COUNT of the rows (meeting `condition`). It counts inspection_id, never null,
    because that is in both covering indexes: COUNT(id) would read the table."""
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


def all_groups(visible, months: list[datetime.date]):
    """[(status, on time, month due, month implemented, how many)] for every
    recommendation. `on time` is implemented_on <= original_due_date: None unless
    both dates are set. A month is None outside the chart's window."""
    end = add_months(months[-1], 1)

    def month(field: str):
        in_window = Q(**{f"{field}__gte": months[0], f"{field}__lt": end})
        # As a date: cheaper to read back than DATE_TRUNC's timestamp with time zone.
        return Cast(TruncMonth(Case(When(in_window, then=F(field)))), DateField())

    return (
        visible.order_by()
        .values(
            "status",
            on_time=ExpressionWrapper(
                Q(implemented_on__lte=F("original_due_date")),
                output_field=BooleanField(),
            ),
            due_month=month("due_date"),
            implemented_month=month("implemented_on"),
        )
        .annotate(n=rows())
        .values_list("status", "on_time", "due_month", "implemented_month", "n")
    )


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


def month_chart(groups, months: list[datetime.date]) -> charts.Chart:
    """Due (current due date) and implemented per month."""
    due, implemented = Counter(), Counter()
    for _, _, due_month, implemented_month, n in groups:
        due[due_month] += n
        implemented[implemented_month] += n
    return charts.columns(
        title=f"Recommendations due and implemented per month, {months[0]:%B %Y} to "
        f"{months[-1]:%B %Y}",
        series=(DUE, IMPLEMENTED),
        rows=[(f"{m:%b %y}", (due[m], implemented[m])) for m in months],
    )


def on_time(groups) -> dict:
    """Implemented on or before the original due date, out of all implemented."""
    figures = Counter()
    for _, in_time, _, _, n in groups:
        figures[in_time] += n
    in_time, late = figures[True], figures[False]
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


def headline_counts(live, groups) -> dict[str, int]:
    """The five counts: the live ones from live_groups(), the rest by status."""
    by_status = Counter()
    for status, _, _, _, n in groups:
        by_status[status] += n
    return {
        "open": sum(row[2] for row in live),
        "overdue": sum(row[3] for row in live),
        "due_soon": sum(row[4] for row in live),
        "implemented": by_status[RecommendationStatus.IMPLEMENTED],
        "closed": by_status[RecommendationStatus.CLOSED],
    }


class ManagerDashboardView(ManagerRequiredMixin, TemplateView):
    """Reached at URL name `dashboard` (HomeView) by managers."""

    template_name = "recommendations/manager_dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        days = settings.DUE_SOON_DAYS
        months = month_window(today)
        visible = visible_recommendations(self.request.user)
        live = list(live_groups(visible, today, days))
        groups = list(all_groups(visible, months))
        context.update(
            today=today,
            due_soon_days=days,
            counts=headline_counts(live, groups),
            team_chart=team_chart(live),
            timescale_chart=timescale_chart(live),
            month_chart=month_chart(groups, months),
            on_time=on_time(groups),
        )
        return context
