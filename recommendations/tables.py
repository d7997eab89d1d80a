"""The recommendation table behind every manager's list, and its exports.

Rows come from RecommendationTable.rows_for(queryset): one query with the progress
and activity annotations, so neither the page nor an export queries per row.
Columns with visible=False appear only in CSV/XLSX exports.
"""

from __future__ import annotations

import datetime

import django_tables2 as tables
from django.template.defaultfilters import truncatechars
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from recommendations.choices import Outcome
from recommendations.exports import neutralise_cell
from recommendations.models import Recommendation

NUMERIC = {
    "th": {"class": "govuk-table__header--numeric"},
    "td": {"class": "govuk-table__cell--numeric"},
}
NO_PRINT = {"th": {"class": "app-no-print"}, "td": {"class": "app-no-print"}}
SHORT_TEXT = 120
# A spreadsheet runs a cell that starts with one of these as a formula.
BULK_FORM_ID = "bulk-assign"
REVISED_TAG = mark_safe(  # noqa: S308 - a constant, no user text
    ' <strong class="govuk-tag govuk-tag--grey">Revised</strong>'
)


class SelectColumn(tables.Column):
    """A checkbox per row that belongs to the bulk-assign form (HTML `form=`)."""

    def __init__(self, **kwargs):
        super().__init__(
            accessor="pk",
            verbose_name="Select",
            orderable=False,
            exclude_from_export=True,
            attrs=NO_PRINT,
            **kwargs,
        )

    def header_html(self):
        return format_html('<span class="govuk-visually-hidden">Select</span>')

    def render(self, value, record):
        return format_html(
            '<div class="govuk-checkboxes govuk-checkboxes--small">'
            '<div class="govuk-checkboxes__item">'
            '<input class="govuk-checkboxes__input" id="select-{pk}" type="checkbox" '
            'name="pk" value="{pk}" form="{form}">'
            '<label class="govuk-label govuk-checkboxes__label" for="select-{pk}">'
            '<span class="govuk-visually-hidden">Select recommendation {label}</span>'
            "</label></div></div>",
            pk=value,
            form=BULK_FORM_ID,
            label=record.reference or value,
        )


class RecommendationTable(tables.Table):
    select = SelectColumn()
    reference = tables.Column("Ref", linkify=True)
    text = tables.Column("Recommendation", orderable=False)
    inspection = tables.Column("Inspection", linkify=True, order_by=("inspection",))
    timescale = tables.Column("Timescale")
    # Plain columns with render methods, not DateColumn: that is a TemplateColumn,
    # which compiles a template for every cell it renders.
    original_due_date = tables.Column("Original due date")
    due_date = tables.Column("Due date")
    days_overdue = tables.Column(
        "Days overdue",
        accessor="due_date",
        order_by=("-due_date",),
        empty_values=(),
        attrs=NUMERIC,
    )
    team = tables.Column("Owning team", order_by=("team__name",))
    owner = tables.Column("Lead", order_by=("owner__first_name", "owner__last_name"))
    status = tables.Column("Status")
    actions = tables.Column(
        "Actions done", accessor="actions_done", order_by=("actions_done",)
    )
    last_update = tables.Column("Last update")
    # Exports only.
    authority = tables.Column(
        "Authority", accessor="inspection__authority__name", visible=False
    )
    priority = tables.BooleanColumn(verbose_name="Priority action", visible=False)
    lead_agency = tables.Column("Lead agency", visible=False)
    latest_note = tables.Column("Latest note", visible=False)
    latest_note_at = tables.Column("Latest note written", visible=False)
    evidence_count = tables.Column("Evidence", visible=False)
    latest_outcome = tables.Column("Latest verdict", visible=False)

    class Meta:
        model = Recommendation
        fields = ()
        sequence = (
            "select",
            "reference",
            "text",
            "inspection",
            "timescale",
            "original_due_date",
            "due_date",
            "days_overdue",
            "team",
            "owner",
            "status",
            "actions",
            "last_update",
            "...",
        )
        attrs = {"class": "app-table--compact"}
        empty_text = "No recommendations match these filters."
        order_by = ("due_date",)

    def __init__(self, *args, today: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()

    @staticmethod
    def rows_for(queryset):
        return (
            queryset.select_related("inspection__authority", "team", "owner")
            .with_progress()
            .with_activity()
        )

    def as_values(self, exclude_columns=None):
        for row in super().as_values(exclude_columns):
            yield [neutralise_cell(value) for value in row]

    def value_latest_outcome(self, value):
        return Outcome(value).label if value else ""

    def render_text(self, value):
        if len(value) <= SHORT_TEXT:
            return value
        return format_html(
            '<details class="govuk-details govuk-!-margin-bottom-0">'
            '<summary class="govuk-details__summary">'
            '<span class="govuk-details__summary-text">{}</span></summary>'
            '<div class="govuk-details__text">{}</div></details>',
            truncatechars(value, SHORT_TEXT),
            value,
        )

    def value_text(self, value):
        return value

    def render_due_date(self, value, record):
        revised = REVISED_TAG if record.is_revised else ""
        change = ""
        if record.is_live:
            change = format_html(
                '<br><a class="govuk-link app-no-print" href="{}">Change'
                '<span class="govuk-visually-hidden"> due date of recommendation {}'
                "</span></a>",
                reverse(
                    "recommendations:recommendation_revise_due_date", args=[record.pk]
                ),
                record.reference or record.pk,
            )
        return format_html("{}{}{}", f"{value:%-d %b %Y}", revised, change)

    def value_due_date(self, value):
        return value

    def render_original_due_date(self, value):
        return f"{value:%-d %b %Y}"

    def value_original_due_date(self, value):
        return value

    def _days_overdue(self, record) -> int | None:
        if not record.overdue_on(self.today):
            return None
        return (self.today - record.due_date).days

    def render_days_overdue(self, record):
        days = self._days_overdue(record)
        return "" if days is None else days

    def value_days_overdue(self, record):
        return self._days_overdue(record)

    def render_owner(self, value):
        return value.get_full_name() or value.get_username()

    def value_owner(self, value):
        return self.render_owner(value)

    def render_status(self, value, record):
        return render_to_string(
            "includes/status_tag.html", {"status": record.status, "label": value}
        )

    def value_status(self, value):
        return value

    def render_actions(self, record):
        return f"{record.actions_done} of {record.actions_total}"

    def render_last_update(self, value):
        return f"{timezone.localdate(value):%-d %b %Y}"

    def value_last_update(self, value):
        return timezone.localdate(value) if value else None

    def value_latest_note_at(self, value):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else None
