from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.generic import TemplateView

import inspections.urls
from recommendations.views.closeout import CloseOutReviewView
from recommendations.views.home import HomeView

admin.site.site_header = "Improvement Tracker administration"
admin.site.site_title = "Improvement Tracker"

urlpatterns = [
    path("", HomeView.as_view(), name="dashboard"),
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
    path(
        "inspections/",
        include(
            (
                [
                    *inspections.urls.urlpatterns,
                    # Close-out: registered here because inspections never imports
                    # recommendations.
                    path(
                        "<int:pk>/closeout/",
                        CloseOutReviewView.as_view(),
                        name="closeout",
                    ),
                ],
                inspections.urls.app_name,
            )
        ),
    ),
    path("recommendations/", include("recommendations.urls")),
    path("admin/", admin.site.urls),
]
