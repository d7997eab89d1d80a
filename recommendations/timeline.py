"""A recommendation's story in one list, newest first: the timeline builder.

It merges the human journal (Notes) with the audit trail (the simple-history rows of
the recommendation, its actions and its evidence) and the due-date revisions, each
with who did it. The two kinds of history stay separate in the database (STYLE.md);
they only meet here, for display. Five queries, however long the story.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from itertools import groupby
from operator import attrgetter

from inspections.people import person_name
from recommendations.choices import ActionStatus, RecommendationStatus
from recommendations.models import Action, DueDateRevision, Evidence, Recommendation


@dataclass(frozen=True)
class TimelineEntry:
    """One dated event: what happened (title), the detail (text) and who did it."""

    at: datetime.datetime
    kind: str  # note, status, action, evidence, due_date, recommendation
    title: str
    user: object | None = None
    text: str = ""

    @property
    def who(self) -> str:
        if self.user is None:
            return "the system"
        return person_name(self.user)


def choice_label(choices, value: str) -> str:
    """A choice's label ("Met"), or the stored value if it is no longer a choice."""
    return choices(value).label if value in choices.values else value


def _history(model, **filters):
    """Pairs of (previous, current) history rows per object, oldest first."""
    rows = (
        model.history.filter(**filters)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    for _pk, versions in groupby(rows, key=attrgetter("id")):
        previous = None
        for row in versions:
            yield previous, row
            previous = row


def _recommendation_entries(recommendation: Recommendation):
    for previous, row in _history(Recommendation, id=recommendation.pk):
        user, reason = row.history_user, row.history_change_reason or ""
        if previous is None:
            yield TimelineEntry(
                row.history_date, "recommendation", "Recommendation entered", user
            )
            continue
        if row.status != previous.status:
            new = choice_label(RecommendationStatus, row.status)
            old = choice_label(RecommendationStatus, previous.status)
            yield TimelineEntry(
                row.history_date,
                "status",
                f"Recommendation status changed from {old} to {new}",
                user,
                reason,
            )
        # A manager's revision keeps the original date and is shown from its own
        # record (with the reason); a recount from corrected inspection dates moves
        # the original date too, and is only visible here.
        if row.original_due_date != previous.original_due_date:
            yield TimelineEntry(
                row.history_date,
                "due_date",
                "Due dates recounted from the inspection's dates",
                user,
                f"Original due date {long_date(previous.original_due_date)} is now "
                f"{long_date(row.original_due_date)}; "
                f"due date {long_date(previous.due_date)} "
                f"is now {long_date(row.due_date)}.",
            )


def long_date(value: datetime.date | None) -> str:
    """A date as the service writes it in sentences: "24 May 2010"."""
    return f"{value:%-d %B %Y}" if value else "none"


def _action_entries(recommendation: Recommendation):
    for previous, row in _history(Action, recommendation_id=recommendation.pk):
        user = row.history_user
        if previous is None:
            yield TimelineEntry(
                row.history_date, "action", "Action added", user, row.description
            )
            continue
        if row.status != previous.status:
            new = choice_label(ActionStatus, row.status)
            old = choice_label(ActionStatus, previous.status)
            yield TimelineEntry(
                row.history_date,
                "status",
                f"Action status changed from {old} to {new}",
                user,
                row.description,
            )
        changed = [
            label
            for field, label in (
                ("description", "description"),
                ("owner_id", "owner"),
                ("target_date", "target date"),
            )
            if getattr(row, field) != getattr(previous, field)
        ]
        if changed:
            yield TimelineEntry(
                row.history_date,
                "action",
                f"Action edited ({', '.join(changed)})",
                user,
                row.description,
            )


def _evidence_entries(recommendation: Recommendation):
    for previous, row in _history(Evidence, recommendation_id=recommendation.pk):
        user = row.history_user
        if previous is None:
            yield TimelineEntry(
                row.history_date,
                "evidence",
                "Evidence added",
                user,
                row.description,
            )
        elif row.withdrawn_at and not previous.withdrawn_at:
            yield TimelineEntry(
                row.history_date,
                "evidence",
                "Evidence withdrawn",
                user,
                f"{row.description}. Reason: {row.withdrawal_reason}",
            )


def _revision_entries(recommendation: Recommendation, revisions=None):
    if revisions is None:
        revisions = DueDateRevision.objects.filter(
            recommendation=recommendation
        ).select_related("revised_by")
    for revision in revisions:
        yield TimelineEntry(
            revision.revised_at,
            "due_date",
            f"Due date revised from {long_date(revision.previous_due_date)} to "
            f"{long_date(revision.new_due_date)}",
            revision.revised_by,
            revision.reason,
        )


def _note_entries(recommendation: Recommendation):
    for note in recommendation.notes.select_related("author"):
        yield TimelineEntry(
            note.created_at, "note", "Progress note", note.author, note.body
        )


def build_timeline(
    recommendation: Recommendation, revisions=None
) -> list[TimelineEntry]:
    """Everything that happened to a recommendation, newest first.

    `revisions`: its due-date revisions with `revised_by`, if the caller has them
    already (the recommendation page lists them too); else they are fetched.
    """
    entries = [
        *_note_entries(recommendation),
        *_recommendation_entries(recommendation),
        *_action_entries(recommendation),
        *_evidence_entries(recommendation),
        *_revision_entries(recommendation, revisions),
    ]
    entries.sort(key=attrgetter("at"), reverse=True)
    return entries
