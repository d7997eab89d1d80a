from django.urls import path

from recommendations.views import closeout, workspace

app_name = "recommendations"

urlpatterns = [
    path(
        "<int:pk>/",
        workspace.RecommendationDetailView.as_view(),
        name="recommendation_detail",
    ),
    # Close-out
    path(
        "<int:pk>/reopen/",
        closeout.RecommendationReopenView.as_view(),
        name="recommendation_reopen",
    ),
]
