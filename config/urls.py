from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.generic import TemplateView

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
    path("inspections/", include("inspections.urls")),
    path("recommendations/", include("recommendations.urls")),
    path("admin/", admin.site.urls),
]
