"""The manager's dashboard: headline counts and charts, each from one query.

The counts are the list pages' querysets (.open(), .overdue(), .due_within()) counted,
and the charts group by the same rules (overdue_q), so a number on the dashboard is
always the length of the list it links to.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Count, F, Q, Value
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.views.generic import TemplateView

from recommendations import charts
from recommendations.choices import RecommendationStatus, Timescale
from recommendations.deadlines import add_months
from recommendations.mixins import ManagerRequiredMixin
from recommendations.models import Recommendation
from recommendations.querysets import due_within_q, open_q, overdue_q

OPEN = charts.Series("Open", "")
OVERDUE = charts.Series("Overdue", "red")
DUE = charts.Series("Due", "grey")
IMPLEMENTED = charts.Series("Implemented", "green")
MONTHS_BACK, MONTHS_AHEAD = 12, 6


def headline_counts(visible, today: datetime.date, days: int) -> dict[str, int]:
    """The five counts in one pass over the rows (the lists' own conditions)."""
    return visible.aggregate(
        open=Count("pk", filter=open_q()),
        overdue=Count("pk", filter=overdue_q(today)),
        due_soon=Count("pk", filter=due_within_q(days, today)),
        implemented=Count("pk", filter=Q(status=RecommendationStatus.IMPLEMENTED)),
        closed=Count("pk", filter=Q(status=RecommendationStatus.CLOSED)),
    )


def open_and_overdue_by(visible, field: str, today: datetime.date):
    """[(value of `field`, open, overdue)] for live recommendations: one GROUP BY."""
    return list(
        visible.open()
        .order_by()
        .values(field)
        .annotate(open=Count("pk"), overdue=Count("pk", filter=overdue_q(today)))
        .values_list(field, "open", "overdue")
    )


def team_chart(visible, today: datetime.date) -> charts.Chart:
    rows = sorted(
        (name or "No owning team", (open_, overdue))
        for name, open_, overdue in open_and_overdue_by(visible, "team__name", today)
    )
    return charts.horizontal_bars(
        title="Open and overdue recommendations by owning team",
        series=(OPEN, OVERDUE),
        rows=rows,
    )


def timescale_chart(visible, today: datetime.date) -> charts.Chart:
    counts = {
        value: (open_, overdue)
        for value, open_, overdue in open_and_overdue_by(visible, "timescale", today)
    }
    rows = [
        (label, counts[value]) for value, label in Timescale.choices if value in counts
    ]
    return charts.horizontal_bars(
        title="Open and overdue recommendations by timescale",
        series=(OPEN, OVERDUE),
        rows=rows,
    )


def month_chart(visible, today: datetime.date) -> charts.Chart:
    """Due (current due date) and implemented per month, in one UNION query."""
    this_month = today.replace(day=1)
    months = [
        add_months(this_month, n) for n in range(-MONTHS_BACK + 1, MONTHS_AHEAD + 1)
    ]
    end = add_months(months[-1], 1)

    def per_month(date_field: str, kind: str):
        return (
            visible.filter(
                **{f"{date_field}__gte": months[0], f"{date_field}__lt": end}
            )
            .order_by()
            .annotate(month=TruncMonth(date_field), kind=Value(kind))
            .values("kind", "month")
            .annotate(n=Count("pk"))
            .values_list("kind", "month", "n")
        )

    found = {
        (kind, month): n
        for kind, month, n in per_month("due_date", "due").union(
            per_month("implemented_on", "implemented"), all=True
        )
    }
    rows = [
        (
            f"{month:%b %y}",
            (found.get(("due", month), 0), found.get(("implemented", month), 0)),
        )
        for month in months
    ]
    return charts.columns(
        title=f"Recommendations due and implemented per month, {months[0]:%B %Y} to "
        f"{months[-1]:%B %Y}",
        series=(DUE, IMPLEMENTED),
        rows=rows,
    )


def on_time(visible) -> dict:
    """Implemented on or before the original due date, out of all implemented."""
    figures = visible.filter(
        implemented_on__isnull=False, original_due_date__isnull=False
    ).aggregate(
        total=Count("pk"),
        on_time=Count("pk", filter=Q(implemented_on__lte=F("original_due_date"))),
    )
    total, in_time = figures["total"], figures["on_time"]
    return {
        "total": total,
        "on_time": in_time,
        "late": total - in_time,
        "percent": round(100 * in_time / total) if total else None,
        "chart": charts.horizontal_bars(
            title="Recommendations implemented on time and late (against the "
            "original due date)",
            series=(IMPLEMENTED,),
            rows=[("On time", (in_time,)), ("Late", (total - in_time,))],
        ),
    }


class ManagerDashboardView(ManagerRequiredMixin, TemplateView):
    """Reached at URL name `dashboard` (HomeView) by managers."""

    template_name = "recommendations/manager_dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        days = settings.DUE_SOON_DAYS
        visible = Recommendation.objects.visible_to(self.request.user)
        context.update(
            today=today,
            due_soon_days=days,
            counts=headline_counts(visible, today, days),
            team_chart=team_chart(visible, today),
            timescale_chart=timescale_chart(visible, today),
            month_chart=month_chart(visible, today),
            on_time=on_time(visible),
        )
        return context
