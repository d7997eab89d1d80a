from django.urls import path

from recommendations.views import workspace

app_name = "recommendations"

urlpatterns = [
    path(
        "<int:pk>/",
        workspace.RecommendationDetailView.as_view(),
        name="recommendation_detail",
    ),
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
]
