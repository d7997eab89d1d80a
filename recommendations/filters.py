"""Filters for the recommendation lists (django-filter).

Every rule about dates (overdue, due within N days, revised) is the queryset's:
these filters call RecommendationQuerySet methods and never restate them. Choices
are limited to what the user may see, so a filter never reveals another
authority's teams, people or inspections. To add a filter, declare it here and
list it in Meta.fields; the list pages render whatever the form holds.
"""

from __future__ import annotations

import datetime
import re
from html import escape

import django_filters
from django import forms
from django.db.models import Q
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django_filters.fields import ModelChoiceField

from inspections.choices import InspectionKind
from inspections.models import Authority, Inspection, Membership
from inspections.people import person_name_from
from inspections.querysets import people_visible_to
from recommendations import permissions
from recommendations.choices import RecommendationStatus, Timescale
from recommendations.models import Recommendation, Team
from recommendations.querysets import MAX_DAYS

YES_NO = [("true", "Yes"), ("false", "No")]

# The largest id a 64-bit integer column holds: a bigger number cannot be a row, and
# the database would refuse it with an error instead of finding nothing.
MAX_ID = 2**63 - 1
# ASCII digits only: str.isdigit() accepts "²", which int() refuses, and int() accepts
# "١" and "1_0", which are not how an id is written.
ID_RE = re.compile(r"[0-9]+")


def parse_id(value) -> int | None:
    """The row id that a query string or form value names, or None if it names none.

    The one test of an id for the lists, their filters and the API's filters. At
    most 19 digits once leading zeros are dropped, so int() never meets a number
    longer than it will read (4,300 digits).
    """
    text = str(value)
    if not ID_RE.fullmatch(text):
        return None
    digits = text.lstrip("0")
    if not digits or len(digits) > len(str(MAX_ID)):
        return None
    number = int(digits)
    return number if number <= MAX_ID else None


# A region's inspections, teams and people run to thousands: too many to choose
# from, and most of a list page's cost to send (docs/performance.md). Someone who
# sees more authorities than this is offered those of the authority they chose, or
# asked to choose one first. Any visible one is still accepted (links, bookmarks).
MANY_AUTHORITIES = 5
IN_AUTHORITY = {
    "inspection": lambda pk: Q(authority_id=pk),
    "team": lambda pk: Q(authority_id=pk),
    "owner": lambda pk: Q(
        pk__in=Membership.objects.filter(authority_id=pk).values("user_id")
    ),
}


def _authorities(request):
    return Authority.objects.visible_to(request.user)


def _inspections(request):
    return Inspection.objects.visible_to(request.user)


def _teams(request):
    return Team.objects.visible_to(request.user)


def people(user):
    """People who work in any of the user's authorities, by name."""
    return (
        people_visible_to(user)
        .order_by("first_name", "last_name", "username")
        # What a choice shows (the name), not passwords and login dates.
        .only("first_name", "last_name", "username")
    )


def _people(request):
    return people(request.user)


class ChoicesInPythonSelect(forms.Select):
    """A select whose options are written in one Python loop, not a template each.

    A regional manager's filters offer thousands of inspections, teams and people;
    Django renders every option through its own template include, which took longer
    than the rest of the list page (docs/performance.md). Same markup.
    """

    def render(self, name, value, attrs=None, renderer=None):
        selected = {str(v) for v in self.format_value(value)}
        options = "".join(
            f'<option value="{escape(str(key))}"'
            f"{' selected' if str(key) in selected else ''}>"
            f"{escape(str(label))}</option>"
            for key, label in self.choices
        )
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            mark_safe(options),  # noqa: S308 - every key and label escaped above
        )


class ValuesChoiceIterator(ModelChoiceIterator):
    """(pk, label) pairs from one values_list query: no model instance per choice.

    Offers the field's `options` where set (a narrower list than it accepts).
    """

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        label = self.field.label_from_values
        offered = self.queryset if self.field.options is None else self.field.options
        for pk, *values in offered.values_list("pk", *self.field.label_fields):
            yield (pk, label(*values))


class IdsOnlyMixin:
    """For a model multiple choice: refuse any value that is not an id (parse_id)
    before the database is asked. Django's own check lets numbers through that are
    too big for the id column, which the database answers with an error."""

    def _check_values(self, value):
        for pk in value:
            if parse_id(pk) is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class ValuesChoiceField(ModelChoiceField):
    """A model choice whose labels come from `label_fields` via `label_from_values`.

    Validation still looks the chosen row up in the (scoped) queryset, once the
    value is an id (parse_id).
    """

    iterator = ValuesChoiceIterator
    label_fields: tuple[str, ...] = ("name",)
    options = None  # a queryset to offer, if narrower than the one accepted

    def __init__(self, *args, label_fields=None, label_from_values=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label_fields:
            self.label_fields = label_fields
        if label_from_values:
            self.label_from_values = label_from_values

    def to_python(self, value):
        if (
            value not in self.empty_values
            and not isinstance(value, self.queryset.model)
            and parse_id(value) is None
        ):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)

    def label_from_values(self, name) -> str:
        return name


class PersonChoiceField(ValuesChoiceField):
    """Shows a person by their name rather than their username."""

    label_fields = ("first_name", "last_name", "username")

    def label_from_values(self, *values) -> str:
        return person_name_from(*values)


class ValuesChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = ValuesChoiceField


class PersonChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = PersonChoiceField


# A date filter is one GOV.UK text input, not the browser's own date picker (which
# shows mm/dd/yyyy in an American browser and whose calendar button shows no focus).
# It reads dates as people write them here ("27/3/2026", "27/03/2026", "27 March
# 2026") and as links and the bench write them (ISO, "2026-03-27").
DATE_INPUT_FORMATS = ("%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y")
DATE_HINT = "For example, 27/3/2026"


def date_input() -> forms.DateInput:
    """The widget of every filter by date: a text input (DateInput's own type)."""
    return forms.DateInput(attrs={"autocomplete": "off", "spellcheck": "false"})


def _a(label: str) -> str:
    """'Owning team' as a thing to select: 'an owning team'."""
    noun = label[:1].lower() + label[1:]
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


def word_errors(form: forms.Form) -> None:
    """Give a filter form's fields GOV.UK's error messages, which name the field by
    its label ("'Due on or before' must be a real date"), in place of Django's
    ("Enter a valid date."). The one wording of each kind of field, for the lists'
    filters and the audit log's."""
    for field in form.fields.values():
        label = f"'{field.label}'"
        if isinstance(field, forms.DateField):
            messages = {"invalid": f"{label} must be a real date"}
        elif isinstance(field, forms.IntegerField):  # and DecimalField, its subclass
            messages = {"invalid": f"{label} must be a number"}
            if field.min_value is not None:
                messages["min_value"] = f"{label} must be {field.min_value:,} or more"
            if field.max_value is not None:
                messages["max_value"] = f"{label} must be {field.max_value:,} or less"
        elif isinstance(field, forms.ChoiceField):  # ModelChoiceField too
            # A model's choices are not read here: that is a query of every row.
            yes_no = not isinstance(field, forms.ModelChoiceField) and [
                value for value, _ in field.choices if value != ""
            ] == [value for value, _ in YES_NO]
            select = (
                f"Select yes, no or either for {label}"
                if yes_no
                else f"Select {_a(field.label)} from the list"  # noqa: S608 - words, not SQL
            )
            messages = {"invalid_choice": select, "invalid_list": select}
        else:
            continue
        field.error_messages.update(messages)


class RecommendationFilterForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        word_errors(self)

    def clean(self):
        cleaned = super().clean()
        after, before = cleaned.get("due_after"), cleaned.get("due_before")
        if after and before and after > before:
            # Else the list is silently empty.
            self.add_error(
                "due_before",
                "'Due on or before' must be the same as or after 'Due on or after'",
            )
        return cleaned


class RecommendationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search", method="search", help_text="Words in the text or reference"
    )
    authority = ValuesChoiceFilter(
        field_name="inspection__authority",
        queryset=_authorities,
        label="Authority",
        empty_label="Any authority",
        widget=ChoicesInPythonSelect,
    )
    inspection = ValuesChoiceFilter(
        queryset=_inspections,
        label_fields=Inspection.LABEL_FIELDS,
        label_from_values=Inspection.label_for,
        label="Inspection",
        empty_label="Any inspection",
        widget=ChoicesInPythonSelect,
    )
    kind = django_filters.ChoiceFilter(
        widget=ChoicesInPythonSelect,
        field_name="inspection__kind",
        choices=InspectionKind.choices,
        label="Inspection kind",
        empty_label="Any kind",
    )
    timescale = django_filters.ChoiceFilter(
        widget=ChoicesInPythonSelect,
        choices=Timescale.choices,
        label="Timescale",
        empty_label="Any timescale",
    )
    team = ValuesChoiceFilter(
        queryset=_teams,
        label="Owning team",
        empty_label="Any team",
        widget=ChoicesInPythonSelect,
    )
    owner = PersonChoiceFilter(
        queryset=_people,
        label="Lead officer",
        empty_label="Anyone",
        widget=ChoicesInPythonSelect,
    )
    status = django_filters.MultipleChoiceFilter(
        choices=RecommendationStatus.choices,
        label="Status",
        widget=forms.CheckboxSelectMultiple,
        # A column never repeats a row: without this, django-filter's SELECT
        # DISTINCT made the database compute every matching row's annotations to
        # compare them (100 ms for a regional manager's open ones).
        distinct=False,
    )
    priority = django_filters.ChoiceFilter(
        widget=ChoicesInPythonSelect,
        choices=YES_NO,
        label="Priority action",
        method="filter_priority",
        empty_label="Either",
    )
    due_after = django_filters.DateFilter(
        field_name="due_date",
        lookup_expr="gte",
        label="Due on or after",
        help_text=DATE_HINT,
        input_formats=DATE_INPUT_FORMATS,
        widget=date_input(),
    )
    due_before = django_filters.DateFilter(
        field_name="due_date",
        lookup_expr="lte",
        label="Due on or before",
        help_text=DATE_HINT,
        input_formats=DATE_INPUT_FORMATS,
        widget=date_input(),
    )
    days_overdue = django_filters.NumberFilter(
        label="Overdue by at least (days)",
        method="filter_days_overdue",
        min_value=0,
        max_value=MAX_DAYS,
    )
    due_within = django_filters.NumberFilter(
        label="Due within (days)",
        method="filter_due_within",
        min_value=0,
        max_value=MAX_DAYS,
    )
    revised = django_filters.ChoiceFilter(
        widget=ChoicesInPythonSelect,
        choices=YES_NO,
        label="Due date revised",
        method="filter_revised",
        empty_label="Either",
    )

    carried_forward = django_filters.ChoiceFilter(
        widget=ChoicesInPythonSelect,
        choices=YES_NO,
        label="Carried forward by a later inspection",
        method="filter_carried_forward",
        empty_label="Either",
    )

    class Meta:
        model = Recommendation
        form = RecommendationFilterForm
        fields = [
            "q",
            "authority",
            "inspection",
            "kind",
            "timescale",
            "team",
            "owner",
            "status",
            "priority",
            "due_after",
            "due_before",
            "days_overdue",
            "due_within",
            "revised",
            "carried_forward",
        ]

    def __init__(self, *args, today: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.offer_by_authority()

    def offer_by_authority(self) -> None:
        """Narrow the long selects to the chosen authority (see MANY_AUTHORITIES)."""
        chosen = parse_id(self.data.get("authority"))
        user = getattr(self.request, "user", None)
        if chosen is None and not (
            user is not None
            and (user.is_superuser or len(permissions.roles(user)) > MANY_AUTHORITIES)
        ):
            return
        for name, in_authority in IN_AUTHORITY.items():
            field = self.form.fields[name]
            offered = Q(pk__in=[])
            if chosen is not None:
                offered |= in_authority(chosen)
            else:
                field.help_text = (
                    "Choose an authority and apply the filters to list its "
                    f"{field.label.lower()}s"
                )
            selected = parse_id(self.data.get(name))
            if selected is not None:  # from a link: still shown, selected
                offered |= Q(pk=selected)
            field.options = field.queryset.filter(offered)

    def search(self, queryset, name, value):
        terms = value.split()
        for term in terms:
            queryset = queryset.filter(
                Q(text__icontains=term)
                | Q(reference__iexact=term)
                | Q(section__icontains=term)
            )
        return queryset

    def filter_days_overdue(self, queryset, name, value):
        cutoff = self.today - datetime.timedelta(days=int(value))
        return queryset.overdue(today=self.today).filter(due_date__lte=cutoff)

    def filter_due_within(self, queryset, name, value):
        return queryset.due_within(int(value), today=self.today)

    def filter_priority(self, queryset, name, value):
        return queryset.filter(priority=value == "true")

    def filter_carried_forward(self, queryset, name, value):
        carried = queryset.carried_forward()
        if value == "true":
            return carried
        return queryset.exclude(pk__in=carried.values("pk"))

    def filter_revised(self, queryset, name, value):
        revised = queryset.revised()
        if value == "true":
            return revised
        return queryset.exclude(pk__in=revised.values("pk"))
