"""The audit log: every change in the manager's authorities, from the history tables.

One page reads the django-simple-history tables of every record people change,
merged into a single UNION query that the database sorts and pages, so the page
costs the same few queries however long the history is.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django import forms
from django.contrib.auth import get_user_model
from django.db import connection, models
from django.db.models import CharField, F, IntegerField, Q, TextField, Value
from django.db.models.functions import Cast, Coalesce, Concat, NullIf, Substr
from django.urls import reverse
from django.views.generic import ListView

from inspections.models import Inspection, Judgement
from inspections.people import person_name
from recommendations import permissions
from recommendations.choices import Outcome
from recommendations.filters import (
    DATE_HINT,
    DATE_INPUT_FORMATS,
    ChoicesInPythonSelect,
    PersonChoiceField,
    date_input,
    word_errors,
)
from recommendations.mixins import ManagerRequiredMixin
from recommendations.models import (
    Action,
    CloseOut,
    DueDateRevision,
    Evidence,
    Note,
    Recommendation,
    Team,
)
from recommendations.pagination import CountedPaginator
from recommendations.timeline import choice_label, long_date

LABEL_LENGTH = 200
# The log lists at most the newest this many changes, and beyond that says "more
# than": counting a national history exactly (660,000 rows) took 200 ms on every
# page, and nobody pages through more; filters reach older changes.
LISTED = 10_000
NO_ID = Value(None, output_field=IntegerField())


@dataclass(frozen=True)
class RecordType:
    """How one model's history appears in the log."""

    model: type[models.Model]
    authority_path: str  # lookup from a history row to its authority's id
    label: models.Expression
    recommendation: models.Expression = NO_ID
    inspection: models.Expression = NO_ID

    @property
    def name(self) -> str:
        return self.model._meta.verbose_name.capitalize()


CHILD = "recommendation__inspection__authority_id"
RECORD_TYPES = {
    "recommendation": RecordType(
        Recommendation,
        "inspection__authority_id",
        Substr("text", 1, LABEL_LENGTH),
        recommendation=F("id"),
        inspection=F("inspection_id"),
    ),
    "action": RecordType(
        Action,
        CHILD,
        Substr("description", 1, LABEL_LENGTH),
        recommendation=F("recommendation_id"),
    ),
    "evidence": RecordType(
        Evidence,
        CHILD,
        Substr("description", 1, LABEL_LENGTH),
        recommendation=F("recommendation_id"),
    ),
    "note": RecordType(
        Note,
        CHILD,
        Substr("body", 1, LABEL_LENGTH),
        recommendation=F("recommendation_id"),
    ),
    "duedaterevision": RecordType(
        DueDateRevision,
        CHILD,
        Concat(
            Value("Due date "),
            Cast("previous_due_date", CharField()),
            Value(" to "),
            Cast("new_due_date", CharField()),
            output_field=TextField(),
        ),
        recommendation=F("recommendation_id"),
    ),
    "closeout": RecordType(
        CloseOut,
        CHILD,
        Concat(Value("Outcome: "), F("outcome"), output_field=TextField()),
        recommendation=F("recommendation_id"),
    ),
    "inspection": RecordType(
        Inspection,
        "authority_id",
        Coalesce(NullIf("title", Value("")), F("kind"), output_field=TextField()),
        inspection=F("id"),
    ),
    "judgement": RecordType(
        Judgement,
        "inspection__authority_id",
        Concat(F("area"), Value(": "), F("grade"), output_field=TextField()),
        inspection=F("inspection_id"),
    ),
    "team": RecordType(Team, "authority_id", Cast("name", TextField())),
}
CHANGE_TYPES = {"+": "Created", "~": "Changed", "-": "Deleted"}


class AuditLogFilterForm(forms.Form):
    # Options written in Python from (id, name) rows: a regional manager's log
    # offers 1,650 people, which Django's option templates took 140 ms to write.
    person = PersonChoiceField(
        label="Person",
        queryset=get_user_model().objects.none(),
        required=False,
        widget=ChoicesInPythonSelect,
    )
    record = forms.ChoiceField(
        label="Record type",
        required=False,
        choices=[("", "All records")]
        + [(key, record.name) for key, record in RECORD_TYPES.items()],
    )
    date_from = forms.DateField(
        label="Changed on or after",
        required=False,
        help_text=DATE_HINT,
        input_formats=DATE_INPUT_FORMATS,
        widget=date_input(),
    )
    date_to = forms.DateField(
        label="Changed on or before",
        required=False,
        help_text=DATE_HINT,
        input_formats=DATE_INPUT_FORMATS,
        widget=date_input(),
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].empty_label = "Anyone"
        word_errors(self)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date must be on or after the start date")
        return cleaned


def history_entries(
    *, authority_ids, person=None, record=None, start=None, end=None, newest=None
):
    """Every history row in scope, newest first, as one UNION queryset of dicts.

    With `newest`, only the newest that many: each table is read newest first from
    its (history_date, history_id) index and stops there, instead of every row in
    scope being sorted to show a page of 50. Only for a database that can order and
    limit each part of a UNION (PostgreSQL; `limits_parts()`).
    """
    parts = []
    for key, record_type in RECORD_TYPES.items():
        if record and key != record:
            continue
        rows = record_type.model.history.all().order_by()
        if authority_ids is not None:
            rows = rows.filter(**{f"{record_type.authority_path}__in": authority_ids})
        if person is not None:
            rows = rows.filter(history_user=person)
        if start is not None:
            rows = rows.filter(history_date__date__gte=start)
        if end is not None:
            rows = rows.filter(history_date__date__lte=end)
        parts.append(
            rows.annotate(
                entry_id=F("history_id"),
                entry_date=F("history_date"),
                entry_type=F("history_type"),
                entry_user=F("history_user_id"),
                entry_reason=Coalesce(
                    "history_change_reason", Value(""), output_field=TextField()
                ),
                entry_record=Value(key, output_field=CharField()),
                entry_object=F("id"),
                entry_label=record_type.label,
                entry_recommendation=record_type.recommendation,
                entry_inspection=record_type.inspection,
            ).values(
                "entry_id",
                "entry_date",
                "entry_type",
                "entry_user",
                "entry_reason",
                "entry_record",
                "entry_object",
                "entry_label",
                "entry_recommendation",
                "entry_inspection",
            )
        )
        if newest is not None:
            parts[-1] = parts[-1].order_by("-entry_date", "-entry_id")[:newest]
    first, *others = parts
    return first.union(*others, all=True).order_by(
        "-entry_date", "entry_record", "-entry_id"
    )


def limits_parts() -> bool:
    """Whether the database can order and limit each part of a UNION."""
    return connection.features.supports_slicing_ordering_in_compound


class AuditLogView(ManagerRequiredMixin, ListView):
    """URL name `audit_log`: who changed what, when and why, in the user's scope."""

    template_name = "recommendations/audit_log.html"
    paginate_by = 50

    def has_manager_access(self, user) -> bool:
        return permissions.can_view_audit_log(user)

    def get_queryset(self):
        user = self.request.user
        self.authority_ids = permissions.audit_log_authority_ids(user)
        people = get_user_model().objects.order_by("first_name", "last_name")
        if self.authority_ids is not None:
            people = people.filter(
                Q(memberships__authority_id__in=self.authority_ids)
                | Q(is_superuser=True)
            ).distinct()
        self.form = AuditLogFilterForm(self.request.GET or None, people=people)
        if self.form.is_bound and not self.form.is_valid():
            # As the lists do (django-filter's strict mode): the error, and no
            # changes, rather than every change as if the filter had not been set.
            self.found = 0
            return []
        cleaned = getattr(self.form, "cleaned_data", {})
        scope = {
            "authority_ids": self.authority_ids,
            "person": cleaned.get("person"),
            "record": cleaned.get("record") or None,
            "start": cleaned.get("date_from"),
            "end": cleaned.get("date_to"),
        }
        entries = history_entries(**scope)
        self.found = entries.order_by()[: LISTED + 1].count()
        if self.found <= LISTED or not limits_parts():
            return entries
        # Many changes in scope: each table's newest are its first rows by date.
        return history_entries(**scope, newest=self.page_end())

    def page_end(self) -> int:
        """How many of the newest entries the requested page needs, from 50 to
        LISTED (the paginator answers 404 for a page that does not exist)."""
        page = str(self.request.GET.get(self.page_kwarg) or 1)
        pages = LISTED // self.paginate_by
        number = int(page) if page.isdecimal() else pages  # or "last"
        return max(1, min(number, pages)) * self.paginate_by

    def get_paginator(self, queryset, per_page, **kwargs):
        return CountedPaginator(
            queryset, per_page, count=min(self.found, LISTED), **kwargs
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entries = list(context["object_list"])
        users = get_user_model().objects.in_bulk(
            {entry["entry_user"] for entry in entries if entry["entry_user"]}
        )
        for entry in entries:
            user = users.get(entry["entry_user"])
            entry["who"] = person_name(user)
            entry["record_name"] = RECORD_TYPES[entry["entry_record"]].name
            entry["change"] = CHANGE_TYPES.get(entry["entry_type"], "")
            entry["url"] = _link(entry)
            entry["entry_label"] = _readable(entry)
        context.update(
            entries=entries,
            form=self.form,
            more_than_listed=self.found > LISTED,
            listed=f"{LISTED:,}",
        )
        return context


ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def _readable(entry) -> str:
    """The label as the rest of the service writes it: dates as "24 May 2010" and
    outcomes by name (the database gives ISO dates and codes)."""
    label = entry["entry_label"] or ""
    if entry["entry_record"] == "closeout":
        code = label.removeprefix("Outcome: ")
        return f"Outcome: {choice_label(Outcome, code)}"
    if entry["entry_record"] == "duedaterevision":  # only there: others quote people
        return ISO_DATE.sub(
            lambda match: long_date(datetime.date.fromisoformat(match[0])), label
        )
    return label


def _link(entry) -> str:
    if entry["entry_recommendation"]:
        return reverse(
            "recommendations:recommendation_detail",
            args=[entry["entry_recommendation"]],
        )
    if entry["entry_inspection"]:
        return reverse(
            "inspections:inspection_detail", args=[entry["entry_inspection"]]
        )
    return ""
