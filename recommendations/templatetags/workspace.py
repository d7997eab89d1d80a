"""Template filters of the officers' workspace."""

from __future__ import annotations

import datetime

from django import template
from django.utils import timezone
from django.utils.html import format_html

register = template.Library()

# The GOV.UK tag colour of each recommendation and action status. Red and yellow are
# left to the RAG tag so the two are not confused side by side.
STATUS_TAG_COLOURS = {
    "open": "blue",
    "not_started": "blue",
    "in_progress": "light-blue",
    "implemented": "turquoise",
    "done": "green",
    "blocked": "orange",
    "closed": "grey",
    "cancelled": "grey",
}


@register.simple_tag
def status_tag(status: str, label: str = "") -> str:
    """A status as a GOV.UK tag; nothing for no status. Label defaults to the value."""
    if not status:
        return ""
    colour = STATUS_TAG_COLOURS.get(status)
    return format_html(
        '<strong class="govuk-tag{}">{}</strong>',
        f" govuk-tag--{colour}" if colour else "",
        label or status,
    )


def deadline_phrase(
    due: datetime.date | None, today: datetime.date | None = None
) -> str:
    """ "3 days late", "Due today", "12 days left"; empty without a date."""
    if due is None:
        return ""
    days = (due - (today or timezone.localdate())).days
    if days == 0:
        return "Due today"
    count = abs(days)
    noun = "day" if count == 1 else "days"
    return f"{count} {noun} late" if days < 0 else f"{count} {noun} left"


@register.filter
def days_to(due: datetime.date | None) -> str:
    """Usage: {{ action.target_date|days_to }}"""
    return deadline_phrase(due)
