"""Reminder emails: a daily digest to each owner and a weekly summary to managers.

`send_reminders(today=...)` runs once a day (`manage.py send_reminders`, from cron).

- Owners (an action's owner; a recommendation's lead officer and the members of its
  owning team) hear about items due within REMINDER_DUE_WITHIN_DAYS days once, then
  about overdue items with growing gaps (1, 2, 4, 8 ... days), at most
  REMINDER_MAX_OVERDUE times, in one email a day.
- Managers get, on REMINDER_MANAGER_WEEKDAY, their authorities' overdue items by team.

Which items qualify comes from the queryset rules (`overdue`, `due_within`, `open`), so
closed, implemented and no-deadline items never appear. The sent-log (ReminderDigest,
SentReminder) is written in the same transaction as the email is sent, so reruns are
idempotent and a failed email is retried the next day. People switch digests off on
their profile page; managers can switch off a whole authority.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Count, Max, Q
from django.template.loader import render_to_string
from django.urls import reverse

from inspections.choices import Role
from inspections.models import Membership
from recommendations.choices import DigestKind, ReminderStage
from recommendations.models import (
    Action,
    Recommendation,
    ReminderDigest,
    SentReminder,
)

logger = logging.getLogger(__name__)


@dataclass
class Reminder:
    """One item in one person's email, and the stage it is at."""

    item: Recommendation | Action
    stage: str
    sequence: int
    due_date: datetime.date
    today: datetime.date

    @property
    def is_action(self) -> bool:
        return isinstance(self.item, Action)

    @property
    def label(self) -> str:
        return "Action" if self.is_action else "Recommendation"

    @property
    def days_overdue(self) -> int:
        return (self.today - self.due_date).days

    @property
    def authority(self):
        recommendation = self.item.recommendation if self.is_action else self.item
        return recommendation.inspection.authority

    @property
    def url(self) -> str:
        return absolute_url(self.item.get_absolute_url())

    def log_row(self, digest: ReminderDigest) -> SentReminder:
        return SentReminder(
            digest=digest,
            user=digest.user,
            recommendation=None if self.is_action else self.item,
            action=self.item if self.is_action else None,
            stage=self.stage,
            sequence=self.sequence,
            due_date=self.due_date,
            sent_on=digest.sent_on,
        )


@dataclass
class Digest:
    """One email to one person."""

    user: object
    kind: str
    today: datetime.date
    reminders: list[Reminder] = field(default_factory=list)
    # For managers: [(team name, [Reminder, ...]), ...], sorted by team name.
    teams: list[tuple[str, list[Reminder]]] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return DigestKind(self.kind).label

    @property
    def item_count(self) -> int:
        return len(self.reminders) + sum(len(items) for _, items in self.teams)

    @property
    def overdue(self) -> list[Reminder]:
        return [r for r in self.reminders if r.stage == ReminderStage.OVERDUE]

    @property
    def due_soon(self) -> list[Reminder]:
        return [r for r in self.reminders if r.stage == ReminderStage.DUE_SOON]


@dataclass
class RunResult:
    sent: list[Digest] = field(default_factory=list)
    failed: list[Digest] = field(default_factory=list)


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def send_reminders(*, today: datetime.date, dry_run: bool = False) -> RunResult:
    """Work out and send today's reminder emails; one failure never stops the rest."""
    digests = owner_digests(today=today)
    if today.weekday() == settings.REMINDER_MANAGER_WEEKDAY:
        digests += manager_digests(today=today)
    result = RunResult()
    if dry_run:
        result.sent = digests
        return result
    connection = get_connection()
    for digest in digests:
        (result.sent if _send(digest, connection) else result.failed).append(digest)
    return result


# Who gets what ------------------------------------------------------------------


def _recipients(user_ids, *, kind: str, today: datetime.date) -> dict[int, object]:
    """Active people with an address who want digests and had none of `kind` today."""
    already = ReminderDigest.objects.filter(kind=kind, sent_on=today).values("user_id")
    users = (
        get_user_model()
        .objects.filter(pk__in=set(user_ids), is_active=True)
        .exclude(email="")
        .exclude(reminder_preference__digests_enabled=False)
        .exclude(pk__in=already)
    )
    return {user.pk: user for user in users}


def _live_items(today: datetime.date, due_within_days: int | None = None):
    """Overdue (and, given a window, due soon) items of switched-on authorities."""
    recommendations = Recommendation.objects.overdue(today=today)
    actions = Action.objects.overdue(today=today)
    if due_within_days is not None:
        recommendations |= Recommendation.objects.due_within(
            due_within_days, today=today
        )
        actions |= Action.objects.due_within(due_within_days, today=today)
    recommendations = recommendations.filter(
        inspection__authority__reminders_enabled=True
    ).select_related("inspection__authority", "team")
    actions = actions.filter(
        recommendation__inspection__authority__reminders_enabled=True,
        # An open action of a closed or implemented recommendation is moot.
        recommendation__in=Recommendation.objects.open(),
    ).select_related("recommendation__inspection__authority", "team")
    return recommendations, actions


def _history(recommendation_ids, action_ids) -> dict[tuple, tuple[int, datetime.date]]:
    """(user, item, stage, due date) -> (how many sent, when last) from the sent-log."""
    rows = (
        SentReminder.objects.filter(
            Q(recommendation_id__in=recommendation_ids) | Q(action_id__in=action_ids)
        )
        .values("user_id", "recommendation_id", "action_id", "stage", "due_date")
        .annotate(count=Count("pk"), last=Max("sent_on"))
    )
    return {
        (
            row["user_id"],
            ("action", row["action_id"])
            if row["action_id"]
            else ("recommendation", row["recommendation_id"]),
            row["stage"],
            row["due_date"],
        ): (row["count"], row["last"])
        for row in rows
    }


def _next_stage(
    due_date: datetime.date, today: datetime.date, sent: tuple | None
) -> tuple[str, int] | None:
    """The reminder due today for one item and person, or None.

    Due soon: once. Overdue: the first the day after the due date, then each after a
    gap twice the last one (1, 2, 4, 8 ... days), counted from the last one sent so a
    missed run does not cause a burst, and never more than REMINDER_MAX_OVERDUE.
    """
    count, last = sent or (0, None)
    if due_date >= today:
        return None if count else (ReminderStage.DUE_SOON, 1)
    if count >= settings.REMINDER_MAX_OVERDUE:
        return None
    if count and (today - last).days < 2 ** (count - 1):
        return None
    return ReminderStage.OVERDUE, count + 1


def _team_members(recommendation: Recommendation):
    return recommendation.team.members.all() if recommendation.team else []


def owner_digests(*, today: datetime.date) -> list[Digest]:
    """Each owner's reminders that are due today, one digest per person."""
    recommendations, actions = _live_items(
        today, due_within_days=settings.REMINDER_DUE_WITHIN_DAYS
    )
    recommendations = list(recommendations.prefetch_related("team__members"))
    actions = list(actions.filter(owner__isnull=False))
    # Someone who has left an authority no longer sees, or hears about, its items.
    live_members = set(
        Membership.objects.filter(
            authority__in={r.inspection.authority_id for r in recommendations}
            | {a.recommendation.inspection.authority_id for a in actions}
        ).values_list("user_id", "authority_id")
    )
    wanted: list[tuple[int, Recommendation | Action, datetime.date]] = [
        (action.owner_id, action, action.target_date)
        for action in actions
        if (action.owner_id, action.recommendation.inspection.authority_id)
        in live_members
    ]
    for recommendation in recommendations:
        authority_id = recommendation.inspection.authority_id
        # Its lead officer, and its owning team's members (the lead may be in
        # another team, or there may be no team): RecommendationQuerySet.followed_by
        # from this side.
        people = {member.pk for member in _team_members(recommendation)}
        if recommendation.owner_id is not None:
            people.add(recommendation.owner_id)
        wanted += [
            (user_id, recommendation, recommendation.due_date)
            for user_id in sorted(people)
            if (user_id, authority_id) in live_members
        ]
    users = _recipients(
        [user_id for user_id, _, _ in wanted], kind=DigestKind.OWNER_DAILY, today=today
    )
    history = _history([r.pk for r in recommendations], [a.pk for a in actions])
    digests: dict[int, Digest] = {}
    for user_id, item, due_date in wanted:
        if user_id not in users:
            continue
        key_item = ("action" if isinstance(item, Action) else "recommendation", item.pk)
        stage = ReminderStage.OVERDUE if due_date < today else ReminderStage.DUE_SOON
        following = _next_stage(
            due_date, today, history.get((user_id, key_item, stage, due_date))
        )
        if following is None:
            continue
        digest = digests.setdefault(
            user_id,
            Digest(user=users[user_id], kind=DigestKind.OWNER_DAILY, today=today),
        )
        digest.reminders.append(
            Reminder(
                item=item,
                stage=following[0],
                sequence=following[1],
                due_date=due_date,
                today=today,
            )
        )
    for digest in digests.values():
        digest.reminders.sort(key=lambda r: (r.due_date, r.label, r.item.pk))
    return sorted(digests.values(), key=lambda d: d.user.pk)


def manager_digests(*, today: datetime.date) -> list[Digest]:
    """Each manager's weekly summary of their authorities' overdue items, by team."""
    recommendations, actions = _live_items(today)
    by_authority: dict[int, list[Reminder]] = defaultdict(list)
    for item in list(recommendations) + list(actions):
        reminder = Reminder(
            item=item,
            stage=ReminderStage.OVERDUE,
            sequence=0,
            due_date=item.target_date if isinstance(item, Action) else item.due_date,
            today=today,
        )
        by_authority[reminder.authority.pk].append(reminder)
    memberships = Membership.objects.filter(
        role=Role.MANAGER, authority_id__in=list(by_authority)
    ).values_list("user_id", "authority_id")
    authorities_of: dict[int, list[int]] = defaultdict(list)
    for user_id, authority_id in memberships:
        authorities_of[user_id].append(authority_id)
    users = _recipients(authorities_of, kind=DigestKind.MANAGER_WEEKLY, today=today)
    digests = []
    for user_id, user in sorted(users.items()):
        teams: dict[str, list[Reminder]] = defaultdict(list)
        for authority_id in authorities_of[user_id]:
            for reminder in by_authority[authority_id]:
                team = reminder.item.team
                name = str(team) if team else "No team"
                if len(authorities_of[user_id]) > 1:
                    name = f"{reminder.authority}: {name}"
                teams[name].append(reminder)
        digest = Digest(user=user, kind=DigestKind.MANAGER_WEEKLY, today=today)
        digest.teams = [
            (name, sorted(items, key=lambda r: (r.due_date, r.label, r.item.pk)))
            for name, items in sorted(teams.items())
        ]
        digests.append(digest)
    return digests


# Sending --------------------------------------------------------------------------


def build_message(digest: Digest, connection=None) -> EmailMultiAlternatives:
    template = (
        "email/owner_digest"
        if digest.kind == DigestKind.OWNER_DAILY
        else "email/manager_digest"
    )
    context = {
        "digest": digest,
        "user": digest.user,
        "profile_url": absolute_url(reverse("profile")),
        "site_url": settings.SITE_URL,
    }
    if digest.kind == DigestKind.OWNER_DAILY:
        subject = (
            f"Improvement Tracker: {len(digest.overdue)} overdue, "
            f"{len(digest.due_soon)} due soon"
        )
    else:
        subject = f"Improvement Tracker: weekly summary, {digest.item_count} overdue"
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{template}.txt", context),
        to=[digest.user.email],
        connection=connection,
    )
    message.attach_alternative(
        render_to_string(f"{template}.html", context), "text/html"
    )
    return message


def _send(digest: Digest, connection) -> bool:
    """Log and send one email in one transaction: if it fails, nothing is logged."""
    try:
        with transaction.atomic():
            record = ReminderDigest.objects.create(
                user=digest.user,
                kind=digest.kind,
                sent_on=digest.today,
                item_count=digest.item_count,
            )
            SentReminder.objects.bulk_create(
                [reminder.log_row(record) for reminder in digest.reminders]
            )
            build_message(digest, connection).send()
    # Any failure (a refused address, a dropped connection, a clash with a
    # concurrent run) is this recipient's alone: log it and carry on with the rest.
    except Exception:
        logger.exception(
            "Reminder email (%s) to user %s failed; it will be retried on the next run",
            digest.kind,
            digest.user.pk,
        )
        return False
    return True
