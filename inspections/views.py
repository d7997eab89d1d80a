from django.views.generic import DetailView, ListView

from inspections.models import Inspection


class InspectionListView(ListView):
    model = Inspection
    paginate_by = 50

    def get_queryset(self):
        return Inspection.objects.visible_to(self.request.user).select_related(
            "authority"
        )


class InspectionDetailView(DetailView):
    model = Inspection

    def get_queryset(self):
        return Inspection.objects.visible_to(self.request.user).select_related(
            "authority"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["judgements"] = self.object.judgements.all()
        return context
