"""The recommendation table behind every manager's list, and its exports.

Rows come from RecommendationTable.rows_for(queryset): one query with the progress
and activity annotations, so neither the page nor an export queries per row.
Columns with visible=False appear only in CSV/XLSX exports.

django-tables2 declares the columns, their headers, sorting and pagination. The
cells themselves are written by this module's `cells` and `values`, one plain
function per column: django-tables2's generic path (accessors, signature inspection
and a template variable per cell) cost more than everything else on a 50-row page
and seconds on a 5,000-row export (docs/performance.md). tests/perf/
test_recommendation_table.py checks that both give what django-tables2 itself would.
"""

from __future__ import annotations

import datetime
import html
from functools import cached_property

import django_tables2 as tables
from django.template.defaultfilters import truncatechars
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from inspections.links import paths_to
from inspections.models import Inspection
from inspections.people import person_name
from recommendations.choices import Outcome, RecommendationStatus, Timescale
from recommendations.exports import neutralise_cell
from recommendations.models import Recommendation
from recommendations.templatetags.govuk_tables import govuk_attrs
from recommendations.templatetags.workspace import SHORT_DATE, status_tag

NUMERIC = {
    "th": {"class": "govuk-table__header--numeric"},
    "td": {"class": "govuk-table__cell--numeric"},
}
# What the cells and export values read (RecommendationTable.rows_for).
ROW_FIELDS = (
    *("reference", "text", "timescale", "original_due_date", "due_date", "status"),
    *("priority", "lead_agency", "inspection", "team", "owner"),
    *(f"inspection__{name}" for name in Inspection.LABEL_FIELDS),
    "team__name",
    *("owner__first_name", "owner__last_name", "owner__username"),
)
# Labels by value: get_FOO_display() is a generic lookup, slow over 5,000 rows.
TIMESCALES = dict(Timescale.choices)
STATUSES = dict(RecommendationStatus.choices)
OUTCOMES = dict(Outcome.choices)
EXPORT_ONLY = {"visible": False, "orderable": False}
# GOV.UK link style and focus state, not the browser's.
LINK = {"a": {"class": "govuk-link"}}
NO_PRINT = {"th": {"class": "app-no-print"}, "td": {"class": "app-no-print"}}
SHORT_TEXT = 120
BULK_FORM_ID = "bulk-assign"
REVISED_TAG = mark_safe(  # noqa: S308 - a constant, no user text
    ' <strong class="govuk-tag govuk-tag--grey">Revised</strong>'
)


def esc(value) -> str:
    """conditional_escape(), without the lazy-translation check Django wraps it in:
    a 50-row page escapes about 2,000 values. Same output (html.escape)."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


# An empty cell said in words, as the rest of the service says it.
NO_TEAM, NO_LEAD = "No team", "No lead"


def row_name(record) -> str:
    """What a row's controls are about, for a screen reader: "recommendation 1" is
    in many reports, so the report is named too."""
    return f"recommendation {record.reference or record.pk} of {record.inspection}"


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
        pk, label = esc(value), esc(row_name(record))
        return SafeString(
            '<div class="govuk-checkboxes govuk-checkboxes--small">'
            '<div class="govuk-checkboxes__item">'
            f'<input class="govuk-checkboxes__input" id="select-{pk}" type="checkbox" '
            f'name="pk" value="{pk}" form="{BULK_FORM_ID}">'
            f'<label class="govuk-label govuk-checkboxes__label" for="select-{pk}">'
            f'<span class="govuk-visually-hidden">Select {label}</span>'
            "</label></div></div>"
        )


class RecommendationTable(tables.Table):
    # Every sort ends with the id, so rows that tie (a due date many share) keep
    # one order from page to page and in exports.
    select = SelectColumn()
    # References are numbers written as text ("10" sorts before "2"), so the
    # column sorts as the reports list them: newest inspection first (Inspection's
    # ordering), then each report's own order.
    reference = tables.Column(
        "Ref",
        linkify=True,
        order_by=("inspection", "position", "pk"),
        attrs=LINK,
    )
    text = tables.Column("Recommendation", orderable=False)
    inspection = tables.Column(
        "Inspection", linkify=True, order_by=("inspection", "pk"), attrs=LINK
    )
    timescale = tables.Column("Timescale")  # order_timescale
    # Plain columns with render methods, not DateColumn: that is a TemplateColumn,
    # which compiles a template for every cell it renders.
    original_due_date = tables.Column("Original due date")  # order_original_due_date
    due_date = tables.Column("Due date")  # order_due_date
    days_overdue = tables.Column(
        "Days overdue",
        accessor="due_date",
        empty_values=(),
        attrs=NUMERIC,
    )  # order_days_overdue: the most overdue is the earliest due
    team = tables.Column(
        "Owning team", order_by=("team__name", "pk"), default=NO_TEAM
    )
    owner = tables.Column(
        "Lead",
        order_by=("owner__first_name", "owner__last_name", "pk"),
        default=NO_LEAD,
    )
    status = tables.Column("Status")  # order_status
    actions = tables.Column(
        "Actions done", accessor="actions_done", order_by=("actions_done", "pk")
    )
    last_update = tables.Column("Last update", order_by=("last_update", "pk"))
    # Exports only: not shown, so not offered for sorting either.
    authority = tables.Column(
        "Authority", accessor="inspection__authority__name", **EXPORT_ONLY
    )
    priority = tables.BooleanColumn(verbose_name="Priority action", **EXPORT_ONLY)
    lead_agency = tables.Column("Lead agency", **EXPORT_ONLY)
    latest_note = tables.Column("Latest note", **EXPORT_ONLY)
    latest_note_at = tables.Column("Latest note written", **EXPORT_ONLY)
    evidence_count = tables.Column("Evidence", **EXPORT_ONLY)
    latest_outcome = tables.Column("Latest verdict", **EXPORT_ONLY)

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
        template_name = "recommendations/includes/recommendation_table.html"
        empty_text = "No recommendations match these filters."
        order_by = ("due_date",)

    def __init__(
        self,
        *args,
        today: datetime.date | None = None,
        full_text: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        # On paper a folded text cannot be opened: print shows it all.
        self.full_text = full_text
        self.tz = timezone.get_current_timezone()  # looked up once, not per cell

    # Dates: no date last going up, first going down, on SQLite as on PostgreSQL.
    def order_due_date(self, queryset, is_descending):
        return queryset.by_date("due_date", descending=is_descending), True

    def order_original_due_date(self, queryset, is_descending):
        field = "original_due_date"
        return queryset.by_date(field, descending=is_descending), True

    def order_days_overdue(self, queryset, is_descending):
        return queryset.by_date("due_date", descending=not is_descending), True

    # Sorting by urgency and by lifecycle, not by the codes' spelling.
    def order_timescale(self, queryset, is_descending):
        return queryset.by_choice(
            "timescale", Timescale, descending=is_descending
        ), True

    def order_status(self, queryset, is_descending):
        statuses = RecommendationStatus
        return queryset.by_choice("status", statuses, descending=is_descending), True

    # Sorting by a figure the Activity table keeps (recommendations/activity.py).
    def order_actions(self, queryset, is_descending):
        # "0 of 1" after every "0 of 0", not among them: done, then out of how many.
        figures = ("actions_done", "actions_total")
        return queryset.by_activity(*figures, descending=is_descending), True

    def order_last_update(self, queryset, is_descending):
        return queryset.by_activity("last_update", descending=is_descending), True

    @staticmethod
    def rows_for(queryset, *, export: bool = False):
        """The rows with what the page shows; `export` adds what only exports hold.

        Only the columns the cells read are fetched: a 5,000-row export spent a
        fifth of its time decoding and storing fields nobody reads (passwords,
        file names, timestamps). Reading any other field would cost a query per
        row, which tests/recommendations/test_manager_lists.py would catch.
        """
        rows = (
            queryset.select_related("inspection", "team", "owner")
            .only(*ROW_FIELDS)
            .with_progress(blocked=False)
        )
        if export:
            return (
                rows.select_related("inspection__authority")
                .only(*ROW_FIELDS, "inspection__authority__name")
                .with_activity()
            )
        return rows.with_last_update()

    # Fast paths -----------------------------------------------------------------

    def body_html(self) -> str:
        """The <tbody> rows of this page (all rows when unpaginated)."""
        cells = self.cells
        columns = [
            (
                f"<td {govuk_attrs('govuk-table__cell', column.attrs['td'])}>",
                cells[column.name],
            )
            for column in self.columns  # the visible ones
        ]
        # Each cell is escaped unless its function marked it safe.
        rows = [
            '<tr class="govuk-table__row">'
            + "".join(f"{td}{esc(cell(record))}</td>" for td, cell in columns)
            + "</tr>"
            for record in (row.record for row in self.paginated_rows)
        ]
        if not rows:
            return format_html(
                '<tr class="govuk-table__row"><td class="govuk-table__cell" '
                'colspan="{}">{}</td></tr>',
                len(self.columns),
                self.empty_text,
            )
        return mark_safe("".join(rows))  # noqa: S308 - every cell escaped above

    @property
    def cells(self) -> dict:
        """Column name -> function(record) giving the cell's HTML."""
        default = self.default
        recommendation_url = paths_to("recommendations:recommendation_detail")
        inspection_url = paths_to("inspections:inspection_detail")

        def link(url, text):
            return SafeString(
                f'<a class="govuk-link" href="{esc(url)}">{esc(text)}</a>'
            )

        return {
            "select": lambda r: self.columns["select"].column.render(r.pk, r),
            "reference": lambda r: (
                link(recommendation_url(r.pk), self.render_reference(r.reference))
                if r.reference
                else default
            ),
            "text": lambda r: self.render_text(r.text),
            "inspection": lambda r: link(inspection_url(r.inspection_id), r.inspection),
            "timescale": lambda r: TIMESCALES.get(r.timescale, r.timescale),
            "original_due_date": lambda r: (
                self.render_original_due_date(r.original_due_date)
                if r.original_due_date
                else default
            ),
            "due_date": lambda r: (
                self.render_due_date(r.due_date, r) if r.due_date else default
            ),
            "days_overdue": lambda r: self.render_days_overdue(r),
            "team": lambda r: r.team.name if r.team else NO_TEAM,
            "owner": lambda r: self.render_owner(r.owner) if r.owner else NO_LEAD,
            "status": lambda r: status_tag(r.status, STATUSES.get(r.status, r.status)),
            "actions": lambda r: self.render_actions(r),
            "last_update": lambda r: (
                self.render_last_update(r.last_update) if r.last_update else default
            ),
        }

    def as_values(self, exclude_columns=None):
        """Header row, then every row's export values (what CSV/XLSX hold)."""
        exclude_columns = exclude_columns or ()
        values = self.values
        columns = [
            column
            for column in self.columns.iterall()
            if not (column.column.exclude_from_export or column.name in exclude_columns)
        ]
        yield [str(column.header) for column in columns]
        getters = [values[column.name] for column in columns]
        # Read in chunks, not all at once: a national export has 100,000 rows.
        records = self.data.data
        if hasattr(records, "iterator"):
            records = records.iterator(chunk_size=2000)
        for record in records:
            yield [neutralise_cell(get(record)) for get in getters]

    @property
    def values(self) -> dict:
        """Column name -> function(record) giving the cell's value in an export."""
        inspections = {}  # id -> label: an export's thousands of rows share a few

        def inspection(r):
            label = inspections.get(r.inspection_id)
            if label is None:
                label = inspections[r.inspection_id] = str(r.inspection)
            return label

        return {
            "reference": lambda r: r.reference or None,
            "text": lambda r: r.text or None,
            "inspection": inspection,
            "timescale": lambda r: TIMESCALES.get(r.timescale, r.timescale) or None,
            "original_due_date": lambda r: r.original_due_date,
            "due_date": lambda r: r.due_date,
            "days_overdue": self._days_overdue,
            "team": lambda r: r.team.name if r.team else None,
            "owner": lambda r: self.render_owner(r.owner) if r.owner else None,
            "status": lambda r: STATUSES.get(r.status, r.status) or None,
            "actions": self.render_actions,
            "last_update": lambda r: self.value_last_update(r.last_update),
            "authority": lambda r: r.inspection.authority.name or None,
            "priority": lambda r: self.value_priority(r.priority),
            "lead_agency": lambda r: r.lead_agency or None,
            "latest_note": lambda r: r.latest_note or None,
            "latest_note_at": lambda r: self.value_latest_note_at(r.latest_note_at),
            "evidence_count": lambda r: r.evidence_count,
            "latest_outcome": lambda r: (
                self.value_latest_outcome(r.latest_outcome) or None
            ),
        }

    def value_priority(self, value):
        return "Yes" if value else "No"  # not Python's True/False

    def value_latest_outcome(self, value):
        return OUTCOMES.get(value, value) if value else ""

    def render_reference(self, value):
        # A screen reader's list of links would otherwise hear just "5".
        return SafeString(
            f'<span class="govuk-visually-hidden">Recommendation </span>{esc(value)}'
        )

    def value_reference(self, value):
        return value

    def render_text(self, value):
        if self.full_text or len(value) <= SHORT_TEXT:
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
            change = (
                f'<br><a class="govuk-link app-no-print" '
                f'href="{esc(self.revise_due_date_url(record.pk))}">Change'
                '<span class="govuk-visually-hidden"> due date of '
                f"{esc(row_name(record))}</span></a>"
            )
        return SafeString(f"{value:{SHORT_DATE}}{revised}{change}")

    @cached_property
    def revise_due_date_url(self):
        return paths_to("recommendations:recommendation_revise_due_date")

    def value_due_date(self, value):
        return value

    def render_original_due_date(self, value):
        return f"{value:{SHORT_DATE}}"

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
        return person_name(value)

    def value_owner(self, value):
        return self.render_owner(value)

    def render_status(self, value, record):
        return status_tag(record.status, value)

    def value_status(self, value):
        return value

    def render_actions(self, record):
        if not record.actions_total:  # "0 of 0" reads as no progress
            return "No actions to do"
        return f"{record.actions_done} of {record.actions_total}"

    def render_last_update(self, value):
        return f"{value.astimezone(self.tz):{SHORT_DATE}}"

    def value_last_update(self, value):
        return value.astimezone(self.tz).date() if value else None

    def value_latest_note_at(self, value):
        return value.astimezone(self.tz).strftime("%Y-%m-%d %H:%M") if value else None
