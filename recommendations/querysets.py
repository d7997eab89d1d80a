"""The query vocabulary: each rule (scope, open, overdue, due soon, RAG) defined once.

Views, filters, exports, the API, reminders and the admin all call these; the
instance properties on the models answer the same questions for one object and are
tested against these so the two never disagree.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from inspections.querysets import authority_ids_for
from recommendations.choices import (
    CARRY_FORWARD_OUTCOMES,
    LIVE_STATUSES,
    OPEN_ACTION_STATUSES,
    Outcome,
    Rag,
    RecommendationStatus,
)


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def inspection_date(prefix: str = "") -> Coalesce:
    """An inspection's base date in SQL (Inspection.base_date in Python)."""
    return Coalesce(f"{prefix}published_on", f"{prefix}ended_on", f"{prefix}started_on")


def declared_order(field: str, choices) -> Case:
    """A choice field's position in its choices' declaration, for sorting."""
    return Case(
        *(
            When(**{field: code}, then=Value(n))
            for n, code in enumerate(choices.values)
        ),
        default=Value(len(choices.values)),
        output_field=IntegerField(),
    )


def open_q() -> Q:
    return Q(status__in=LIVE_STATUSES)


def overdue_q(
    today: datetime.date, *, field: str = "due_date", statuses=LIVE_STATUSES
) -> Q:
    """Still being worked on, and its date is past (a recommendation's by default)."""
    return Q(status__in=statuses, **{f"{field}__lt": today})


# The furthest a filter by days (due within, overdue by at least) looks: ten years.
# Millions of days would run past the calendar's end (a server error, not a list).
MAX_DAYS = 3650


def due_within_q(
    days: int,
    today: datetime.date,
    *,
    field: str = "due_date",
    statuses=LIVE_STATUSES,
) -> Q:
    """Still being worked on, and due between today and `days` from now."""
    end = today + datetime.timedelta(days=days)
    return Q(status__in=statuses, **{f"{field}__gte": today, f"{field}__lte": end})


class DeadlineQuerySet(models.QuerySet):
    """overdue / due soon / no deadline for rows with a date and a status:
    recommendations (due_date) and actions (target_date)."""

    DATE_FIELD = "due_date"
    LIVE = LIVE_STATUSES

    def _rules(self, today: datetime.date, days: int | None = None) -> tuple[Q, Q, Q]:
        """(overdue, due within `days`, no deadline) as conditions."""
        days = settings.DUE_SOON_DAYS if days is None else days
        where = {"field": self.DATE_FIELD, "statuses": self.LIVE}
        return (
            overdue_q(today, **where),
            due_within_q(days, today, **where),
            self._no_deadline_q(),
        )

    def _no_deadline_q(self) -> Q:
        return Q(**{f"{self.DATE_FIELD}__isnull": True})

    def overdue(self, today: datetime.date | None = None):
        return self.filter(self._rules(_today(today))[0])

    def due_within(self, days: int | None = None, today: datetime.date | None = None):
        return self.filter(self._rules(_today(today), days)[1])

    def no_deadline(self):
        return self.filter(self._no_deadline_q())

    def with_deadline_group(self, today: datetime.date | None = None):
        """Annotate `deadline_group`: the first of overdue, due_soon and no_deadline
        a row meets (the rules above), else "later"."""
        overdue, due_soon, no_deadline = self._rules(_today(today))
        return self.annotate(
            deadline_group=models.Case(
                models.When(overdue, then=Value("overdue")),
                models.When(due_soon, then=Value("due_soon")),
                models.When(no_deadline, then=Value("no_deadline")),
                default=Value("later"),
                output_field=models.CharField(),
            )
        )

    def by_date(self, field: str, *, descending: bool = False):
        """Ordered by a date, then by id, with rows that have none last going up
        and first going down on every database: PostgreSQL's own order, which its
        indexes hold (rec_due). SQLite would put them first going up."""
        date = F(field)
        if descending:
            return self.order_by(date.desc(nulls_first=True), "-pk")
        return self.order_by(date.asc(nulls_last=True), "pk")

    def by_choice(self, field: str, choices, *, descending: bool = False):
        """Ordered by a choice field in its choices' declared order (timescales
        from the most urgent, statuses through the lifecycle), then by id. Their
        stored codes sort alphabetically into nonsense ("3_months" before
        "immediate", "closed" before "open", "blocked" before "not_started")."""
        rank = declared_order(field, choices)
        if descending:
            return self.order_by(rank.desc(), "-pk")
        return self.order_by(rank.asc(), "pk")


class RecommendationQuerySet(DeadlineQuerySet):
    def visible_to(self, user) -> RecommendationQuerySet:
        ids = authority_ids_for(user)
        return self if ids is None else self.filter(inspection__authority_id__in=ids)

    def open(self) -> RecommendationQuerySet:
        """Still being worked on: open or in progress."""
        return self.filter(open_q())

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

    def with_progress(self, *, blocked: bool = True) -> RecommendationQuerySet:
        """Annotate action counts: done, countable (not cancelled), and blocked
        (which the red/amber/green rating needs and the manager's lists do not).

        Read from the recommendation's Activity row, which triggers keep
        (recommendations/activity.py): one join on its key, and lists can sort by
        them without counting every recommendation's actions.
        """
        counts = ["actions_total", "actions_done"] + ["actions_blocked"] * blocked
        return self.annotate(**{name: F(f"activity__{name}") for name in counts})

    def followed_by(self, user) -> RecommendationQuerySet:
        """The recommendations a person is told about (calendar, reminders): those
        they lead and their teams'. Reminders apply the same rule from the other
        side, per recommendation (reminders.owner_digests)."""
        from recommendations.models import Team

        teams = Team.objects.filter(members=user).values("pk")
        return self.filter(Q(owner=user) | Q(team_id__in=teams))

    def with_met(self) -> RecommendationQuerySet:
        """Annotate `met`: whether a standing verdict (not undone by reopening)
        judged it met."""
        from recommendations.models import CloseOut

        verdicts = CloseOut.objects.current().filter(
            recommendation=OuterRef("pk"), outcome=Outcome.MET
        )
        return self.annotate(met=Exists(verdicts))

    def with_rag(
        self, today: datetime.date | None = None, days: int | None = None
    ) -> RecommendationQuerySet:
        """Annotate `rag_value` (red/amber/green) so lists can sort and filter by it;
        a blocked action counts from the kept figures, as rag_on() reads them."""
        today = _today(today)
        days = settings.DUE_SOON_DAYS if days is None else days
        blocked = Q(status__in=LIVE_STATUSES, activity__actions_blocked__gt=0)
        return self.annotate(
            rag_value=models.Case(
                models.When(overdue_q(today), then=Value(Rag.RED)),
                models.When(due_within_q(days, today), then=Value(Rag.AMBER)),
                models.When(blocked, then=Value(Rag.AMBER)),
                default=Value(Rag.GREEN),
                output_field=models.CharField(),
            )
        )

    # Managers' lists and exports (issue 4) ---------------------------------------

    def with_last_update(self) -> RecommendationQuerySet:
        """Annotate `last_update`: the newest of the recommendation's own change, its
        newest note and its most recently changed action (what the lists show),
        from its Activity row (recommendations/activity.py)."""
        return self.annotate(last_update=F("activity__last_update"))

    def by_activity(self, *fields: str, descending: bool = False):
        """Ordered by Activity figures (last_update; actions_done, actions_total),
        then by recommendation. Every recommendation has its row, so the join can
        be an inner one, which lets PostgreSQL read a page in order from the
        figures' index instead of sorting every row in scope (0.8 s for 100,000)."""
        sign = "-" if descending else ""
        return self.filter(activity__isnull=False).order_by(
            *(f"{sign}activity__{field}" for field in fields), f"{sign}pk"
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


class ActionQuerySet(DeadlineQuerySet):
    DATE_FIELD = "target_date"
    LIVE = OPEN_ACTION_STATUSES

    def visible_to(self, user) -> ActionQuerySet:
        ids = authority_ids_for(user)
        if ids is None:
            return self
        return self.filter(recommendation__inspection__authority_id__in=ids)

    def open(self) -> ActionQuerySet:
        return self.filter(status__in=OPEN_ACTION_STATUSES)


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
