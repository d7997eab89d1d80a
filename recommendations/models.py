"""Recommendations and what a council does about them: actions, notes, evidence."""

from __future__ import annotations

import datetime
import hashlib

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from inspections.files import evidence_upload_to
from inspections.links import path_to
from inspections.models import Authority, Inspection, Membership
from inspections.people import person_name
from inspections.querysets import AuthorityOwnedQuerySet, memberships_of
from recommendations.choices import (
    CARRY_FORWARD_OUTCOMES,
    LIVE_STATUSES,
    OPEN_ACTION_STATUSES,
    ActionStatus,
    DigestKind,
    Outcome,
    Rag,
    RecommendationStatus,
    ReminderStage,
    Timescale,
)
from recommendations.querysets import (
    ActionQuerySet,
    CloseOutQuerySet,
    RecommendationChildQuerySet,
    RecommendationQuerySet,
    declared_order,
)


class ChangedSinceRead:
    """Remembers the fields in TRACKED as read from the database, so clean() checks
    them when they change: a lead officer who has since left the authority does not
    stop every later save of their recommendation, and a save that keeps them asks
    the database nothing."""

    TRACKED: tuple[str, ...] = ()

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._remember_read()
        return instance

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        self._remember_read()

    def _remember_read(self) -> None:
        # Only the fields loaded: one deferred (.only()) was not read, nor changed.
        self._read = {n: self.__dict__[n] for n in self.TRACKED if n in self.__dict__}

    def changed_since_read(self, *names: str) -> bool:
        read = getattr(self, "_read", None)
        if read is None:  # not read from the database: a new row
            return True
        now = self.__dict__
        return any(n in now and (n not in read or now[n] != read[n]) for n in names)


def check_within_authority(obj, get_inspection, *, team: bool, owner: bool) -> None:
    """Refuse a team of another authority than the inspection's, or an owner who
    does not work for it (where `team` or `owner` asks for the check): nobody
    could act on the row. Rows are read only when there is something to check,
    and the owner's authorities once per person object (memberships_of)."""
    team = team and obj.team_id is not None
    owner = owner and obj.owner_id is not None
    if not (team or owner):
        return
    errors = {}
    try:
        inspection = get_inspection()
        authority_id = inspection.authority_id
        if authority_id is None:
            return  # a new inspection's own form reports its missing authority
        if team and obj.team.authority_id != authority_id:
            errors["team"] = (
                f"{obj.team.name} is a team of {obj.team.authority}, not of "
                f"{inspection.authority}: choose one of its teams"
            )
        if owner:
            authorities = {pk for pk, _name, _role in memberships_of(obj.owner)}
            if authority_id not in authorities:
                errors["owner"] = (
                    f"{person_name(obj.owner)} does not work for "
                    f"{inspection.authority}: choose one of its people"
                )
    except ObjectDoesNotExist:
        return  # a missing row, which the field's own validation reports
    if errors:
        raise ValidationError(errors)


class Team(models.Model):
    """A group of officers in an authority, e.g. "Children in Care Service"."""

    authority = models.ForeignKey(
        Authority, on_delete=models.PROTECT, related_name="teams"
    )
    name = models.CharField("name", max_length=200)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="teams", blank=True
    )

    objects = AuthorityOwnedQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "name"], name="%(app_label)s_%(class)s_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Recommendation(ChangedSinceRead, models.Model):
    """One area for improvement from a report, with its timescale and due date."""

    TRACKED = ("inspection_id", "team_id", "owner_id")

    inspection = models.ForeignKey(
        Inspection, on_delete=models.PROTECT, related_name="recommendations"
    )
    reference = models.CharField("reference", max_length=30, blank=True)
    section = models.CharField("section", max_length=300, blank=True)
    text = models.TextField("recommendation")
    timescale = models.CharField(
        "timescale",
        max_length=20,
        choices=Timescale.choices,
        default=Timescale.UNSPECIFIED,
    )
    original_due_date = models.DateField("original due date", null=True, blank=True)
    due_date = models.DateField("due date", null=True, blank=True)
    priority = models.BooleanField("priority action", default=False)
    lead_agency = models.CharField("lead agency", max_length=200, blank=True)
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recommendations",
        verbose_name="owning team",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_recommendations",
        verbose_name="lead officer",
        help_text="The person accountable for this recommendation",
    )
    status = models.CharField(
        "status",
        max_length=20,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.OPEN,
    )
    implemented_on = models.DateField("implemented on", null=True, blank=True)
    position = models.PositiveIntegerField("position in report", default=0)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField("created", auto_now_add=True)
    updated_at = models.DateTimeField("last updated", auto_now=True)

    objects = RecommendationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["inspection", "position", "pk"]
        indexes = [
            models.Index(fields=["status", "due_date"], name="rec_status_due"),
            models.Index(fields=["team", "status"], name="rec_team_status"),
            # Every recommendation in the lists' default order (due date, then id):
            # the "All" list reads its first page from here and stops, instead of
            # sorting every visible row (114 ms to 2 ms at national scale).
            models.Index(fields=["due_date", "id"], name="rec_due"),
            # Live recommendations only (about one in seven at national scale), in
            # the lists' order (due date, then id): the overdue and due-soon lists
            # read it in page order and stop at the page's end; inspection_id lets
            # counts and the scoping join run from the index alone
            # (docs/performance.md).
            models.Index(
                fields=["due_date", "id", "inspection"],
                condition=Q(status__in=LIVE_STATUSES),
                name="rec_live_due",
            ),
            # The dashboard's count of live rows by team and timescale
            # (views/dashboard.py) reads this alone (an index-only scan), led by
            # inspection_id for the scoping semi-join.
            models.Index(
                fields=["inspection", "timescale", "team", "due_date", "status"],
                condition=Q(status__in=LIVE_STATUSES),
                name="rec_dash_live",
            ),
            # The lists sorted by status or timescale (RecommendationTable's
            # order_status / order_timescale): read a page in order and stop,
            # instead of sorting every visible row by a CASE (0.4 s at national
            # scale).
            models.Index(
                declared_order("status", RecommendationStatus),
                F("id"),
                name="rec_status_order",
            ),
            models.Index(
                declared_order("timescale", Timescale),
                F("id"),
                name="rec_timescale_order",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(timescale__in=Timescale.values),
                name="%(app_label)s_%(class)s_timescale_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=RecommendationStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
            ),
            # No timescale, no deadline; any other timescale always has both dates.
            models.CheckConstraint(
                condition=(
                    Q(
                        timescale=Timescale.UNSPECIFIED,
                        original_due_date__isnull=True,
                        due_date__isnull=True,
                    )
                    | (
                        ~Q(timescale=Timescale.UNSPECIFIED)
                        & Q(original_due_date__isnull=False, due_date__isnull=False)
                    )
                ),
                name="%(app_label)s_%(class)s_due_dates_match_timescale",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status__in=LIVE_STATUSES, implemented_on__isnull=True)
                    | Q(
                        status=RecommendationStatus.IMPLEMENTED,
                        implemented_on__isnull=False,
                    )
                    | Q(status=RecommendationStatus.CLOSED)
                ),
                name="%(app_label)s_%(class)s_implemented_on_matches_status",
            ),
            models.CheckConstraint(
                condition=~Q(text=""), name="%(app_label)s_%(class)s_text_not_empty"
            ),
        ]

    def __str__(self) -> str:
        label = self.reference or f"#{self.pk}"
        text = self.text if len(self.text) <= 80 else f"{self.text[:77]}..."
        return f"{label}: {text}"

    def get_absolute_url(self) -> str:
        return path_to("recommendations:recommendation_detail", self.pk)

    def clean(self):
        check_within_authority(
            self,
            lambda: self.inspection,
            team=self.changed_since_read("inspection_id", "team_id"),
            owner=self.changed_since_read("inspection_id", "owner_id"),
        )
        if self.pk is not None and self.changed_since_read("inspection_id"):
            self._check_actions_may_move()

    def _check_actions_may_move(self) -> None:
        """Moved to another council's report, its actions' teams and people would
        be of the council it left, where nobody could act on them."""
        authority_id = self.inspection.authority_id
        members = Membership.objects.filter(authority_id=authority_id)
        stray = self.actions.filter(
            (Q(team__isnull=False) & ~Q(team__authority_id=authority_id))
            | (Q(owner__isnull=False) & ~Q(owner_id__in=members.values("user_id")))
        )
        if stray.exists():
            raise ValidationError(
                {
                    "inspection": "Its actions have teams or people of another "
                    "authority than this report's: clear them before moving it"
                }
            )

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_STATUSES

    def overdue_on(self, today: datetime.date) -> bool:
        return self.is_live and self.due_date is not None and self.due_date < today

    def due_within_on(self, days: int, today: datetime.date) -> bool:
        return (
            self.is_live
            and self.due_date is not None
            and today <= self.due_date <= today + datetime.timedelta(days=days)
        )

    def rag_on(self, today: datetime.date, days: int | None = None) -> str:
        """Red if overdue; amber if due soon or an action is blocked; else green."""
        days = settings.DUE_SOON_DAYS if days is None else days
        if self.overdue_on(today):
            return Rag.RED
        if self.due_within_on(days, today):
            return Rag.AMBER
        if self.is_live and self._has_blocked_action():
            return Rag.AMBER
        return Rag.GREEN

    def _has_blocked_action(self) -> bool:
        if hasattr(self, "actions_blocked"):  # from .with_progress()
            return self.actions_blocked > 0
        return self.actions.filter(status=ActionStatus.BLOCKED).exists()

    @property
    def is_overdue(self) -> bool:
        return self.overdue_on(timezone.localdate())

    @property
    def rag(self) -> str:
        if hasattr(self, "rag_value"):  # from .with_rag()
            return self.rag_value
        return self.rag_on(timezone.localdate())

    @property
    def days_overdue(self) -> int | None:
        if not self.is_overdue:
            return None
        return (timezone.localdate() - self.due_date).days

    @property
    def is_revised(self) -> bool:
        return self.due_date != self.original_due_date


class DueDateRevision(models.Model):
    """A manager's change of a due date, with the reason they gave."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="revisions"
    )
    previous_due_date = models.DateField("previous due date")
    new_due_date = models.DateField("new due date")
    reason = models.TextField("reason")
    revised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    revised_at = models.DateTimeField("revised", default=timezone.now)

    objects = RecommendationChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-revised_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""), name="%(app_label)s_%(class)s_reason_given"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.previous_due_date} to {self.new_due_date}"


class Action(ChangedSinceRead, models.Model):
    """A step an officer takes against a recommendation."""

    TRACKED = ("recommendation_id", "team_id", "owner_id")

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="actions"
    )
    description = models.TextField("description")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name="owner",
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="actions"
    )
    target_date = models.DateField("target date", null=True, blank=True)
    status = models.CharField(
        "status",
        max_length=20,
        choices=ActionStatus.choices,
        default=ActionStatus.NOT_STARTED,
    )
    completed_on = models.DateField("completed on", null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField("created", auto_now_add=True)
    updated_at = models.DateTimeField("last updated", auto_now=True)

    objects = ActionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["target_date", "pk"]
        indexes = [
            models.Index(fields=["owner", "status"], name="action_owner_status"),
            # The API's action list in its order: read in order and stopped at the
            # page's end, not 300,000 rows sorted (213 ms at national scale).
            models.Index(fields=["target_date", "id"], name="action_target"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ActionStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status=ActionStatus.DONE, completed_on__isnull=False)
                    | (~Q(status=ActionStatus.DONE) & Q(completed_on__isnull=True))
                ),
                name="%(app_label)s_%(class)s_completed_on_iff_done",
            ),
            models.CheckConstraint(
                condition=~Q(description=""),
                name="%(app_label)s_%(class)s_description_not_empty",
            ),
        ]

    def __str__(self) -> str:
        return (
            self.description
            if len(self.description) <= 80
            else (f"{self.description[:77]}...")
        )

    def get_absolute_url(self) -> str:
        return (
            path_to("recommendations:recommendation_detail", self.recommendation_id)
            + f"#action-{self.pk}"
        )

    def clean(self):
        check_within_authority(
            self,
            lambda: self.recommendation.inspection,
            team=self.changed_since_read("recommendation_id", "team_id"),
            owner=self.changed_since_read("recommendation_id", "owner_id"),
        )

    def overdue_on(self, today: datetime.date) -> bool:
        return (
            self.status in OPEN_ACTION_STATUSES
            and self.target_date is not None
            and self.target_date < today
        )

    @property
    def is_overdue(self) -> bool:
        return self.overdue_on(timezone.localdate())


class Evidence(models.Model):
    """A file or link showing that an action or recommendation was done."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="evidence"
    )
    action = models.ForeignKey(
        Action, on_delete=models.PROTECT, null=True, blank=True, related_name="evidence"
    )
    description = models.CharField("description", max_length=500)
    file = models.FileField(
        "file", upload_to=evidence_upload_to, blank=True, max_length=200
    )
    original_filename = models.CharField("file name", max_length=255, blank=True)
    content_type = models.CharField("detected type", max_length=20, blank=True)
    size = models.PositiveBigIntegerField("size in bytes", null=True, blank=True)
    url = models.URLField("link", blank=True, max_length=500)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="added by",
    )
    added_at = models.DateTimeField("added", default=timezone.now)
    withdrawn_at = models.DateTimeField("withdrawn", null=True, blank=True)
    withdrawal_reason = models.TextField("reason for withdrawal", blank=True)

    objects = RecommendationChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-added_at", "-pk"]
        verbose_name_plural = "evidence"
        constraints = [
            models.CheckConstraint(
                condition=~Q(file="") | ~Q(url=""),
                name="%(app_label)s_%(class)s_file_or_url",
            ),
        ]

    def __str__(self) -> str:
        return self.description

    def get_absolute_url(self) -> str:
        return (
            path_to("recommendations:recommendation_detail", self.recommendation_id)
            + f"#evidence-{self.pk}"
        )

    def clean(self):
        if (
            self.action_id
            and self.recommendation_id
            and self.action.recommendation_id != self.recommendation_id
        ):
            raise ValidationError(
                {"action": "Choose one of this recommendation's actions"}
            )

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class Note(models.Model):
    """A dated progress update written by a person: the human journal."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField("note")
    created_at = models.DateTimeField("written", default=timezone.now)

    objects = RecommendationChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["recommendation", "-created_at"], name="note_rec_created"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(body=""), name="%(app_label)s_%(class)s_body_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return self.body if len(self.body) <= 80 else f"{self.body[:77]}..."


class CloseOut(models.Model):
    """A later inspection's (or a manager's) verdict on an earlier recommendation."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="closeouts"
    )
    inspection = models.ForeignKey(
        Inspection,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="closeouts",
        verbose_name="judged by inspection",
        help_text="Empty when a manager recorded the decision without an inspection",
    )
    outcome = models.CharField("outcome", max_length=20, choices=Outcome.choices)
    quote = models.TextField("inspectors' words", blank=True)
    paragraph = models.CharField("paragraph reference", max_length=50, blank=True)
    successor = models.ForeignKey(
        Recommendation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessor_closeouts",
        verbose_name="repeated as recommendation",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("recorded", default=timezone.now)
    reopened_at = models.DateTimeField("reopened", null=True, blank=True)
    reopen_reason = models.TextField("reason for reopening", blank=True)

    objects = CloseOutQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["decided_at", "pk"]
        verbose_name = "close-out"
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=Outcome.values),
                name="%(app_label)s_%(class)s_outcome_valid",
            ),
            models.CheckConstraint(
                condition=~Q(successor=F("recommendation")),
                name="%(app_label)s_%(class)s_not_own_successor",
            ),
            # An inspection judges a recommendation once, unless that verdict was
            # undone by a reopening.
            models.UniqueConstraint(
                fields=["recommendation", "inspection"],
                condition=Q(reopened_at__isnull=True, inspection__isnull=False),
                name="%(app_label)s_%(class)s_one_verdict_per_inspection",
                violation_error_message="This inspection has already given its "
                "verdict on this recommendation",
            ),
        ]

    def __str__(self) -> str:
        return self.get_outcome_display()

    @property
    def is_reopened(self) -> bool:
        return self.reopened_at is not None

    @property
    def closes(self) -> bool:
        """Whether this verdict closed its recommendation (CloseOutQuerySet.closing)."""
        return (
            self.outcome not in CARRY_FORWARD_OUTCOMES or self.successor_id is not None
        )

    @property
    def carries_forward(self) -> bool:
        return not self.closes


# Reminders and calendar feeds (issue 7) -------------------------------------------


class ReminderPreference(models.Model):
    """A person's choice about reminder emails; no row means they get them."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminder_preference",
    )
    digests_enabled = models.BooleanField("send me reminder emails", default=True)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return "Reminders on" if self.digests_enabled else "Reminders off"


class ReminderDigest(models.Model):
    """One reminder email sent to one person on one day: at most one of each kind."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField("kind", max_length=20, choices=DigestKind.choices)
    sent_on = models.DateField("sent on")
    item_count = models.PositiveIntegerField("items")
    sent_at = models.DateTimeField("sent", default=timezone.now)

    class Meta:
        ordering = ["-sent_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "sent_on"],
                name="%(app_label)s_%(class)s_one_a_day",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=DigestKind.values),
                name="%(app_label)s_%(class)s_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.sent_on}"


class SentReminder(models.Model):
    """An item someone was reminded about, at one stage: the log that stops repeats.

    `due_date` is the date the reminder was about, so a revised deadline starts a
    fresh cycle; `sequence` counts overdue reminders for the backoff (1, 2, 4 ... days).
    """

    digest = models.ForeignKey(
        ReminderDigest, on_delete=models.CASCADE, related_name="items"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    stage = models.CharField("stage", max_length=20, choices=ReminderStage.choices)
    sequence = models.PositiveSmallIntegerField("reminder number", default=1)
    due_date = models.DateField("due or target date")
    sent_on = models.DateField("sent on")

    class Meta:
        ordering = ["sent_on", "pk"]
        indexes = [
            models.Index(fields=["user", "sent_on"], name="sentreminder_user_sent"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(recommendation__isnull=False, action__isnull=True)
                    | Q(recommendation__isnull=True, action__isnull=False)
                ),
                name="%(app_label)s_%(class)s_one_item",
            ),
            models.CheckConstraint(
                condition=Q(stage__in=ReminderStage.values),
                name="%(app_label)s_%(class)s_stage_valid",
            ),
            models.UniqueConstraint(
                fields=["user", "recommendation", "stage", "due_date", "sequence"],
                condition=Q(recommendation__isnull=False),
                name="%(app_label)s_%(class)s_once_per_recommendation_stage",
            ),
            models.UniqueConstraint(
                fields=["user", "action", "stage", "due_date", "sequence"],
                condition=Q(action__isnull=False),
                name="%(app_label)s_%(class)s_once_per_action_stage",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} #{self.sequence} on {self.sent_on}"


class CalendarFeed(models.Model):
    """A person's private calendar address. Only a hash of its token is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    token_hash = models.CharField("token hash", max_length=64, unique=True)
    created_at = models.DateTimeField("created", default=timezone.now)
    last_used_at = models.DateTimeField("last used", null=True, blank=True)
    revoked_at = models.DateTimeField("revoked", null=True, blank=True)
    # Who made or revoked an address, and when; not each calendar's fetch.
    history = HistoricalRecords(excluded_fields=["last_used_at"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(revoked_at__isnull=True),
                name="%(app_label)s_%(class)s_one_active_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"Calendar feed created {self.created_at:%d %B %Y}"

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()


# Dashboard tallies (issue 9) --------------------------------------------------------


class Tally(models.Model):
    """Counts of one authority's recommendations that database triggers keep exact
    (recommendations/tallies.py); nothing in the application writes them."""

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="+")

    objects = AuthorityOwnedQuerySet.as_manager()

    class Meta:
        abstract = True


class StatusTally(Tally):
    """How many of an authority's recommendations have a status, and of those how
    many were implemented on or before (on_time) or after (late) the original due
    date."""

    status = models.CharField(max_length=20, choices=RecommendationStatus.choices)
    recommendations = models.IntegerField(default=0)
    on_time = models.IntegerField(default=0)
    late = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "status"], name="status_tally_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.authority_id} {self.status}: {self.recommendations}"


class MonthTally(Tally):
    """How many of an authority's recommendations fall due (current due date) and
    were implemented in a month."""

    month = models.DateField(help_text="The first day of the month.")
    due = models.IntegerField(default=0)
    implemented = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "month"], name="month_tally_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.authority_id} {self.month:%Y-%m}: {self.due} due"


class Activity(models.Model):
    """One recommendation's action counts and last update, which database triggers
    keep (recommendations/activity.py) so lists can sort by them; nothing in the
    application writes them. Derived figures, so no history of their own: the
    changes they follow have theirs."""

    recommendation = models.OneToOneField(
        Recommendation,
        # The trigger on the recommendation deletes its row.
        on_delete=models.DO_NOTHING,
        primary_key=True,
        related_name="activity",
    )
    last_update = models.DateTimeField()
    actions_total = models.IntegerField("actions not cancelled", default=0)
    actions_done = models.IntegerField(default=0)
    actions_blocked = models.IntegerField(default=0)

    class Meta:
        verbose_name_plural = "activity"
        # Sorting a list by last update or by actions done reads its first page
        # from these in order (recommendations/tables.py).
        indexes = [
            models.Index(
                fields=["last_update", "recommendation"], name="activity_last_update"
            ),
            models.Index(
                fields=["actions_done", "actions_total", "recommendation"],
                name="activity_done",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recommendation_id}: {self.actions_done} of {self.actions_total}"
