from django.contrib.auth.decorators import login_not_required
from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from recommendations.api import docs, views

app_name = "api"

router = SimpleRouter()
router.register("authorities", views.AuthorityViewSet, basename="authority")
router.register("inspections", views.InspectionViewSet, basename="inspection")
router.register(
    "recommendations", views.RecommendationViewSet, basename="recommendation"
)
router.register("actions", views.ActionViewSet, basename="action")

urlpatterns = [
    # Token clients fetch the schema too: DRF authenticates them (SERVE_PERMISSIONS).
    path("schema/", login_not_required(SpectacularAPIView.as_view()), name="schema"),
    path("docs/", docs.APIDocsView.as_view(), name="docs"),
    *router.urls,
]
