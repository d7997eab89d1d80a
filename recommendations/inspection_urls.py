"""Pages about an inspection that need the recommendations app: the report import and
the close-out review. The inspections app never imports recommendations, so
config/urls.py serves these in the `inspections` namespace beside its own pages."""

from django.urls import path

from recommendations.views import closeout, importing

urlpatterns = [
    path("import/", importing.ImportReportView.as_view(), name="import_report"),
    path(
        "import/<slug:token>/",
        importing.ReviewImportView.as_view(),
        name="import_review",
    ),
    path("<int:pk>/closeout/", closeout.CloseOutReviewView.as_view(), name="closeout"),
]
