"""Template tags and filters of the officers' workspace: status, RAG and progress.

They are simple tags rather than included templates because a page repeats them on
every row, and an {% include %} with its own context costs about ten times as much.
"""

from __future__ import annotations

import datetime

from django import template
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString

from inspections.files import file_size
from recommendations.choices import Rag

register = template.Library()

# Dates in tables, written in Python: "27 Mar 2027", as the templates' date:"j M Y".
SHORT_DATE = "%-d %b %Y"

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
    css = f" govuk-tag--{colour}" if colour else ""
    # An f-string, not format_html: a list page writes fifty of these.
    return SafeString(
        f'<strong class="govuk-tag{css}">{escape(label or status)}</strong>'
    )


# RAG value -> (GOV.UK tag colour, the status in words: colour is never the only cue).
RAG_TAGS = {
    "red": ("red", "Red"),
    "amber": ("yellow", "Amber"),
    "green": ("green", "Green"),
}


@register.simple_tag
def rag_tag(rag: str | None) -> str:
    """A RAG status ("red", "amber" or "green") as a GOV.UK tag; nothing otherwise."""
    if rag not in RAG_TAGS:
        return ""
    colour, words = RAG_TAGS[rag]
    return format_html(
        '<strong class="govuk-tag govuk-tag--{} app-tag--rag">'
        '<span class="govuk-visually-hidden">RAG status: </span>{}</strong>',
        colour,
        words,
    )


@register.simple_tag
def progress_bar(done, total, label: str = "", id: str = "") -> str:  # noqa: A002
    """Progress as a bar and the words, e.g. "3 of 5 actions done"; with no
    actions to do (none, or every one cancelled), just "No actions to do".

    The bar is decoration (aria-hidden): the text carries the meaning. Its width is
    a class in 5% steps (app-progress__bar--w0 ... w100) because a strict CSP
    forbids style attributes."""
    done, total = done or 0, total or 0
    if not total and not label:  # "0 of 0 actions done" reads as no progress
        return format_html(
            '<div class="app-progress"{}><p class="app-progress__text">'
            "No actions to do</p></div>",
            format_html(' id="{}"', id) if id else "",
        )
    if total and done >= total:
        width = 100
    else:
        width = 5 * round(done / total * 20) if total else 0
    return format_html(
        '<div class="app-progress"{}>'
        '<div class="app-progress__track" aria-hidden="true">'
        '<div class="app-progress__bar app-progress__bar--w{}"></div></div>'
        '<p class="app-progress__text">{} of {} {}</p></div>',
        format_html(' id="{}"', id) if id else "",
        width,
        done,
        total,
        label or "actions done",
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


# The officer's home: one tag per table row -------------------------------------
# An officer may have dozens of actions and team recommendations on their home, the
# page officers open most; these rows cost a third of its CPU as template markup.

CELL = '<td class="govuk-table__cell">'
DATE_CELL = '<td class="govuk-table__cell app-nowrap">'
# An action's RAG tag on the home follows its deadline group (views/workspace.py).
GROUP_RAG = {"overdue": Rag.RED, "due_soon": Rag.AMBER}


def _deadline_cell(due: datetime.date | None, missing: str) -> str:
    if due is None:
        return f"{DATE_CELL}{missing}</td>"
    return (
        f'{DATE_CELL}{due:{SHORT_DATE}}<br><span class="govuk-body-s">'
        f"{deadline_phrase(due)}</span></td>"
    )


def _link(obj) -> str:
    return (
        f'<a class="govuk-link" href="{escape(obj.get_absolute_url())}">'
        f"{escape(obj)}</a>"
    )


@register.simple_tag
def action_row(action, group: str) -> str:
    """Usage: {% action_row action group.key %}: a row of "My actions"."""
    return SafeString(
        '<tr class="govuk-table__row">'
        f"{CELL}{_link(action)}</td>"
        f"{CELL}{escape(action.recommendation)}</td>"
        f"{_deadline_cell(action.target_date, 'None')}"
        f"{CELL}{rag_tag(GROUP_RAG.get(group))} "
        f"{status_tag(action.status, action.get_status_display())}</td></tr>"
    )


@register.simple_tag
def team_recommendation_row(rec) -> str:
    """Usage: {% team_recommendation_row recommendation %}: a row of "My teams'
    recommendations" (the queryset needs with_progress())."""
    return SafeString(
        '<tr class="govuk-table__row">'
        f'{CELL}{_link(rec)}<br><span class="govuk-body-s">{escape(rec.inspection)}'
        f"</span></td>"
        f"{CELL}{escape(rec.team)}</td>"
        f"{_deadline_cell(rec.due_date, 'No deadline')}"
        f"{CELL}{rag_tag(rec.rag)}</td>"
        f"{CELL}{progress_bar(rec.actions_done, rec.actions_total)}</td></tr>"
    )


@register.filter(name="file_size")
def file_size_filter(num_bytes) -> str:
    """`{{ size|file_size }}`: "20MB", as GOV.UK writes sizes (inspections.files)."""
    return file_size(int(num_bytes or 0))
