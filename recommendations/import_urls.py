"""The report import's pages, served in the `inspections` namespace (config/urls.py)."""

from django.urls import path

from recommendations.views import importing

urlpatterns = [
    path("import/", importing.ImportReportView.as_view(), name="import_report"),
    path(
        "import/<slug:token>/",
        importing.ReviewImportView.as_view(),
        name="import_review",
    ),
]
