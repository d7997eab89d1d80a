"""Template filters of the officers' workspace."""

from __future__ import annotations

import datetime

from django import template
from django.utils import timezone

register = template.Library()


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
