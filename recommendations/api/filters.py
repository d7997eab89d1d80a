"""The API's filters. "overdue" and "due_within" call the queryset rules."""

from django import forms
from django.db.models import Exists, OuterRef, Q
from django_filters import rest_framework as filters
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_field

from inspections.choices import InspectionKind
from inspections.models import Authority, Inspection
from recommendations.choices import ActionStatus, RecommendationStatus, Timescale
from recommendations.filters import MAX_ID, IdsOnlyMixin, parse_id
from recommendations.models import Action, Recommendation, Team
from recommendations.querysets import MAX_DAYS


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, leaving the filterset it used on the view
    (`view.filterset`), where a list can read what it was filtered by."""

    def get_filterset(self, request, queryset, view):
        view.filterset = super().get_filterset(request, queryset, view)
        return view.filterset


class IdsField(IdsOnlyMixin, filters.ModelMultipleChoiceFilter.field_class):
    def clean(self, value):
        # Nothing asked for: no filter. Django answers queryset.none(), which the
        # filter then tests for truth by compiling a query, on every request.
        if not value and not self.required:
            return []
        return super().clean(value)


class ChoicesFilter(filters.MultipleChoiceFilter):
    """One or more values (`?status=open&status=in_progress`) of a column.

    Without SELECT DISTINCT, which django-filter adds by default: these filters
    follow columns and foreign keys only, which never repeat a row, and DISTINCT
    made PostgreSQL compute every matching row's annotations to compare them.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)


class IdsFilter(ChoicesFilter, filters.ModelMultipleChoiceFilter):
    """One or more ids (`?team=1&team=2`) of rows the user can see."""

    field_class = IdsField


class IdField(forms.Field):
    """One id, as parse_id() reads ids everywhere else."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        number = parse_id(value)
        if number is None:
            raise forms.ValidationError("Enter an id: a whole number from 1")
        return number


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(filters.Filter):
    field_class = IdField


def visible_authorities(request):
    return Authority.objects.visible_to(request.user)


def visible_teams(request):
    return Team.objects.visible_to(request.user)


def visible_inspections(request):
    return Inspection.objects.visible_to(request.user)


def visible_recommendations(request):
    return Recommendation.objects.visible_to(request.user)


@extend_schema_field({"type": "integer", "minimum": 0, "maximum": MAX_DAYS})
class DaysFilter(filters.Filter):
    """A whole number of days, 0 to MAX_DAYS (3,650)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_DAYS)
        super().__init__(*args, **kwargs)


class DeadlineFilterSet(filters.FilterSet):
    """`overdue` and `due_within`, for any model whose queryset has those rules."""

    overdue = filters.BooleanFilter(
        method="filter_overdue", label="Overdue (true) or not overdue (false)"
    )
    due_within = DaysFilter(
        method="filter_due_within",
        label="Open and due within this many days from today (0 = today)",
    )

    def filter_overdue(self, queryset, name, value):
        if value:
            return queryset.overdue()
        # NOT EXISTS, not NOT IN: PostgreSQL runs it as an anti-join, so a page in
        # index order stops at its end instead of filtering every row first.
        overdue = queryset.model.objects.overdue().filter(pk=OuterRef("pk"))
        return queryset.exclude(Exists(overdue))

    def filter_due_within(self, queryset, name, value):
        return queryset.due_within(value)


class InspectionFilterSet(filters.FilterSet):
    authority = IdsFilter(queryset=visible_authorities)
    kind = ChoicesFilter(choices=InspectionKind.choices)

    class Meta:
        model = Inspection
        fields = ["authority", "kind"]


class RecommendationFilterSet(DeadlineFilterSet):
    q = filters.CharFilter(method="filter_q", label="Words in the text or reference")
    authority = IdsFilter(
        field_name="inspection__authority", queryset=visible_authorities
    )
    inspection = IdsFilter(queryset=visible_inspections)
    team = IdsFilter(queryset=visible_teams)
    status = ChoicesFilter(choices=RecommendationStatus.choices)
    timescale = ChoicesFilter(choices=Timescale.choices)
    no_deadline = filters.BooleanFilter(
        field_name="due_date", lookup_expr="isnull", label="Has no due date"
    )

    class Meta:
        model = Recommendation
        fields = ["priority"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(text__icontains=value) | Q(reference__iexact=value))


class ActionFilterSet(DeadlineFilterSet):
    authority = IdsFilter(
        field_name="recommendation__inspection__authority",
        queryset=visible_authorities,
    )
    recommendation = IdsFilter(queryset=visible_recommendations)
    team = IdsFilter(queryset=visible_teams)
    status = ChoicesFilter(choices=ActionStatus.choices)
    owner = IdFilter(label="The owner's user id")
    mine = filters.BooleanFilter(method="filter_mine", label="Owned by me")

    class Meta:
        model = Action
        fields = []

    def filter_mine(self, queryset, name, value):
        mine = Q(owner=self.request.user)
        return queryset.filter(mine) if value else queryset.exclude(mine)
