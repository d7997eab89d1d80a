"""The officer's workspace: home, "my actions", the recommendation page and its forms.

Reads start from `visible_to(request.user)` (another authority's object is a 404);
writes go through services, which check permissions (403) and whose refusals are
shown in the GOV.UK error summary. With htmx, status changes and notes swap the
recommendation's live section in place; without JavaScript the same forms post and
redirect back.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import PurePath

import django_filters
import django_tables2 as tables
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import CheckboxSelectMultiple
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView
from django_filters.views import FilterView
from django_tables2.views import SingleTableMixin

from recommendations import permissions, services
from recommendations.choices import (
    OPEN_ACTION_STATUSES,
    ActionStatus,
    RecommendationStatus,
)
from recommendations.filters import word_errors
from recommendations.forms import (
    ActionForm,
    ActionStatusForm,
    EvidenceForm,
    MarkImplementedForm,
    NoteForm,
    WithdrawEvidenceForm,
)
from recommendations.lineage import lineage_context
from recommendations.models import Action, Evidence, Recommendation
from recommendations.templatetags.workspace import deadline_phrase
from recommendations.timeline import build_timeline

# Home ---------------------------------------------------------------------------


@dataclass
class DeadlineGroup:
    key: str
    title: str
    items: list = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.items)


GROUP_TITLES = {
    "overdue": "Overdue",
    "due_soon": "Due soon",
    "later": "Later",
    "no_deadline": "No deadline",
}


def deadline_groups(
    scoped, *, date_field: str, today: datetime.date
) -> list[DeadlineGroup]:
    """Live rows split into overdue / due soon / later / no deadline.

    Each row's group is the queryset rule of that name (overdue, due_within,
    no_deadline; "later" is whatever live row is in none of them), worked out by the
    database in the one query that fetches the rows.
    """
    groups = {key: DeadlineGroup(key, title) for key, title in GROUP_TITLES.items()}
    live = scoped.open().with_deadline_group(today=today)
    for row in live.order_by(date_field, "pk"):
        groups[row.deadline_group].items.append(row)
    return list(groups.values())


class OfficerHomeView(TemplateView):
    """An officer's home: what is theirs and what is late."""

    template_name = "recommendations/officer_home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        today = timezone.localdate()
        my_actions = Action.objects.visible_to(user).filter(owner=user)
        team_recommendations = Recommendation.objects.visible_to(user).filter(
            team_id__in=permissions.team_ids(user)
        )
        context["action_groups"] = deadline_groups(
            my_actions.select_related("recommendation"),
            date_field="target_date",
            today=today,
        )
        # No with_rag(): each row's `rag` comes from its dates and with_progress()'s
        # blocked count, without a second CASE and EXISTS for the database.
        context["recommendation_groups"] = deadline_groups(
            team_recommendations.select_related("inspection", "team").with_progress(),
            date_field="due_date",
            today=today,
        )
        return context


# My actions ---------------------------------------------------------------------


class MyActionFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search", method="search", help_text="Words in the action"
    )
    status = django_filters.MultipleChoiceFilter(
        label="Status", choices=ActionStatus.choices, widget=CheckboxSelectMultiple
    )
    deadline = django_filters.ChoiceFilter(
        label="Target date",
        choices=[("overdue", "Overdue"), ("due_soon", "Due soon")],
        empty_label="Any",
        method="filter_deadline",
    )

    class Meta:
        model = Action
        fields = ["q", "status", "deadline"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        word_errors(self.form)  # GOV.UK's words, as the managers' filters have

    def search(self, queryset, name, value):
        return queryset.filter(description__icontains=value)

    def filter_deadline(self, queryset, name, value):
        if value == "overdue":
            return queryset.overdue()
        return queryset.due_within()


class MyActionTable(tables.Table):
    # GOV.UK links (colour, focus state), as the managers' lists have.
    description = tables.Column(
        verbose_name="Action", linkify=True, attrs={"a": {"class": "govuk-link"}}
    )
    recommendation = tables.Column(
        verbose_name="Recommendation",
        linkify=True,
        attrs={"a": {"class": "govuk-link"}},
    )
    target_date = tables.DateColumn(verbose_name="Target date", format="j M Y")
    days = tables.Column(
        verbose_name="Days", accessor="target_date", orderable=False, empty_values=()
    )
    status = tables.TemplateColumn(
        verbose_name="Status",
        template_code="{% load workspace %}"
        "{% status_tag record.status record.get_status_display %}",
    )

    class Meta:
        model = Action
        fields = ["description", "recommendation", "target_date", "days", "status"]
        order_by = ["target_date"]
        caption = "My actions"
        empty_text = "No actions match these filters."

    def render_days(self, record) -> str:
        if record.status not in OPEN_ACTION_STATUSES:
            return ""
        return deadline_phrase(record.target_date)

    def order_status(self, queryset, is_descending):
        statuses = ActionStatus  # through the lifecycle, not by the codes' spelling
        return queryset.by_choice("status", statuses, descending=is_descending), True


class MyActionsView(SingleTableMixin, FilterView):
    """URL name `my_actions`: the actions the user owns, filterable."""

    model = Action
    table_class = MyActionTable
    filterset_class = MyActionFilterSet
    template_name = "recommendations/action_list.html"
    paginate_by = 50

    def get_queryset(self):
        return (
            Action.objects.visible_to(self.request.user)
            .filter(owner=self.request.user)
            .select_related("recommendation")
        )


# The recommendation page --------------------------------------------------------


def detail_queryset(user):
    return (
        Recommendation.objects.visible_to(user)
        .select_related("inspection__authority", "team")
        .with_progress()  # its blocked count gives `rag` (no with_rag() needed)
    )


def recommendation_context(
    request, recommendation: Recommendation, *, status_form=None, note_form=None
) -> dict:
    """Everything the recommendation page and its live section show.

    A form that failed is passed in so it is shown again, with its errors and what
    was typed, in its place.
    """
    user = request.user
    actions = list(recommendation.actions.select_related("owner", "team"))
    for action in actions:
        action.can_edit = permissions.can_edit_action(user, action)
        if status_form is not None and status_form.action_pk == action.pk:
            action.status_form = status_form
        elif action.can_edit:
            action.status_form = ActionStatusForm(
                action=action,
                action_url=reverse("recommendations:action_status", args=[action.pk]),
            )
    can_edit = permissions.can_edit_recommendation(user, recommendation)
    revisions = list(recommendation.revisions.select_related("revised_by"))
    return {
        "object": recommendation,
        "recommendation": recommendation,
        "actions": actions,
        "can_edit": can_edit,
        "can_revise_due_date": recommendation.is_live
        and permissions.is_manager(user, recommendation.inspection.authority_id),
        "note_form": note_form
        or NoteForm(
            action_url=reverse("recommendations:note_add", args=[recommendation.pk])
        ),
        "timeline": build_timeline(recommendation, revisions),
        "evidence_list": recommendation.evidence.select_related("added_by", "action"),
        "revisions": revisions,
        "implemented_form": MarkImplementedForm(
            initial={"version": recommendation.version}
        ),
    }


class RecommendationDetailView(DetailView):
    """URL name `recommendation_detail`: a recommendation and its whole story."""

    model = Recommendation

    def get_queryset(self):
        return detail_queryset(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(recommendation_context(self.request, self.object))
        context.update(lineage_context(self.object, self.request.user))
        return context


# Changes ------------------------------------------------------------------------


def add_service_error(form, error: ValidationError) -> None:
    """Show a service's refusal on the form; errors of fields it lacks go on top."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


UNIMPLEMENTED_MESSAGE = (
    "The recommendation is no longer marked implemented: that needs evidence and "
    "every action done or cancelled. Mark it implemented again when it is."
)


class WorkspaceFormView(FormView):
    """A form about one object: valid input goes to a service.

    Subclasses set `model` and `select_related` (the lookup is scoped by the model's
    `visible_to`, so another authority's object is a 404), `has_permission()` (403)
    and `perform(form)`, which calls the service.
    """

    model = None
    select_related: tuple[str, ...] = ()
    success_message = ""

    def dispatch(self, request, *args, **kwargs):
        self.object = get_object_or_404(
            self.model.objects.visible_to(request.user).select_related(
                *self.select_related
            ),
            pk=kwargs["pk"],
        )
        permissions.require(self.has_permission())
        return super().dispatch(request, *args, **kwargs)

    def has_permission(self) -> bool:
        raise NotImplementedError

    def perform(self, form) -> None:
        raise NotImplementedError

    @property
    def recommendation(self) -> Recommendation:
        return self.object

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object"] = self.object
        context["recommendation"] = self.recommendation
        return context

    def get_success_url(self) -> str:
        """The recommendation page, at its top, where the success banner is: not
        at the changed item (a fragment), which left the banner off-screen and
        the focus nowhere."""
        return self.recommendation.get_absolute_url()

    def form_valid(self, form):
        was_implemented = self.recommendation.status == RecommendationStatus.IMPLEMENTED
        try:
            self.perform(form)
        except ValidationError as error:
            if isinstance(error, services.EditConflict):
                form = self.refreshed(form)
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.get_success_message())
        if was_implemented and not self.still_implemented():
            messages.info(self.request, UNIMPLEMENTED_MESSAGE)
        return redirect(self.get_success_url())

    def still_implemented(self) -> bool:
        """A change can take back "implemented" (services._back_to_live)."""
        return Recommendation.objects.filter(
            pk=self.recommendation.pk, status=RecommendationStatus.IMPLEMENTED
        ).exists()

    def get_success_message(self) -> str:
        return self.success_message

    def refreshed(self, form):
        """The same typed input, now against the latest version of the record.

        After an edit conflict the person sees the latest state and may submit
        again; nothing they typed is lost.
        """
        data = form.data.copy()
        current = type(self.object).objects.get(pk=self.object.pk).version
        data[form.add_prefix("version")] = current
        kwargs = self.get_form_kwargs()
        kwargs["data"] = data
        fresh = form.__class__(**kwargs)
        fresh.is_valid()
        return fresh


class LiveSectionMixin:
    """With htmx, answer with the recommendation's live section instead of a page."""

    live_template = "recommendations/partials/recommendation_live.html"
    live_form_name = ""  # the recommendation_context() keyword for this form

    def live_response(self, **forms):
        recommendation = get_object_or_404(
            detail_queryset(self.request.user), pk=self.recommendation.pk
        )
        context = recommendation_context(self.request, recommendation, **forms)
        context["live_errors"] = any(form.errors for form in forms.values())
        return render(self.request, self.live_template, context)

    def form_valid(self, form):
        response = super().form_valid(form)
        if self.request.htmx and response.status_code == 302:
            return self.live_response()
        return response

    def form_invalid(self, form):
        if self.request.htmx:
            return self.live_response(**{self.live_form_name: form})
        return super().form_invalid(form)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.request.htmx:
            # Shown again in the live section, it posts back here by htmx as it
            # did the first time (not to the page it now sits on).
            kwargs["action_url"] = self.request.path
        return kwargs


class ActionAddView(WorkspaceFormView):
    """URL name `action_add`."""

    model = Recommendation
    select_related = ("inspection",)
    form_class = ActionForm
    template_name = "recommendations/action_form.html"
    success_message = "Action added"

    def has_permission(self) -> bool:
        return permissions.can_edit_recommendation(self.request.user, self.object)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(recommendation=self.object, submit="Add action")
        return kwargs

    def get_initial(self):
        return {"owner": self.request.user.pk}

    def perform(self, form) -> None:
        self.action = services.add_action(
            recommendation=self.object,
            user=self.request.user,
            description=form.cleaned_data["description"],
            owner=form.cleaned_data["owner"],
            target_date=form.cleaned_data["target_date"],
        )


class ActionEditView(WorkspaceFormView):
    """URL name `action_edit`."""

    model = Action
    select_related = ("recommendation__inspection", "team")
    form_class = ActionForm
    template_name = "recommendations/action_form.html"
    success_message = "Action updated"

    @property
    def recommendation(self) -> Recommendation:
        return self.object.recommendation

    def has_permission(self) -> bool:
        return permissions.can_edit_action(self.request.user, self.object)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(
            recommendation=self.recommendation, submit="Save changes", editing=True
        )
        return kwargs

    def get_initial(self):
        action = self.object
        return {
            "description": action.description,
            "owner": action.owner_id,
            "target_date": action.target_date,
            "version": action.version,
        }

    def perform(self, form) -> None:
        services.update_action(
            action=self.object,
            user=self.request.user,
            description=form.cleaned_data["description"],
            owner=form.cleaned_data["owner"],
            team=self.object.team,
            target_date=form.cleaned_data["target_date"],
            expected_version=form.cleaned_data["version"],
        )


class ActionStatusView(LiveSectionMixin, WorkspaceFormView):
    """URL name `action_status`: done records the date; blocked needs a reason."""

    model = Action
    select_related = ("recommendation__inspection",)
    form_class = ActionStatusForm
    live_form_name = "status_form"
    template_name = "recommendations/action_status_form.html"

    @property
    def recommendation(self) -> Recommendation:
        return self.object.recommendation

    def has_permission(self) -> bool:
        return permissions.can_edit_action(self.request.user, self.object)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["action"] = self.object
        return kwargs

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.action_pk = self.object.pk
        return form

    def perform(self, form) -> None:
        self.object = services.set_action_status(
            action=self.object,
            user=self.request.user,
            status=form.cleaned_data["status"],
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )

    def get_success_message(self) -> str:
        return f"Action status changed to {self.object.get_status_display().lower()}"

    def refreshed(self, form):
        fresh = super().refreshed(form)
        fresh.action_pk = self.object.pk
        return fresh


class NoteAddView(LiveSectionMixin, WorkspaceFormView):
    """URL name `note_add`: a progress note in the recommendation's journal."""

    model = Recommendation
    select_related = ("inspection",)
    form_class = NoteForm
    live_form_name = "note_form"
    template_name = "recommendations/note_form.html"
    success_message = "Note added"

    def has_permission(self) -> bool:
        return permissions.can_edit_recommendation(self.request.user, self.object)

    def perform(self, form) -> None:
        services.add_note(
            recommendation=self.object,
            user=self.request.user,
            body=form.cleaned_data["body"],
        )


class EvidenceAddView(WorkspaceFormView):
    """URL name `evidence_add`: a file (checked by content) and/or a link."""

    model = Recommendation
    select_related = ("inspection",)
    form_class = EvidenceForm
    template_name = "recommendations/evidence_form.html"
    success_message = "Evidence added"

    def has_permission(self) -> bool:
        return permissions.can_edit_recommendation(self.request.user, self.object)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["recommendation"] = self.object
        return kwargs

    def get_initial(self):
        return {"action": self.request.GET.get("action")}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["max_upload_bytes"] = settings.EVIDENCE_MAX_UPLOAD_BYTES
        return context

    def perform(self, form) -> None:
        self.evidence = services.add_evidence(
            recommendation=self.object,
            user=self.request.user,
            description=form.cleaned_data["description"],
            file=form.cleaned_data["file"],
            url=form.cleaned_data["url"],
            action=form.cleaned_data["action"],
        )


class EvidenceWithdrawView(WorkspaceFormView):
    """URL name `evidence_withdraw`: withdrawn with a reason, never deleted."""

    model = Evidence
    select_related = ("recommendation__inspection", "action")
    form_class = WithdrawEvidenceForm
    template_name = "recommendations/evidence_withdraw.html"
    success_message = "Evidence withdrawn"

    @property
    def recommendation(self) -> Recommendation:
        return self.object.recommendation

    def has_permission(self) -> bool:
        return permissions.can_edit_evidence(self.request.user, self.object)

    def perform(self, form) -> None:
        services.withdraw_evidence(
            evidence=self.object,
            user=self.request.user,
            reason=form.cleaned_data["reason"],
        )


class MarkImplementedView(WorkspaceFormView):
    """URL name `recommendation_mark_implemented`: needs evidence, actions finished."""

    model = Recommendation
    select_related = ("inspection__authority",)
    form_class = MarkImplementedForm
    template_name = "recommendations/recommendation_mark_implemented.html"
    success_message = "Recommendation marked as implemented"

    def has_permission(self) -> bool:
        return permissions.can_edit_recommendation(self.request.user, self.object)

    def get_initial(self):
        return {"version": self.object.version}

    def perform(self, form) -> None:
        services.mark_implemented(
            recommendation=self.object,
            user=self.request.user,
            expected_version=form.cleaned_data["version"],
        )


# Evidence files -----------------------------------------------------------------


class EvidenceDownloadView(View):
    """URL name `evidence_download`: the file, only to people who may see it."""

    model = Evidence

    def get(self, request, pk: int):
        evidence = get_object_or_404(Evidence.objects.visible_to(request.user), pk=pk)
        if not evidence.file:
            raise Http404("This evidence is a link, not a file")
        filename = evidence.original_filename or PurePath(evidence.file.name).name
        response = FileResponse(
            evidence.file.open("rb"), as_attachment=True, filename=filename
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response
