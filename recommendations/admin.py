"""Admin for data entry: a whole report on the inspection page, a recommendation's
actions, evidence and notes on its page. Due dates and statuses are not edited here:
they follow the rules in services.py (revise a due date with a reason in the app)."""

from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html
from rest_framework.authtoken.admin import TokenAdmin
from rest_framework.authtoken.models import TokenProxy
from simple_history.admin import SimpleHistoryAdmin

from inspections.admin import (
    AuthorityListFilter,
    InspectionAdmin,
    ScopedAdminMixin,
    ScopedMixin,
)
from inspections.files import validate_upload
from inspections.links import path_to
from inspections.models import Inspection
from recommendations import services
from recommendations.importing import validate_report_upload
from recommendations.models import (
    Action,
    CloseOut,
    DueDateRevision,
    Evidence,
    Note,
    Recommendation,
    Team,
)


class OverdueFilter(admin.SimpleListFilter):
    title = "deadline"
    parameter_name = "deadline"

    def lookups(self, request, model_admin):
        return [
            ("overdue", "Overdue"),
            ("due_soon", "Due soon"),
            ("none", "No deadline"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset.overdue()
        if self.value() == "due_soon":
            return queryset.due_within()
        if self.value() == "none":
            return queryset.no_deadline()
        return queryset


class NoDeleteMixin:
    """Nothing people rely on is hard-deleted: it is withdrawn or closed instead."""

    def has_delete_permission(self, request, obj=None):
        return False


def team_label(team: Team) -> str:
    return f"{team.name} ({team.authority.name})"


class TeamChoicesMixin:
    """The team as a plain select (it works without JavaScript), each team named
    with its council; `teams_of()` narrows it to the authority in hand. Other
    councils' teams are refused by the models' clean() whichever path saves."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "team":
            field.queryset = field.queryset.select_related("authority")
            field.label_from_instance = team_label
        return field

    @staticmethod
    def teams_of(form, authority_id: int | None, *, rows: bool = False) -> None:
        """Narrow the team's choices to one authority's (None: leave them); for
        an inline's `rows`, read them once for the page, not once per row."""
        field = form.base_fields.get("team")
        if field is None:
            return
        if authority_id is not None:
            field.queryset = field.queryset.filter(authority_id=authority_id)
        if rows:
            field.choices = list(field.choices)


class RecommendationInline(
    TeamChoicesMixin, NoDeleteMixin, ScopedMixin, admin.StackedInline
):
    model = Recommendation
    extra = 1
    fields = [
        ("reference", "position"),
        "section",
        "text",
        ("timescale", "priority"),
        ("lead_agency", "team"),
        ("original_due_date", "due_date", "status"),
    ]
    readonly_fields = ["original_due_date", "due_date", "status"]
    show_change_link = True

    def get_formset(self, request, obj=None, **kwargs):
        """The teams of the inspection's authority (on a new inspection's page,
        every team the person can see)."""
        formset = super().get_formset(request, obj, **kwargs)
        self.teams_of(formset.form, obj.authority_id if obj else None, rows=True)
        return formset


class InspectionForm(forms.ModelForm):
    def clean_report_file(self):
        """The report's PDF or text, checked as the importer checks an upload."""
        upload = self.cleaned_data.get("report_file")
        if upload and hasattr(upload, "content_type"):  # a new upload
            validate_report_upload(upload)
        return upload


admin.site.unregister(Inspection)


@admin.register(Inspection)
class InspectionWithRecommendationsAdmin(InspectionAdmin):
    form = InspectionForm
    inlines = [*InspectionAdmin.inlines, RecommendationInline]

    def save_model(self, request, obj, form, change):
        services.save_inspection(inspection=obj, user=request.user)

    def save_formset(self, request, form, formset, change):
        if formset.model is Recommendation:
            recommendations = formset.save(commit=False)
            _next_versions(recommendations)
            for recommendation in recommendations:
                # Read before the inspection's dates were saved: counted again from
                # them (a revised date stays), or saving would put back the old.
                recommendation.inspection = form.instance
                services.recount_due_dates(recommendation)
                recommendation.save()
            formset.save_m2m()
        else:
            super().save_formset(request, form, formset, change)


def _next_versions(instances) -> None:
    """An edit made in the admin moves a versioned row's version on, as every
    service does, so a page opened before it is refused as stale instead of saving
    over it (services._lock). On from the stored one, which a service may have moved
    since the admin's form read the row (recounting due dates, say): read in one
    query per model, not one per row."""
    stored_rows = [i for i in instances if i.pk is not None and hasattr(i, "version")]
    for model in {type(instance) for instance in stored_rows}:
        rows = [instance for instance in stored_rows if type(instance) is model]
        stored = dict(
            model.objects.filter(pk__in=[row.pk for row in rows]).values_list(
                "pk", "version"
            )
        )
        for row in rows:
            row.version = stored.get(row.pk, row.version) + 1


@admin.register(Team)
class TeamAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "authority"]
    list_filter = [("authority", AuthorityListFilter)]
    list_select_related = ["authority"]
    search_fields = ["name", "authority__name"]
    autocomplete_fields = ["authority", "members"]

    def get_readonly_fields(self, request, obj=None):
        # A team works for one council: moved, its recommendations and actions
        # would have another council's team (Recommendation.clean refuses that).
        fields = super().get_readonly_fields(request, obj)
        return [*fields, "authority"] if obj else fields


class ActionInline(TeamChoicesMixin, NoDeleteMixin, ScopedMixin, admin.TabularInline):
    model = Action
    extra = 1
    fields = ["description", "owner", "team", "target_date", "status", "completed_on"]
    readonly_fields = ["status", "completed_on"]
    autocomplete_fields = ["owner"]

    def get_formset(self, request, obj=None, **kwargs):
        """The teams of the recommendation's authority."""
        formset = super().get_formset(request, obj, **kwargs)
        authority_id = obj.inspection.authority_id if obj else None
        self.teams_of(formset.form, authority_id, rows=True)
        return formset


KEPT_AS_ADDED = (
    "Cannot be changed once added: to replace it, withdraw this evidence and add "
    "a new piece."
)


class StoredFile(forms.Widget):
    """A piece of evidence's stored file, as a link to download it: shown, never
    replaced, and never read from storage to be checked again."""

    def __init__(self, evidence: Evidence):
        super().__init__()
        self.evidence = evidence

    def render(self, name, value, attrs=None, renderer=None):
        if not self.evidence.file:
            return "-"
        return format_html(
            '<a href="{}">{}</a>',
            path_to("recommendations:evidence_download", self.evidence.pk),
            self.evidence.original_filename or self.evidence.file.name,
        )


class EvidenceForm(forms.ModelForm):
    """Evidence is withdrawn, never replaced or deleted: an existing piece keeps
    its file and link (a new file under the old piece would be served with the
    old name and type)."""

    class Meta:
        model = Evidence
        fields = ["description", "action", "file", "url"]
        help_texts = {"file": KEPT_AS_ADDED, "url": KEPT_AS_ADDED}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            return
        if "file" in self.fields:
            self.fields["file"] = forms.Field(
                label=self.fields["file"].label,
                help_text=KEPT_AS_ADDED,
                required=False,
                disabled=True,
                widget=StoredFile(self.instance),
            )
        if "url" in self.fields:
            self.fields["url"].disabled = True

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(
            upload, "content_type"
        ):  # a new upload, not a stored file
            validate_upload(upload)
        return upload


class EvidenceInline(NoDeleteMixin, ScopedMixin, admin.TabularInline):
    model = Evidence
    form = EvidenceForm
    extra = 0
    fields = [
        "description",
        "action",
        "file",
        "url",
        "added_by",
        "added_at",
        "withdrawn_at",
    ]
    readonly_fields = ["added_by", "added_at", "withdrawn_at"]

    def get_formset(self, request, obj=None, **kwargs):
        """The action a piece of evidence is for: one of this recommendation's.
        An existing piece's file and link are shown, not editable (EvidenceForm)."""
        formset = super().get_formset(request, obj, **kwargs)
        actions = formset.form.base_fields["action"]
        actions.queryset = obj.actions.all() if obj else Action.objects.none()
        return formset


class NoteInline(NoDeleteMixin, ScopedMixin, admin.TabularInline):
    model = Note
    extra = 0
    fields = ["body", "author", "created_at"]
    readonly_fields = ["author", "created_at"]


class DueDateRevisionInline(NoDeleteMixin, admin.TabularInline):
    model = DueDateRevision
    extra = 0
    fields = ["previous_due_date", "new_due_date", "reason", "revised_by", "revised_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Recommendation)
class RecommendationAdmin(
    TeamChoicesMixin, NoDeleteMixin, ScopedAdminMixin, SimpleHistoryAdmin
):
    list_display = ["__str__", "inspection", "timescale", "due_date", "status", "team"]
    list_filter = [
        ("inspection__authority", AuthorityListFilter),
        "inspection__kind",
        "timescale",
        "status",
        OverdueFilter,
        "priority",
    ]
    list_select_related = ["inspection", "team"]
    search_fields = ["text", "reference", "section", "inspection__authority__name"]
    date_hierarchy = "due_date"
    autocomplete_fields = ["inspection"]
    readonly_fields = ["original_due_date", "due_date", "status", "implemented_on"]
    inlines = [ActionInline, EvidenceInline, NoteInline, DueDateRevisionInline]

    def get_form(self, request, obj=None, change=False, **kwargs):
        """The teams of the recommendation's authority (moved to another
        authority's report, it takes one of that authority's teams afterwards)."""
        form = super().get_form(request, obj, change, **kwargs)
        self.teams_of(form, obj.inspection.authority_id if obj else None)
        return form

    def save_model(self, request, obj, form, change):
        # Due dates count from the inspection's dates and the timescale.
        if not change or {"timescale", "inspection"} & set(form.changed_data):
            services.recount_due_dates(obj)
        _next_versions([obj])
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        _next_versions(instances)
        for instance in instances:
            if isinstance(instance, Evidence) and instance.pk is None:
                instance.added_by = request.user
                if instance.file and not instance.original_filename:
                    instance.original_filename = instance.file.name
                    instance.content_type = validate_upload(instance.file)
                    instance.size = instance.file.size
            if isinstance(instance, Note) and instance.pk is None:
                instance.author = request.user
                instance.created_at = timezone.now()
            instance.save()
        formset.save_m2m()
        # An action added here is held to "implemented"'s rules as the services
        # hold them.
        services.recheck_implemented(recommendation=form.instance, user=request.user)


@admin.register(Action)
class ActionAdmin(
    TeamChoicesMixin, NoDeleteMixin, ScopedAdminMixin, SimpleHistoryAdmin
):
    list_display = ["__str__", "recommendation", "owner", "target_date", "status"]
    list_filter = [
        "status",
        ("recommendation__inspection__authority", AuthorityListFilter),
    ]
    list_select_related = ["recommendation", "owner"]
    search_fields = ["description", "recommendation__text"]
    autocomplete_fields = ["recommendation", "owner"]
    readonly_fields = ["status", "completed_on"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        """The teams of the action's recommendation's authority."""
        form = super().get_form(request, obj, change, **kwargs)
        authority_id = obj.recommendation.inspection.authority_id if obj else None
        self.teams_of(form, authority_id)
        return form

    def save_model(self, request, obj, form, change):
        _next_versions([obj])
        super().save_model(request, obj, form, change)
        services.recheck_implemented(
            recommendation=obj.recommendation, user=request.user
        )


@admin.register(Evidence)
class EvidenceAdmin(NoDeleteMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    form = EvidenceForm
    list_display = [
        "description",
        "recommendation",
        "original_filename",
        "added_by",
        "added_at",
        "withdrawn_at",
    ]
    list_select_related = ["recommendation", "added_by"]
    search_fields = ["description", "original_filename"]
    autocomplete_fields = ["recommendation", "action"]

    def save_model(self, request, obj, form, change):
        if obj.pk is None:
            obj.added_by = request.user
            if obj.file:
                obj.original_filename = obj.file.name
                obj.size = obj.file.size
                obj.content_type = validate_upload(obj.file)
        super().save_model(request, obj, form, change)


@admin.register(Note)
class NoteAdmin(NoDeleteMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "recommendation", "author", "created_at"]
    list_select_related = ["recommendation", "author"]
    search_fields = ["body"]
    autocomplete_fields = ["recommendation"]
    readonly_fields = ["author", "created_at"]

    def save_model(self, request, obj, form, change):
        if obj.pk is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)


@admin.register(CloseOut)
class CloseOutAdmin(NoDeleteMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = [
        "recommendation",
        "outcome",
        "inspection",
        "decided_by",
        "decided_at",
    ]
    list_filter = ["outcome"]
    list_select_related = ["recommendation", "inspection", "decided_by"]
    search_fields = ["recommendation__text", "quote"]
    autocomplete_fields = ["recommendation", "inspection", "successor"]
    readonly_fields = ["decided_by", "decided_at"]

    def has_add_permission(self, request):
        return False  # verdicts are recorded on the close-out review page


# API keys (issue 7): only superusers see or issue them. DRF's own admin lists
# every key in the country to any staff member given the permission.
admin.site.unregister(TokenProxy)


@admin.register(TokenProxy)
class SuperuserTokenAdmin(TokenAdmin):
    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    has_add_permission = has_change_permission = has_delete_permission = (
        has_view_permission
    )
