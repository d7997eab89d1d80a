"""Admin for authorities, people's roles and inspections with their judgements.

The recommendations app extends InspectionAdmin with its recommendation inline, so an
administrator enters a whole report on one page (see recommendations/admin.py).
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpResponseNotAllowed
from simple_history.admin import SimpleHistoryAdmin

from inspections.models import Authority, Inspection, Judgement, Membership
from inspections.querysets import people_visible_to


class ScopedMixin:
    """Staff who are not superusers see only their own authorities' rows, and can
    choose only those rows and their people in a related field: what a field
    offers is also all it accepts, so an id typed into the form from another
    authority is refused. For admins and their inlines alike."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if hasattr(queryset, "visible_to"):
            queryset = queryset.visible_to(request.user)
        return queryset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        return scope_choices(field, request.user)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        return scope_choices(field, request.user)


def scope_choices(field, user):
    queryset = getattr(field, "queryset", None)
    if queryset is None or user.is_superuser:
        return field
    if hasattr(queryset, "visible_to"):
        field.queryset = queryset.visible_to(user)
    elif queryset.model is get_user_model():
        field.queryset = queryset.filter(pk__in=people_visible_to(user).values("pk"))
    return field


class ScopedAdminMixin(ScopedMixin):
    """ScopedMixin for a model's own admin: its lists, change forms and history
    pages."""

    # django-simple-history's history list falls back to an object's historical
    # rows when the scoped lookup finds nothing, and its version page looks the
    # object up unscoped: both check the scope here first.
    def history_view(self, request, object_id, extra_context=None):
        self._in_scope_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """A past version, to read. Restoring one would write statuses, due dates
        and withdrawals past the rules in services.py; SIMPLE_HISTORY_REVERT_DISABLED
        only hides the button, so the POST is refused here."""
        self._in_scope_or_404(request, object_id)
        if not str(version_id).isdecimal():
            raise Http404("No such version")
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return super().history_form_view(request, object_id, version_id, extra_context)

    def _in_scope_or_404(self, request, object_id):
        object_id = unquote(object_id)
        if request.user.is_superuser:
            # Any id that can be a key: a deleted row's history is still there.
            try:
                self.model._meta.pk.to_python(object_id)
            except ValidationError:
                raise Http404("No such record") from None
        elif self.get_object(request, object_id) is None:
            raise Http404("No such record in your authorities")


class AuthorityListFilter(admin.RelatedFieldListFilter):
    """A "By authority" filter offering the authorities the person can see, not
    every council in the country (for a list's field naming an authority)."""

    def field_choices(self, field, request, model_admin):
        ordering = self.field_admin_ordering(field, request, model_admin)
        visible = Authority.objects.visible_to(request.user).values("pk")
        return field.get_choices(
            include_blank=False,
            ordering=ordering,
            limit_choices_to={"pk__in": visible},
        )


def users_for_staff(user, queryset):
    """The accounts a staff member who is not a superuser administers: their
    authorities' people and accounts not yet in any authority (to add them to
    one), never a superuser."""
    return queryset.filter(
        Q(pk__in=people_visible_to(user).values("pk"))
        | ~Exists(Membership.objects.filter(user=OuterRef("pk"))),
        is_superuser=False,
    )


class MembershipInline(ScopedMixin, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "user" and not request.user.is_superuser:
            # As the user admin's search offers: a new account may join too.
            field.queryset = users_for_staff(request.user, get_user_model().objects)
        return field


class UserMembershipInline(ScopedMixin, admin.TabularInline):
    """A person's roles: staff see (and can change or remove) only those in their
    own authorities; the person's roles elsewhere are not theirs to touch."""

    model = Membership
    extra = 0
    autocomplete_fields = ["authority"]


@admin.register(Authority)
class AuthorityAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "ons_code", "reminders_enabled"]
    search_fields = ["name", "ons_code"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


class JudgementInline(ScopedMixin, admin.TabularInline):
    model = Judgement
    extra = 1  # a row to fill in without JavaScript's "Add another"
    fields = ["position", "section", "area", "grade", "tier"]


@admin.register(Inspection)
class InspectionAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = [
        "__str__",
        "authority",
        "kind",
        "started_on",
        "ended_on",
        "published_on",
    ]
    list_filter = [("authority", AuthorityListFilter), "kind", "inspectorate"]
    list_select_related = ["authority"]
    search_fields = ["title", "authority__name"]
    date_hierarchy = "published_on"
    # The authority is a plain select (ScopedMixin offers only the person's own),
    # so a whole report can be entered without JavaScript.
    fieldsets = [
        (None, {"fields": ["authority", "kind", "inspectorate", "title"]}),
        ("Dates", {"fields": ["started_on", "ended_on", "published_on"]}),
        ("Report", {"fields": ["report_file", "report_filename", "source_url"]}),
    ]
    inlines = [JudgementInline]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class TrackerUserAdmin(ScopedMixin, UserAdmin):
    """Django's user admin, with the person's role in each authority.

    Staff who are not superusers see the people of their own authorities and
    accounts not yet in any (to add them to one), never a superuser; and only a
    superuser grants admin access, superuser status, groups or permissions.
    """

    inlines = [*UserAdmin.inlines, UserMembershipInline]
    GRANTS = ("is_staff", "is_superuser", "groups", "user_permissions")

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return users_for_staff(request.user, queryset)

    def has_change_permission(self, request, obj=None):
        """Someone who also works for another authority is that authority's
        person too: staff of one may see them but not change their password,
        name or email."""
        allowed = super().has_change_permission(request, obj)
        if not allowed or obj is None or request.user.is_superuser:
            return allowed
        mine = Membership.objects.visible_to(request.user)
        return not Membership.objects.filter(user=obj).exclude(pk__in=mine).exists()

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if request.user.is_superuser:
            return fields
        return (*fields, *self.GRANTS)
