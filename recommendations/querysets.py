"""The query vocabulary: each rule (scope, open, overdue, due soon, RAG) defined once.

Views, filters, exports, the API, reminders and the admin all call these; the
instance properties on the models answer the same questions for one object and are
tested against these so the two never disagree.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from inspections.querysets import authority_ids_for
from recommendations.choices import (
    CARRY_FORWARD_OUTCOMES,
    LIVE_STATUSES,
    OPEN_ACTION_STATUSES,
    ActionStatus,
    Rag,
    RecommendationStatus,
)


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def inspection_date(prefix: str = "") -> Coalesce:
    """An inspection's base date in SQL (Inspection.base_date in Python)."""
    return Coalesce(f"{prefix}published_on", f"{prefix}ended_on", f"{prefix}started_on")


def open_q() -> Q:
    return Q(status__in=LIVE_STATUSES)


def overdue_q(today: datetime.date) -> Q:
    return Q(status__in=LIVE_STATUSES, due_date__lt=today)


def due_within_q(days: int, today: datetime.date) -> Q:
    end = today + datetime.timedelta(days=days)
    return Q(status__in=LIVE_STATUSES, due_date__gte=today, due_date__lte=end)


NO_DUE_DATE = Q(due_date__isnull=True)
NO_TARGET_DATE = Q(target_date__isnull=True)


def action_overdue_q(today: datetime.date) -> Q:
    return Q(status__in=OPEN_ACTION_STATUSES, target_date__lt=today)


def action_due_within_q(days: int, today: datetime.date) -> Q:
    end = today + datetime.timedelta(days=days)
    return Q(
        status__in=OPEN_ACTION_STATUSES, target_date__gte=today, target_date__lte=end
    )


def deadline_group(overdue: Q, due_soon: Q, no_deadline: Q) -> models.Case:
    """Which deadline group a live row is in, as SQL: the first rule it meets, else
    "later". The rules are the querysets' own (overdue, due_within, no_deadline)."""
    return models.Case(
        models.When(overdue, then=Value("overdue")),
        models.When(due_soon, then=Value("due_soon")),
        models.When(no_deadline, then=Value("no_deadline")),
        default=Value("later"),
        output_field=models.CharField(),
    )


def _count_actions(condition: Q) -> Coalesce:
    """How many of a recommendation's actions meet `condition`, as a subquery."""
    from recommendations.models import Action

    counted = (
        Action.objects.filter(condition, recommendation=OuterRef("pk"))
        .order_by()
        .values("recommendation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0)


class RecommendationQuerySet(models.QuerySet):
    def visible_to(self, user) -> RecommendationQuerySet:
        ids = authority_ids_for(user)
        return self if ids is None else self.filter(inspection__authority_id__in=ids)

    def open(self) -> RecommendationQuerySet:
        """Still being worked on: open or in progress."""
        return self.filter(open_q())

    def overdue(self, today: datetime.date | None = None) -> RecommendationQuerySet:
        return self.filter(overdue_q(_today(today)))

    def due_within(
        self, days: int | None = None, today: datetime.date | None = None
    ) -> RecommendationQuerySet:
        days = settings.DUE_SOON_DAYS if days is None else days
        return self.filter(due_within_q(days, _today(today)))

    def no_deadline(self) -> RecommendationQuerySet:
        return self.filter(NO_DUE_DATE)

    def with_deadline_group(
        self, today: datetime.date | None = None
    ) -> RecommendationQuerySet:
        """Annotate `deadline_group`: overdue, due_soon, no_deadline or later."""
        today = _today(today)
        return self.annotate(
            deadline_group=deadline_group(
                overdue_q(today),
                due_within_q(settings.DUE_SOON_DAYS, today),
                NO_DUE_DATE,
            )
        )

    def revised(self) -> RecommendationQuerySet:
        return self.exclude(due_date=models.F("original_due_date")).filter(
            due_date__isnull=False
        )

    def carried_forward(self) -> RecommendationQuerySet:
        """Live recommendations a later inspection judged partly met or not met."""
        from recommendations.models import CloseOut

        judged = CloseOut.objects.current().filter(
            recommendation=OuterRef("pk"), outcome__in=CARRY_FORWARD_OUTCOMES
        )
        return self.open().filter(Exists(judged))

    def awaiting_verdict_from(self, inspection) -> RecommendationQuerySet:
        """Not closed, raised by an earlier inspection of the same authority, and not
        yet judged by this one: what a new inspection's close-out review lists."""
        from recommendations.models import CloseOut

        judged = CloseOut.objects.current().filter(
            recommendation=OuterRef("pk"), inspection=inspection
        )
        return (
            self.filter(inspection__authority_id=inspection.authority_id)
            .exclude(status=RecommendationStatus.CLOSED)
            .alias(raised_on=inspection_date("inspection__"))
            .filter(raised_on__lt=inspection.base_date)
            .exclude(Exists(judged))
        )

    def with_review_facts(self) -> RecommendationQuerySet:
        """Annotate what a reviewer needs beside each row, without a query per row:
        live evidence count, the latest note and the latest standing verdict."""
        from recommendations.models import CloseOut, Note

        last_note = Note.objects.filter(recommendation=OuterRef("pk")).order_by(
            "-created_at", "-pk"
        )
        last_verdict = (
            CloseOut.objects.current()
            .filter(recommendation=OuterRef("pk"))
            .order_by("-decided_at", "-pk")
        )
        return self.annotate(
            evidence_count=Count(
                "evidence", filter=Q(evidence__withdrawn_at__isnull=True)
            ),
            last_note_body=Subquery(last_note.values("body")[:1]),
            last_note_at=Subquery(last_note.values("created_at")[:1]),
            previous_outcome=Subquery(last_verdict.values("outcome")[:1]),
        )

    def with_progress(self) -> RecommendationQuerySet:
        """Annotate action counts: done, countable (not cancelled), and blocked.

        Correlated subqueries rather than a join with GROUP BY: the database counts
        only the rows a page shows (it evaluates them after ORDER BY ... LIMIT), and
        count() for pagination drops them instead of grouping every row.
        """
        return self.annotate(
            actions_total=_count_actions(~Q(status=ActionStatus.CANCELLED)),
            actions_done=_count_actions(Q(status=ActionStatus.DONE)),
            actions_blocked=_count_actions(Q(status=ActionStatus.BLOCKED)),
        )

    def with_rag(
        self, today: datetime.date | None = None, days: int | None = None
    ) -> RecommendationQuerySet:
        """Annotate `rag_value` (red/amber/green) so lists can sort and filter by it."""
        from recommendations.models import Action

        today = _today(today)
        days = settings.DUE_SOON_DAYS if days is None else days
        blocked = Action.objects.filter(
            recommendation=OuterRef("pk"), status=ActionStatus.BLOCKED
        )
        return self.annotate(
            rag_value=models.Case(
                models.When(overdue_q(today), then=Value(Rag.RED)),
                models.When(due_within_q(days, today), then=Value(Rag.AMBER)),
                models.When(
                    Q(status__in=LIVE_STATUSES) & Exists(blocked), then=Value(Rag.AMBER)
                ),
                default=Value(Rag.GREEN),
                output_field=models.CharField(),
            )
        )

    # Managers' lists and exports (issue 4) ---------------------------------------

    def with_last_update(self) -> RecommendationQuerySet:
        """Annotate `last_update`: the latest of the recommendation's own change, its
        newest note and its most recently changed action (what the lists show).

        Subqueries rather than joins, so they never multiply rows and the database
        computes them only for the rows a page shows.
        """
        from recommendations.models import Action, Note

        latest = {
            model: model.objects.filter(recommendation=OuterRef("pk"))
            .order_by(f"-{field}")
            .values(field)[:1]
            for model, field in ((Note, "created_at"), (Action, "updated_at"))
        }
        updated = models.F("updated_at")
        return self.annotate(
            last_update=Greatest(
                updated,
                Coalesce(Subquery(latest[Note]), updated),
                Coalesce(Subquery(latest[Action]), updated),
            ),
        )

    def with_activity(self) -> RecommendationQuerySet:
        """with_last_update(), and the latest note and verdict and the evidence
        count, which the exports add to what the lists show."""
        from recommendations.models import CloseOut, Evidence, Note

        notes = Note.objects.filter(recommendation=OuterRef("pk")).order_by(
            "-created_at", "-pk"
        )
        evidence = (
            Evidence.objects.filter(
                recommendation=OuterRef("pk"), withdrawn_at__isnull=True
            )
            .order_by()
            .values("recommendation")
            .annotate(n=Count("pk"))
            .values("n")
        )
        verdicts = CloseOut.objects.filter(
            recommendation=OuterRef("pk"), reopened_at__isnull=True
        ).order_by("-decided_at", "-pk")
        return self.with_last_update().annotate(
            latest_outcome=Subquery(verdicts.values("outcome")[:1]),
            latest_note=Subquery(notes.values("body")[:1]),
            latest_note_at=Subquery(notes.values("created_at")[:1]),
            evidence_count=Coalesce(Subquery(evidence), 0),
        )


class ActionQuerySet(models.QuerySet):
    def visible_to(self, user) -> ActionQuerySet:
        ids = authority_ids_for(user)
        if ids is None:
            return self
        return self.filter(recommendation__inspection__authority_id__in=ids)

    def open(self) -> ActionQuerySet:
        return self.filter(status__in=OPEN_ACTION_STATUSES)

    def overdue(self, today: datetime.date | None = None) -> ActionQuerySet:
        return self.filter(action_overdue_q(_today(today)))

    def due_within(
        self, days: int | None = None, today: datetime.date | None = None
    ) -> ActionQuerySet:
        days = settings.DUE_SOON_DAYS if days is None else days
        return self.filter(action_due_within_q(days, _today(today)))

    def no_deadline(self) -> ActionQuerySet:
        return self.filter(NO_TARGET_DATE)

    def with_deadline_group(self, today: datetime.date | None = None) -> ActionQuerySet:
        """Annotate `deadline_group`: overdue, due_soon, no_deadline or later."""
        today = _today(today)
        return self.annotate(
            deadline_group=deadline_group(
                action_overdue_q(today),
                action_due_within_q(settings.DUE_SOON_DAYS, today),
                NO_TARGET_DATE,
            )
        )


class RecommendationChildQuerySet(models.QuerySet):
    """Scoping for rows that hang off a recommendation (notes, evidence, close-outs)."""

    def visible_to(self, user) -> RecommendationChildQuerySet:
        ids = authority_ids_for(user)
        if ids is None:
            return self
        return self.filter(recommendation__inspection__authority_id__in=ids)


class CloseOutQuerySet(RecommendationChildQuerySet):
    def current(self) -> CloseOutQuerySet:
        """Verdicts that stand: not undone by a manager's reopening."""
        return self.filter(reopened_at__isnull=True)

    def closing(self) -> CloseOutQuerySet:
        """Verdicts that closed their recommendation (see services.record_closeout)."""
        return self.exclude(outcome__in=CARRY_FORWARD_OUTCOMES, successor__isnull=True)

    def carrying_forward(self) -> CloseOutQuerySet:
        """Partly met or not met with no new recommendation: it stays live."""
        return self.filter(outcome__in=CARRY_FORWARD_OUTCOMES, successor__isnull=True)


class TeamQuerySet(models.QuerySet):
    def visible_to(self, user) -> TeamQuerySet:
        ids = authority_ids_for(user)
        return self if ids is None else self.filter(authority_id__in=ids)
