from django.urls import path

from recommendations import views

app_name = "recommendations"

urlpatterns = [
    path(
        "<int:pk>/",
        views.RecommendationDetailView.as_view(),
        name="recommendation_detail",
    ),
]
