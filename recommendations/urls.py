from django.urls import path

from recommendations.views import workspace

app_name = "recommendations"

urlpatterns = [
    path(
        "<int:pk>/",
        workspace.RecommendationDetailView.as_view(),
        name="recommendation_detail",
    ),
]
