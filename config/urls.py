from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.generic import TemplateView

import inspections.urls
from inspections.accounts import ThrottledPasswordResetForm
from recommendations import inspection_urls
from recommendations.views import profile
from recommendations.views.audit import AuditLogView
from recommendations.views.home import HomeView

admin.site.site_header = "Improvement Tracker administration"
admin.site.site_title = "Improvement Tracker"

urlpatterns = [
    path("", HomeView.as_view(), name="dashboard"),
    path(
        "accounts/password_reset/",
        login_not_required(
            auth_views.PasswordResetView.as_view(form_class=ThrottledPasswordResetForm)
        ),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path(
        "accessibility/",
        login_not_required(
            TemplateView.as_view(
                template_name="accessibility.html",
                extra_context={
                    "prepared_on": settings.ACCESSIBILITY_STATEMENT_PREPARED_ON
                },
            )
        ),
        name="accessibility",
    ),
    # The inspections app never imports recommendations, so its pages that need both
    # (report import, close-out review) join the "inspections" namespace here.
    path(
        "inspections/",
        include(
            (
                [*inspections.urls.urlpatterns, *inspection_urls.urlpatterns],
                "inspections",
            )
        ),
    ),
    path("recommendations/", include("recommendations.urls")),
    path("audit/", AuditLogView.as_view(), name="audit_log"),
    path("admin/", admin.site.urls),
]

# Profile, calendar feed and REST API (issue 7)
urlpatterns += [
    path("profile/", profile.ProfileView.as_view(), name="profile"),
    path(
        "profile/calendar/create/",
        profile.CalendarFeedCreateView.as_view(),
        name="calendar_feed_create",
    ),
    path(
        "profile/calendar/revoke/",
        profile.CalendarFeedRevokeView.as_view(),
        name="calendar_feed_revoke",
    ),
    path(
        "profile/authorities/<int:pk>/reminders/",
        profile.AuthorityRemindersView.as_view(),
        name="authority_reminders",
    ),
    path(
        "calendar/<slug:token>.ics",
        profile.CalendarFeedView.as_view(),
        name="calendar_feed",
    ),
    path("api/", include("recommendations.api.urls")),
]
