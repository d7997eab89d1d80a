"""Managers' recommendation lists (all, overdue, due soon, no deadline), their
CSV/XLSX exports and printable versions, and the changes managers make from them:
revising a due date and reassigning many recommendations at once.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, QueryDict, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import FormView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export import TableExport
from django_tables2.export.views import ExportMixin

from recommendations import permissions, services, tallies
from recommendations.exports import csv_chunks, xlsx_file
from recommendations.filters import (
    IdsOnlyMixin,
    PersonChoiceField,
    RecommendationFilterSet,
    parse_id,
    people,
)
from recommendations.forms import DateField, FromTodayMixin, VersionField
from recommendations.mixins import ManagerRequiredMixin
from recommendations.models import Recommendation, Team
from recommendations.pagination import IdsFirstPaginator
from recommendations.services import EditConflict
from recommendations.tables import BULK_FORM_ID, RecommendationTable

# Excel column widths (characters) of the long-text columns; the rest fit their header.
XLSX_WIDTHS = {"Recommendation": 60, "Inspection": 40, "Latest note": 60}
# The most rows a list page shows, printable version included (about 40 sheets of
# A4), whatever `?per_page=` asks: printing a regional manager's 100,000 took one
# server process 9 s and 750 MB. Exports have no limit; they stream.
PRINT_ROWS = 1000


class ListPaginator(IdsFirstPaginator):
    """The lists' pages, of 1 to PRINT_ROWS rows whatever `?per_page=` asks (below
    1, no page exists, not even the first)."""

    def __init__(self, object_list, per_page, *args, **kwargs):
        per_page = max(1, min(int(per_page), PRINT_ROWS))
        super().__init__(object_list, per_page, *args, **kwargs)


class RecommendationListView(
    ManagerRequiredMixin, ExportMixin, SingleTableMixin, FilterView
):
    """URL name `recommendations:recommendation_list`; the presets below narrow it.

    `?_export=csv|xlsx` downloads every filtered row; `?print=1` shows them laid
    out for paper, up to PRINT_ROWS a page.
    """

    template_name = "recommendations/recommendation_list.html"
    table_class = RecommendationTable
    filterset_class = RecommendationFilterSet
    table_pagination = {"per_page": 50}
    export_formats = ("csv", "xlsx")
    title = "Recommendations"
    slug = "recommendations"
    description = ""
    # Its rows are every visible recommendation, filtered, which the tallies may be
    # able to count (tallies.total); a list with a preset counts its own rows.
    tallied = True

    def dispatch(self, request, *args, **kwargs):
        self.today = timezone.localdate()
        return super().dispatch(request, *args, **kwargs)

    def preset(self, queryset):
        return queryset

    @property
    def exporting(self) -> bool:
        return bool(self.request.GET.get(self.export_trigger_param))

    def get_queryset(self):
        visible = Recommendation.objects.visible_to(self.request.user)
        return RecommendationTable.rows_for(self.preset(visible), export=self.exporting)

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["today"] = self.today
        return kwargs

    @property
    def printable(self) -> bool:
        return self.request.GET.get("print") == "1"

    def get_table_kwargs(self):
        kwargs = {"today": self.today}
        if self.printable:
            kwargs.update(exclude=("select",), full_text=True)
        return kwargs

    def get_table(self, **kwargs):
        table = super().get_table(**kwargs)
        table.caption = self.title
        return table

    def get_table_pagination(self, table):
        if self.exporting:  # every row, and no count
            return False
        pagination = super().get_table_pagination(table)
        pagination["paginator_class"] = ListPaginator
        if self.printable:
            pagination["per_page"] = PRINT_ROWS
        filterset = self.filterset
        if self.tallied and (not filterset.is_bound or filterset.is_valid()):
            pagination["count"] = tallies.total(
                self.request.user,
                filterset.form.cleaned_data if filterset.is_bound else {},
            )
        return pagination

    def create_export(self, export_format):
        """CSV streams as it is read; XLSX is written row by row to a temporary
        file (recommendations.exports). Neither holds every row in memory."""
        if export_format not in self.export_formats:
            # django-tables2 would build any tablib format (JSON, YAML, ODS...) in
            # memory for the whole list; only the two offered are written.
            raise Http404("No such export format")
        table = self.get_table(**self.get_table_kwargs())
        rows = table.as_values(exclude_columns=self.exclude_columns)
        filename = self.get_export_filename(export_format)
        content_type = TableExport.FORMATS[export_format]
        if export_format == TableExport.XLSX:
            book = xlsx_file(rows, self.get_dataset_kwargs()["title"], XLSX_WIDTHS)
            return FileResponse(
                book, as_attachment=True, filename=filename, content_type=content_type
            )
        response = StreamingHttpResponse(csv_chunks(rows), content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def get_export_filename(self, export_format):
        return f"{self.slug}-{self.today:%Y-%m-%d}.{export_format}"

    def get_dataset_kwargs(self):
        return {"title": self.title[:31]}  # Excel's limit on a sheet name

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        for key in ("page", "print", "_export"):
            query.pop(key, None)
        context.update(
            title=self.title,
            description=self.description,
            today=self.today,
            printable=self.printable,
            print_rows=f"{PRINT_ROWS:,}",
            query=query.urlencode(),
            filtered=any(
                self.request.GET.get(name) for name in self.filterset.form.fields
            ),
            bulk_form_id=BULK_FORM_ID,
            nav_section="recommendations:recommendation_list",
        )
        return context


class OverdueListView(RecommendationListView):
    title = "Overdue recommendations"
    tallied = False
    slug = "overdue-recommendations"
    description = "Open or in progress, and past their due date. Most overdue first."

    def preset(self, queryset):
        return queryset.overdue(today=self.today)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["nav_section"] = "recommendations:overdue"
        return context


class DueSoonListView(RecommendationListView):
    """Due within DUE_SOON_DAYS unless the "due within" filter says otherwise."""

    title = "Recommendations due soon"
    tallied = False
    slug = "recommendations-due-soon"

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        data = (kwargs["data"] or QueryDict()).copy()
        if not data.get("due_within"):
            data["due_within"] = str(settings.DUE_SOON_DAYS)
        kwargs["data"] = data
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        days = getattr(self.filterset.form, "cleaned_data", {}).get("due_within")
        if days is not None:
            context["description"] = (
                f"Open or in progress, and due in the next {days:g} days."
            )
        return context


class NoDeadlineListView(RecommendationListView):
    title = "Recommendations with no deadline"
    tallied = False
    slug = "recommendations-no-deadline"
    description = (
        "The report gave these no timescale, so they have no due date and are "
        "never overdue."
    )

    def preset(self, queryset):
        return queryset.no_deadline()


# Changes managers make ------------------------------------------------------------


class ReviseDueDateForm(FromTodayMixin, forms.Form):
    due_date = DateField(
        label="New due date",
        from_today=True,
        help_text="For example, 27 3 2027",
    )
    reason = forms.CharField(
        label="Reason for the change",
        help_text="This is kept with the recommendation's history for ever.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the reason for changing the due date"},
    )
    version = VersionField()


class ReviseDueDateView(ManagerRequiredMixin, FormView):
    """URL name `recommendations:recommendation_revise_due_date`."""

    model = Recommendation
    template_name = "recommendations/revise_due_date.html"
    form_class = ReviseDueDateForm

    def dispatch(self, request, *args, **kwargs):
        self.recommendation = get_object_or_404(
            Recommendation.objects.visible_to(request.user).select_related(
                "inspection__authority"
            ),
            pk=kwargs["pk"],
        )
        permissions.require(
            permissions.is_manager(
                request.user, self.recommendation.inspection.authority_id
            )
            and self.recommendation.is_live,
            "Only a manager can revise the due date of a live recommendation.",
        )
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {
            "due_date": self.recommendation.due_date,
            "version": self.recommendation.version,
        }

    def form_valid(self, form):
        try:
            services.revise_due_date(
                recommendation=self.recommendation,
                due_date=form.cleaned_data["due_date"],
                reason=form.cleaned_data["reason"],
                user=self.request.user,
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict as conflict:
            form.add_error(None, conflict)
            return self.form_invalid(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"Due date changed to {form.cleaned_data['due_date']:%-d %B %Y}",
        )
        return redirect(self.recommendation)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            recommendation=self.recommendation,
            nav_section="recommendations:recommendation_list",
            **kwargs,
        )


class IdsChoiceField(IdsOnlyMixin, forms.ModelMultipleChoiceField):
    """The ticked recommendations' ids, refused before a query if any is not one."""


class BulkAssignForm(forms.Form):
    pk = IdsChoiceField(
        queryset=Recommendation.objects.none(),
        widget=forms.MultipleHiddenInput,
        error_messages={"required": "Select at least one recommendation"},
    )
    team = forms.ModelChoiceField(
        queryset=Team.objects.none(),
        required=False,
        label="New owning team",
        empty_label="Leave unchanged",
    )
    owner = PersonChoiceField(
        queryset=get_user_model().objects.none(),
        required=False,
        label="New lead officer",
        empty_label="Leave unchanged",
    )
    next = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, authority_ids=(), **kwargs):
        """`authority_ids`: those of the ticked recommendations, whose teams and
        people are the only ones that can take them on."""
        super().__init__(*args, **kwargs)
        self.fields["pk"].queryset = Recommendation.objects.visible_to(user)
        self.fields["team"].queryset = (
            Team.objects.visible_to(user)
            .filter(authority_id__in=authority_ids)
            .select_related("authority")
        )
        self.fields["team"].label_from_instance = lambda team: (
            f"{team.name} ({team.authority.name})"
        )
        if len(authority_ids) > 1:
            self.fields["team"].help_text = (
                "The recommendations ticked are in more than one authority, and a "
                "team works for one: to change the team, tick one authority's at a "
                "time"
            )
        # Only someone who can still sign in, and works for those authorities.
        self.fields["owner"].queryset = (
            people(user)
            .filter(is_active=True, memberships__authority_id__in=authority_ids)
            .distinct()
        )

    def clean(self):
        cleaned = super().clean()
        if "pk" in self.errors:  # a hidden field: say it where people can see it
            self.add_error(
                None,
                "You cannot change some of the recommendations selected: go back to "
                "the list and select them again",
            )
        if not cleaned.get("team") and not cleaned.get("owner"):
            self.add_error("team", "Choose a new owning team or lead officer")
        return cleaned


class BulkAssignView(ManagerRequiredMixin, FormView):
    """URL name `recommendations:bulk_assign`.

    GET with `pk=` for each recommendation ticked in a list shows a confirmation
    page; POST reassigns them all at once through services.assign_recommendations.
    """

    template_name = "recommendations/bulk_assign.html"
    form_class = BulkAssignForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        kwargs["authority_ids"] = {rec.inspection.authority_id for rec in self.ticked()}
        if self.request.method == "GET":
            kwargs["initial"] = {
                "pk": self.request.GET.getlist("pk"),
                "next": self.request.GET.get("next", ""),
            }
        return kwargs

    def back_url(self, candidate: str) -> str:
        if candidate and url_has_allowed_host_and_scheme(
            candidate,
            allowed_hosts={self.request.get_host()},
            require_https=self.request.is_secure(),
        ):
            return candidate
        return reverse("recommendations:recommendation_list")

    def ticked(self) -> list[Recommendation]:
        """The recommendations ticked (that the user can see), read once."""
        if not hasattr(self, "_ticked"):
            data = (
                self.request.POST if self.request.method == "POST" else self.request.GET
            )
            self._ticked = self.selected(data.getlist("pk"))
        return self._ticked

    def get(self, request, *args, **kwargs):
        if not self.ticked():
            messages.error(request, "Select at least one recommendation to reassign")
            return redirect(self.back_url(request.GET.get("next", "")))
        return super().get(request, *args, **kwargs)

    def selected(self, pks):
        pks = [pk for pk in map(parse_id, pks) if pk is not None]
        return list(
            Recommendation.objects.visible_to(self.request.user)
            .filter(pk__in=pks)
            .select_related("inspection__authority", "team", "owner")
        )

    def form_valid(self, form):
        try:
            changed = services.assign_recommendations(
                recommendations=form.cleaned_data["pk"],
                team=form.cleaned_data["team"],
                owner=form.cleaned_data["owner"],
                user=self.request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        count = len(changed)
        messages.success(
            self.request,
            f"{count} recommendation{'' if count == 1 else 's'} reassigned",
        )
        return redirect(self.back_url(form.cleaned_data["next"]))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        context["selected"] = self.ticked()
        context["back_url"] = self.back_url(
            form.data.get("next", "") if form.is_bound else form.initial["next"]
        )
        context["nav_section"] = "recommendations:recommendation_list"
        return context
