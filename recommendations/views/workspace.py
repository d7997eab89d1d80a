from django.views.generic import DetailView, TemplateView

from recommendations.lineage import lineage_context
from recommendations.models import Recommendation


class OfficerHomeView(TemplateView):
    """An officer's home: what is theirs and what is late."""

    template_name = "recommendations/officer_home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        visible = Recommendation.objects.visible_to(self.request.user)
        context["overdue"] = visible.overdue().select_related("inspection")[:50]
        context["due_soon"] = visible.due_within().select_related("inspection")[:50]
        return context


class RecommendationDetailView(DetailView):
    model = Recommendation

    def get_queryset(self):
        return Recommendation.objects.visible_to(self.request.user).select_related(
            "inspection__authority", "team"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(lineage_context(self.object, self.request.user))
        return context
