"""Fixed vocabularies of recommendations and their follow-through (DOMAIN.md)."""

from django.db import models


class Timescale(models.TextChoices):
    IMMEDIATE = "immediate", "Immediately"
    THREE_MONTHS = "3_months", "Within 3 months"
    SIX_MONTHS = "6_months", "Within 6 months"
    LONGER_TERM = "longer_term", "Longer term"
    UNSPECIFIED = "unspecified", "No timescale"


class RecommendationStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    IMPLEMENTED = "implemented", "Implemented"
    CLOSED = "closed", "Closed"


# Still being worked on: the only statuses that can be overdue or due soon.
LIVE_STATUSES = (RecommendationStatus.OPEN, RecommendationStatus.IN_PROGRESS)


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    BLOCKED = "blocked", "Blocked"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


OPEN_ACTION_STATUSES = (
    ActionStatus.NOT_STARTED,
    ActionStatus.IN_PROGRESS,
    ActionStatus.BLOCKED,
)


class Outcome(models.TextChoices):
    """A later inspection's (or a manager's) verdict on a recommendation."""

    MET = "met", "Met"
    PARTLY_MET = "partly_met", "Partly met"
    NOT_MET = "not_met", "Not met"
    SUPERSEDED = "superseded", "Superseded"
    WITHDRAWN = "withdrawn", "Withdrawn"


# These outcomes carry the recommendation forward: it stays live.
CARRY_FORWARD_OUTCOMES = (Outcome.PARTLY_MET, Outcome.NOT_MET)


class Rag(models.TextChoices):
    """Red / amber / green: shown, never stored."""

    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


# Reminders (issue 7) ------------------------------------------------------------


class ReminderStage(models.TextChoices):
    """Why an item was in someone's reminder email."""

    DUE_SOON = "due_soon", "Due soon"
    OVERDUE = "overdue", "Overdue"


class DigestKind(models.TextChoices):
    OWNER_DAILY = "owner_daily", "Daily reminder to an owner"
    MANAGER_WEEKLY = "manager_weekly", "Weekly overdue summary to a manager"
