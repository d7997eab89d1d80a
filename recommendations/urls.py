from django.urls import path

from recommendations.views import lists, workspace

app_name = "recommendations"

urlpatterns = [
    path(
        "<int:pk>/",
        workspace.RecommendationDetailView.as_view(),
        name="recommendation_detail",
    ),
    # Managers' lists, exports and changes (issue 4) -----------------------------
    path("", lists.RecommendationListView.as_view(), name="recommendation_list"),
    path("overdue/", lists.OverdueListView.as_view(), name="overdue"),
    path("due-soon/", lists.DueSoonListView.as_view(), name="due_soon"),
    path("no-deadline/", lists.NoDeadlineListView.as_view(), name="no_deadline"),
    path(
        "<int:pk>/due-date/",
        lists.ReviseDueDateView.as_view(),
        name="recommendation_revise_due_date",
    ),
    path("reassign/", lists.BulkAssignView.as_view(), name="bulk_assign"),
]
