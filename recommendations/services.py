"""Every change to recommendations and their follow-through goes through here.

Each service is keyword-only, checks the user's role, runs in one transaction,
validates before saving and records who did it (and why) in the audit history.
Views, the admin, the API, the importer and management commands all call these.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from inspections.models import Authority, Inspection
from inspections.people import person_name
from inspections.services import save_with_history
from recommendations import permissions
from recommendations.choices import (
    CARRY_FORWARD_OUTCOMES,
    ActionStatus,
    Outcome,
    RecommendationStatus,
    Timescale,
)
from recommendations.deadlines import due_date_for
from recommendations.models import (
    Action,
    CalendarFeed,
    CloseOut,
    DueDateRevision,
    Evidence,
    Note,
    Recommendation,
    ReminderPreference,
    Team,
)

STARTED_ACTION_STATUSES = (
    ActionStatus.IN_PROGRESS,
    ActionStatus.BLOCKED,
    ActionStatus.DONE,
)
FINISHED_ACTION_STATUSES = (ActionStatus.DONE, ActionStatus.CANCELLED)
# A new report's recommendation can take over from an earlier one only when the
# earlier one was not fully met.
SUCCESSOR_OUTCOMES = (*CARRY_FORWARD_OUTCOMES, Outcome.SUPERSEDED)
SUCCESSOR_ONLY = (
    "Only a recommendation that is partly met, not met or superseded can be linked "
    "to a new one"
)


class EditConflict(ValidationError):
    """Someone else saved the same record since this person loaded it."""

    def __init__(self, label: str):
        super().__init__(
            f"Someone else changed this {label} while you were editing it. Your change "
            "has not been saved: check the latest version below and try again.",
            code="conflict",
        )


# Read with each locked row (only the row itself is locked) rather than by a query
# each afterwards: what the permission check reads, and every foreign key, which
# validation would otherwise query to prove it exists (inspections.validation).
LOCK_RELATED = {
    Recommendation: ("inspection", "team", "owner"),
    Action: ("recommendation__inspection", "owner", "team"),
    Evidence: (
        "recommendation__inspection",
        "action__recommendation__inspection",
        "added_by",
    ),
}


def _lock(model, pk: int, expected_version: int | None, label: str):
    """Re-read a row under a lock and refuse if it changed since it was shown.

    FOR NO KEY UPDATE, as for every lock here: the services never change a key,
    and a plain FOR UPDATE would also block the share lock that PostgreSQL takes
    on a row when a new row referring to it commits (evidence on an action, an
    action added in the admin), which deadlocked with the triggers' writes to the
    recommendation's Activity row (tests/test_concurrency.py)."""
    obj = (
        model.objects.select_for_update(no_key=True, of=("self",))
        .select_related(*LOCK_RELATED.get(model, ()))
        .get(pk=pk)
    )
    if expected_version is not None and obj.version != expected_version:
        raise EditConflict(label)
    return obj


# Recommendations and due dates --------------------------------------------------


@transaction.atomic
def create_recommendation(
    *,
    inspection: Inspection,
    text: str,
    user,
    timescale: str = Timescale.UNSPECIFIED,
    section: str = "",
    reference: str = "",
    priority: bool = False,
    lead_agency: str = "",
    team: Team | None = None,
    position: int | None = None,
) -> Recommendation:
    """Add a recommendation, its due date counted from the inspection's dates."""
    due = due_date_for(timescale, inspection.base_date)
    if position is None:
        position = inspection.recommendations.count()
    recommendation = Recommendation(
        inspection=inspection,
        text=text.strip(),
        timescale=timescale,
        section=section,
        reference=reference,
        priority=priority,
        lead_agency=lead_agency,
        team=team,
        original_due_date=due,
        due_date=due,
        position=position,
    )
    save_with_history(recommendation, user=user, reason="Recommendation entered")
    return recommendation


def recount_due_dates(recommendation: Recommendation) -> bool:
    """Count a recommendation's due dates from its inspection's dates and timescale.

    The original due date is always the one the report's dates give. A due date a
    manager revised stays as revised, unless there is no deadline any more. True if
    either date changed (the caller saves).
    """
    due = due_date_for(recommendation.timescale, recommendation.inspection.base_date)
    revised = recommendation.due_date != recommendation.original_due_date
    new_due = recommendation.due_date if revised and due is not None else due
    if (recommendation.original_due_date, recommendation.due_date) == (due, new_due):
        return False
    recommendation.original_due_date = due
    recommendation.due_date = new_due
    return True


@transaction.atomic
def recompute_due_dates(*, inspection: Inspection, user) -> int:
    """After a correction of an inspection's dates, recount its due dates.

    Every recommendation's, finished ones too: whether one was implemented on time
    is judged against its original due date.
    """
    changed = 0
    # Locked in id order, as assign_recommendations() locks them.
    recommendations = inspection.recommendations.select_for_update(
        no_key=True
    ).order_by("pk")
    for recommendation in recommendations:
        recommendation.inspection = inspection
        if not recount_due_dates(recommendation):
            continue
        recommendation.version += 1
        save_with_history(
            recommendation, user=user, reason="Due date recounted from inspection dates"
        )
        changed += 1
    return changed


@transaction.atomic
def save_inspection(*, inspection: Inspection, user) -> Inspection:
    """Save an edited inspection and recount its due dates if its dates moved."""
    previous = None
    if inspection.pk:
        previous = Inspection.objects.filter(pk=inspection.pk).first()
    save_with_history(inspection, user=user)
    if previous is not None and previous.base_date != inspection.base_date:
        recompute_due_dates(inspection=inspection, user=user)
    return inspection


@transaction.atomic
def revise_due_date(
    *,
    recommendation: Recommendation,
    due_date: datetime.date,
    reason: str,
    user,
    expected_version: int | None = None,
) -> Recommendation:
    """A manager moves a due date; the reason is required and kept for ever."""
    recommendation = _lock(
        Recommendation, recommendation.pk, expected_version, "recommendation"
    )
    permissions.require(
        permissions.is_manager(user, recommendation.inspection.authority_id)
        and recommendation.is_live,
        "Only a manager can revise the due date of a live recommendation.",
    )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter the reason for changing the due date"})
    if recommendation.timescale == Timescale.UNSPECIFIED:
        raise ValidationError(
            {"due_date": "This recommendation has no timescale, so it has no due date"}
        )
    if due_date == recommendation.due_date:
        raise ValidationError(
            {"due_date": "Enter a date different from the current one"}
        )
    revision = DueDateRevision(
        recommendation=recommendation,
        previous_due_date=recommendation.due_date,
        new_due_date=due_date,
        reason=reason,
        revised_by=user,
    )
    save_with_history(revision, user=user, reason=reason)
    recommendation.due_date = due_date
    recommendation.version += 1
    save_with_history(recommendation, user=user, reason=f"Due date revised: {reason}")
    return recommendation


@transaction.atomic
def mark_implemented(
    *,
    recommendation: Recommendation,
    user,
    implemented_on: datetime.date | None = None,
    expected_version: int | None = None,
) -> Recommendation:
    """The council says it is done: needs evidence and no unfinished actions."""
    recommendation = _lock(
        Recommendation, recommendation.pk, expected_version, "recommendation"
    )
    permissions.require(permissions.can_edit_recommendation(user, recommendation))
    if not recommendation.is_live:
        raise ValidationError(
            "Only an open or in-progress recommendation can be marked implemented"
        )
    problems = []  # all at once, not one per try
    if not _has_evidence(recommendation):
        problems.append(
            "Add at least one piece of evidence before marking this recommendation "
            "implemented"
        )
    unfinished = [
        f"\u201c{action.description}\u201d"
        for action in _unfinished_actions(recommendation).order_by("pk")
    ]
    if unfinished:
        problems.append(
            f"Finish or cancel {', '.join(unfinished)} before marking this "
            "recommendation implemented"
        )
    if problems:
        raise ValidationError(problems)
    recommendation.status = RecommendationStatus.IMPLEMENTED
    recommendation.implemented_on = implemented_on or timezone.localdate()
    recommendation.version += 1
    save_with_history(recommendation, user=user, reason="Marked implemented")
    return recommendation


# What "implemented" needs, for marking it and for keeping it --------------------


def _has_evidence(recommendation: Recommendation) -> bool:
    """At least one piece of evidence that has not been withdrawn."""
    return recommendation.evidence.filter(withdrawn_at__isnull=True).exists()


def _unfinished_actions(recommendation: Recommendation):
    """Its actions neither done nor cancelled."""
    return recommendation.actions.exclude(status__in=FINISHED_ACTION_STATUSES)


def _start(recommendation: Recommendation, *, user) -> None:
    """open -> in_progress once any action has started."""
    if recommendation.status == RecommendationStatus.OPEN:
        recommendation.status = RecommendationStatus.IN_PROGRESS
        recommendation.version += 1
        save_with_history(recommendation, user=user, reason="An action started")


def _live_status(recommendation: Recommendation) -> str:
    """in_progress once any action has started, else open."""
    started = recommendation.actions.filter(status__in=STARTED_ACTION_STATUSES)
    if started.exists():
        return RecommendationStatus.IN_PROGRESS
    return RecommendationStatus.OPEN


def _back_to_live(recommendation: Recommendation, *, user, reason: str) -> bool:
    """An implemented recommendation that no longer meets what "implemented" needs
    (evidence, every action finished, the inspectors' agreement) is live again, and
    its implemented date is cleared; history keeps both. True if it moved."""
    if recommendation.status != RecommendationStatus.IMPLEMENTED:
        return False
    recommendation.status = _live_status(recommendation)
    recommendation.implemented_on = None
    recommendation.version += 1
    save_with_history(recommendation, user=user, reason=reason)
    return True


@transaction.atomic
def recheck_implemented(*, recommendation: Recommendation, user) -> bool:
    """After actions or evidence changed outside these services (the admin): an
    implemented recommendation with no evidence left, or an unfinished action, is
    live again. True if it moved."""
    recommendation = _lock(Recommendation, recommendation.pk, None, "recommendation")
    if recommendation.status != RecommendationStatus.IMPLEMENTED:
        return False
    if not _has_evidence(recommendation):
        reason = "It has no evidence left: no longer implemented"
    elif _unfinished_actions(recommendation).exists():
        reason = "It has an unfinished action: no longer implemented"
    else:
        return False
    return _back_to_live(recommendation, user=user, reason=reason)


# Actions -----------------------------------------------------------------------


@transaction.atomic
def add_action(
    *,
    recommendation: Recommendation,
    description: str,
    user,
    owner=None,
    team: Team | None = None,
    target_date: datetime.date | None = None,
) -> Action:
    recommendation = _lock(Recommendation, recommendation.pk, None, "recommendation")
    permissions.require(permissions.can_edit_recommendation(user, recommendation))
    action = Action(
        recommendation=recommendation,
        description=(description or "").strip(),
        owner=owner,
        team=team or recommendation.team,
        target_date=target_date,
    )
    save_with_history(action, user=user, reason="Action added")
    _back_to_live(
        recommendation, user=user, reason="An action was added: no longer implemented"
    )
    return action


@transaction.atomic
def set_action_status(
    *,
    action: Action,
    status: str,
    user,
    reason: str = "",
    expected_version: int | None = None,
    today: datetime.date | None = None,
) -> Action:
    """Move an action on. Done records the date; blocked needs a reason (a note)."""
    # The recommendation first, as the services that add to it lock it: the
    # action's trigger writes the recommendation's Activity row and _start() may
    # change the recommendation, so locking the action first deadlocked with
    # someone adding an action or a note to it meanwhile (tests/test_concurrency.py).
    recommendation = _lock(
        Recommendation, action.recommendation_id, None, "recommendation"
    )
    action = _lock(Action, action.pk, expected_version, "action")
    permissions.require(permissions.can_edit_action(user, action))
    if status not in ActionStatus.values:
        raise ValidationError({"status": "Select a valid status"})
    reason = (reason or "").strip()
    if status == ActionStatus.BLOCKED and not reason:
        raise ValidationError({"reason": "Enter what is blocking this action"})
    if status == action.status:
        raise ValidationError({"status": "The action already has this status"})
    action.status = status
    action.completed_on = (
        (today or timezone.localdate()) if status == ActionStatus.DONE else None
    )
    action.version += 1
    save_with_history(
        action, user=user, reason=reason or f"Status: {action.get_status_display()}"
    )
    if reason:
        status_label = action.get_status_display().lower()
        body = f"Action \u201c{action}\u201d {status_label}: {reason}"
        save_with_history(
            Note(recommendation=recommendation, author=user, body=body), user=user
        )
    if status in STARTED_ACTION_STATUSES:
        _start(recommendation, user=user)
    if status not in FINISHED_ACTION_STATUSES:
        _back_to_live(
            recommendation,
            user=user,
            reason=f"An action is {action.get_status_display().lower()} again: "
            "no longer implemented",
        )
    return action


@transaction.atomic
def update_action(
    *,
    action: Action,
    user,
    description: str,
    owner=None,
    team: Team | None = None,
    target_date: datetime.date | None = None,
    expected_version: int | None = None,
) -> Action:
    action = _lock(Action, action.pk, expected_version, "action")
    permissions.require(permissions.can_edit_action(user, action))
    action.description = (description or "").strip()
    action.owner = owner
    action.team = team
    action.target_date = target_date
    action.version += 1
    save_with_history(action, user=user, reason="Action edited")
    return action


# Notes and evidence ------------------------------------------------------------


@transaction.atomic
def add_note(*, recommendation: Recommendation, body: str, user) -> Note:
    recommendation = _lock(Recommendation, recommendation.pk, None, "recommendation")
    permissions.require(permissions.can_edit_recommendation(user, recommendation))
    note = Note(recommendation=recommendation, author=user, body=(body or "").strip())
    save_with_history(note, user=user)
    return note


@transaction.atomic
def add_evidence(
    *,
    recommendation: Recommendation,
    user,
    description: str,
    file=None,
    url: str = "",
    action: Action | None = None,
) -> Evidence:
    """Attach a file (checked by content) and/or a link to a recommendation/action."""
    from inspections.files import validate_upload

    if action is not None:
        action = _lock(Action, action.pk, None, "action")
        permissions.require(permissions.can_edit_action(user, action))
        recommendation = action.recommendation
    else:
        recommendation = _lock(
            Recommendation, recommendation.pk, None, "recommendation"
        )
        permissions.require(permissions.can_edit_recommendation(user, recommendation))
    if file is None and not (url or "").strip():
        raise ValidationError({"file": "Choose a file or enter a link"})
    evidence = Evidence(
        recommendation=recommendation,
        action=action,
        description=(description or "").strip(),
        url=(url or "").strip(),
        added_by=user,
    )
    if file is not None:
        try:
            evidence.content_type = validate_upload(file)
        except ValidationError as error:
            raise ValidationError({"file": error.messages}) from error
        evidence.original_filename = (file.name or "")[-255:]
        evidence.size = file.size
        evidence.file = file
    save_with_history(evidence, user=user, reason="Evidence added")
    return evidence


@transaction.atomic
def withdraw_evidence(*, evidence: Evidence, user, reason: str) -> Evidence:
    """Evidence is never deleted: it is withdrawn, with a reason, and kept. An
    implemented recommendation left with no evidence is live again."""
    # The recommendation first, as mark_implemented() locks it to check the evidence.
    recommendation = _lock(
        Recommendation, evidence.recommendation_id, None, "recommendation"
    )
    evidence = _lock(Evidence, evidence.pk, None, "evidence")
    permissions.require(permissions.can_edit_evidence(user, evidence))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter why this evidence is being withdrawn"})
    if evidence.is_withdrawn:
        raise ValidationError("This evidence has already been withdrawn")
    evidence.withdrawn_at = timezone.now()
    evidence.withdrawal_reason = reason
    save_with_history(evidence, user=user, reason=f"Withdrawn: {reason}")
    implemented = recommendation.status == RecommendationStatus.IMPLEMENTED
    if implemented and not _has_evidence(recommendation):
        _back_to_live(
            recommendation,
            user=user,
            reason="Its last evidence was withdrawn: no longer implemented",
        )
    return evidence


# Close-out ---------------------------------------------------------------------


@transaction.atomic
def record_closeout(
    *,
    recommendation: Recommendation,
    outcome: str,
    user,
    inspection: Inspection | None = None,
    quote: str = "",
    paragraph: str = "",
    successor: Recommendation | None = None,
) -> CloseOut:
    """Record a verdict. Met/superseded/withdrawn close it; partly/not met carry it on,
    live (an implemented one too: the inspectors did not agree it was done).

    Linking a successor (the new report's recommendation that repeats it) closes a
    carried-forward recommendation as superseded by that one.
    """
    recommendation = _lock(Recommendation, recommendation.pk, None, "recommendation")
    permissions.require(
        permissions.is_manager(user, recommendation.inspection.authority_id),
        "Only a manager or administrator can record a close-out.",
    )
    if recommendation.status == RecommendationStatus.CLOSED:
        raise ValidationError("This recommendation is already closed")
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": "Select an outcome"})
    if inspection is not None and inspection.authority_id != (
        recommendation.inspection.authority_id
    ):
        raise ValidationError(
            {"inspection": "Choose an inspection of the same authority"}
        )
    if successor is not None and successor.inspection.authority_id != (
        recommendation.inspection.authority_id
    ):
        raise ValidationError(
            {"successor": "Choose a recommendation of the same authority"}
        )
    if successor is not None and outcome not in SUCCESSOR_OUTCOMES:
        raise ValidationError({"successor": SUCCESSOR_ONLY})
    closeout = CloseOut(
        recommendation=recommendation,
        inspection=inspection,
        outcome=outcome,
        quote=(quote or "").strip(),
        paragraph=(paragraph or "").strip(),
        successor=successor,
        decided_by=user,
    )
    save_with_history(closeout, user=user)
    if outcome not in CARRY_FORWARD_OUTCOMES or successor is not None:
        recommendation.status = RecommendationStatus.CLOSED
        if outcome in CARRY_FORWARD_OUTCOMES:  # the inspectors did not agree it was
            recommendation.implemented_on = None  # done: reopened, it is live
        recommendation.version += 1
        save_with_history(
            recommendation,
            user=user,
            reason=f"Closed: {closeout.get_outcome_display()}",
        )
    else:
        _back_to_live(
            recommendation,
            user=user,
            reason=f"Carried forward: {closeout.get_outcome_display().lower()}",
        )
    return closeout


# Managers: bulk reassignment (issue 4) ------------------------------------------


@transaction.atomic
def assign_recommendations(
    *,
    recommendations,
    user,
    team: Team | None = None,
    owner=None,
) -> list[Recommendation]:
    """A manager gives recommendations a new owning team and/or lead officer.

    None leaves that field as it is. Every recommendation must be live or implemented
    (not closed) and in an authority the user manages; the team and the lead officer
    must belong to that authority. All or nothing: one refusal changes no record.
    Each changed record gets one history entry.
    """
    if team is None and owner is None:
        raise ValidationError("Choose a new owning team or lead officer")
    pks = [recommendation.pk for recommendation in recommendations]
    locked = list(
        Recommendation.objects.select_for_update(no_key=True, of=("self",))
        .select_related("inspection")
        .filter(pk__in=pks)
        .order_by("pk")
    )
    owner_authorities = (
        set(owner.memberships.values_list("authority_id", flat=True))
        if owner is not None
        else set()
    )
    changes = []
    for recommendation in locked:
        authority_id = recommendation.inspection.authority_id
        permissions.require(
            permissions.is_manager(user, authority_id),
            "Only a manager of its authority can reassign a recommendation.",
        )
        label = recommendation.reference or f"#{recommendation.pk}"
        if recommendation.status == RecommendationStatus.CLOSED:
            raise ValidationError(
                f"Recommendation {label} is closed and cannot be reassigned"
            )
        if team is not None and team.authority_id != authority_id:
            raise ValidationError(
                {"team": f"{team} is not a team of recommendation {label}'s authority"}
            )
        if owner is not None and authority_id not in owner_authorities:
            raise ValidationError(
                {
                    "owner": f"{person_name(owner)} does not work for "
                    f"recommendation {label}'s authority"
                }
            )
        if (team is not None and recommendation.team_id != team.pk) or (
            owner is not None and recommendation.owner_id != owner.pk
        ):
            changes.append(recommendation)
    parts = []
    if team is not None:
        parts.append(f"owning team {team}")
    if owner is not None:
        parts.append(f"lead officer {person_name(owner)}")
    reason = "Reassigned: " + ", ".join(parts)
    for recommendation in changes:
        if team is not None:
            recommendation.team = team
        if owner is not None:
            recommendation.owner = owner
        recommendation.version += 1
        save_with_history(recommendation, user=user, reason=reason)
    return changes


# Close-out review at a new inspection, and reopening ------------------------------


@dataclass(frozen=True)
class Verdict:
    """One row of a close-out review: the new report's verdict on one recommendation."""

    recommendation: Recommendation
    outcome: str
    quote: str = ""
    paragraph: str = ""
    successor: Recommendation | None = None


class ReviewRejected(ValidationError):
    """Some verdicts were refused, so nothing of the review was saved.

    `by_recommendation` maps each refused recommendation's id to its error, so the
    review page can show each error beside its row.
    """

    def __init__(self, errors: dict[int, ValidationError]):
        self.by_recommendation = errors
        super().__init__([m for error in errors.values() for m in error.messages])


@transaction.atomic
def review_earlier_recommendations(
    *, inspection: Inspection, verdicts: Iterable[Verdict], user
) -> list[CloseOut]:
    """Record a new inspection's verdicts on earlier recommendations: all or nothing."""
    permissions.require(
        permissions.is_manager(user, inspection.authority_id),
        "Only a manager or administrator can review earlier recommendations.",
    )
    awaiting = set(
        Recommendation.objects.awaiting_verdict_from(inspection).values_list(
            "pk", flat=True
        )
    )
    closeouts, errors = [], {}
    for verdict in verdicts:
        pk = verdict.recommendation.pk
        if pk not in awaiting:
            errors[pk] = ValidationError(
                "This recommendation is not awaiting a verdict from this inspection"
            )
            continue
        if verdict.successor is not None and (
            verdict.successor.inspection_id != inspection.pk
        ):
            errors[pk] = ValidationError(
                {"successor": "Choose a recommendation of this inspection's report"}
            )
            continue
        try:
            closeouts.append(
                record_closeout(
                    recommendation=verdict.recommendation,
                    outcome=verdict.outcome,
                    user=user,
                    inspection=inspection,
                    quote=verdict.quote,
                    paragraph=verdict.paragraph,
                    successor=verdict.successor,
                )
            )
        except ValidationError as error:
            errors[pk] = error
    if errors:
        raise ReviewRejected(errors)
    return closeouts


@transaction.atomic
def reopen_recommendation(
    *, recommendation: Recommendation, reason: str, user
) -> Recommendation:
    """A manager undoes a wrong closure. The verdict is kept, marked as reopened."""
    recommendation = _lock(Recommendation, recommendation.pk, None, "recommendation")
    permissions.require(
        permissions.is_manager(user, recommendation.inspection.authority_id),
        "Only a manager can reopen a recommendation.",
    )
    if recommendation.status != RecommendationStatus.CLOSED:
        raise ValidationError("Only a closed recommendation can be reopened")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": "Enter why this recommendation is being reopened"}
        )
    closeout = (
        recommendation.closeouts.current()
        .closing()
        .order_by("-decided_at", "-pk")
        .first()
    )
    if closeout is not None:
        closeout.reopened_at = timezone.now()
        closeout.reopen_reason = reason
        save_with_history(closeout, user=user, reason=f"Reopened: {reason}")
    if recommendation.implemented_on is not None:
        recommendation.status = RecommendationStatus.IMPLEMENTED
    else:
        recommendation.status = _live_status(recommendation)
    recommendation.version += 1
    save_with_history(recommendation, user=user, reason=f"Reopened: {reason}")
    return recommendation


# Reminder switches and calendar feeds (issue 7) ----------------------------------


@transaction.atomic
def set_reminder_preference(*, user, digests_enabled: bool) -> ReminderPreference:
    """A person switches their own reminder emails on or off."""
    preference, _ = ReminderPreference.objects.get_or_create(user=user)
    preference.digests_enabled = digests_enabled
    save_with_history(
        preference,
        user=user,
        reason="Reminder emails " + ("on" if digests_enabled else "off"),
    )
    return preference


@transaction.atomic
def set_authority_reminders(*, authority: Authority, enabled: bool, user) -> Authority:
    """A manager switches reminder emails on or off for their whole authority."""
    permissions.require(
        permissions.is_manager(user, authority.pk),
        "Only a manager of this authority can switch its reminder emails.",
    )
    authority = Authority.objects.select_for_update(no_key=True).get(pk=authority.pk)
    authority.reminders_enabled = enabled
    save_with_history(
        authority,
        user=user,
        reason="Reminder emails " + ("on" if enabled else "off") + " for everyone",
    )
    return authority


@transaction.atomic
def create_calendar_feed(*, user) -> str:
    """Give a person a new private calendar token (revoking any old one).

    Returns the token; only its hash is stored, so it can be shown only this once.
    """
    revoke_calendar_feed(user=user)
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed(user=user, token_hash=CalendarFeed.hash_token(token))
    save_with_history(feed, user=user, reason="Calendar address created")
    return token


@transaction.atomic
def revoke_calendar_feed(*, user) -> int:
    """Stop a person's calendar address working; returns how many were revoked.

    Locks the person's row first, so two requests at once (a double click) take
    turns rather than both creating an address, which only one may have."""
    get_user_model().objects.select_for_update(no_key=True).filter(pk=user.pk).first()
    revoked = 0
    for feed in CalendarFeed.objects.filter(user=user, revoked_at__isnull=True):
        feed.revoked_at = timezone.now()
        save_with_history(feed, user=user, reason="Calendar address revoked")
        revoked += 1
    return revoked
