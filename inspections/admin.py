"""Admin for authorities, people's roles and inspections with their judgements.

The recommendations app extends InspectionAdmin with its recommendation inline, so an
administrator enters a whole report on one page (see recommendations/admin.py).
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from inspections.models import Authority, Inspection, Judgement, Membership


class ScopedAdminMixin:
    """Staff who are not superusers see only their own authorities' rows."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if hasattr(queryset, "visible_to"):
            queryset = queryset.visible_to(request.user)
        return queryset


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class UserMembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["authority"]


@admin.register(Authority)
class AuthorityAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "ons_code", "reminders_enabled"]
    search_fields = ["name", "ons_code"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


class JudgementInline(admin.TabularInline):
    model = Judgement
    extra = 0
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
    list_filter = ["authority", "kind", "inspectorate"]
    list_select_related = ["authority"]
    search_fields = ["title", "authority__name"]
    date_hierarchy = "published_on"
    autocomplete_fields = ["authority"]
    fieldsets = [
        (None, {"fields": ["authority", "kind", "inspectorate", "title"]}),
        ("Dates", {"fields": ["started_on", "ended_on", "published_on"]}),
        ("Report", {"fields": ["report_file", "report_filename", "source_url"]}),
    ]
    inlines = [JudgementInline]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class TrackerUserAdmin(UserAdmin):
    """Django's user admin, with the person's role in each authority."""

    inlines = [*UserAdmin.inlines, UserMembershipInline]
