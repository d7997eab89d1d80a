from django.urls import path

from recommendations.views import closeout, lists, workspace

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
    # Officers' workspace (issue 3) ----------------------------------------------
    path("my-actions/", workspace.MyActionsView.as_view(), name="my_actions"),
    path("<int:pk>/actions/add/", workspace.ActionAddView.as_view(), name="action_add"),
    path(
        "actions/<int:pk>/edit/", workspace.ActionEditView.as_view(), name="action_edit"
    ),
    path(
        "actions/<int:pk>/status/",
        workspace.ActionStatusView.as_view(),
        name="action_status",
    ),
    path("<int:pk>/notes/add/", workspace.NoteAddView.as_view(), name="note_add"),
    path(
        "<int:pk>/evidence/add/",
        workspace.EvidenceAddView.as_view(),
        name="evidence_add",
    ),
    path(
        "evidence/<int:pk>/download/",
        workspace.EvidenceDownloadView.as_view(),
        name="evidence_download",
    ),
    path(
        "evidence/<int:pk>/withdraw/",
        workspace.EvidenceWithdrawView.as_view(),
        name="evidence_withdraw",
    ),
    path(
        "<int:pk>/implemented/",
        workspace.MarkImplementedView.as_view(),
        name="recommendation_mark_implemented",
    ),
    # Close-out
    path(
        "<int:pk>/reopen/",
        closeout.RecommendationReopenView.as_view(),
        name="recommendation_reopen",
    ),
]
