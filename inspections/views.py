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
    """The report's judgements and its recommendations' progress, by timescale.

    Recommendations come through the related manager (`with_progress()` is the
    recommendations app's queryset), so this app never imports that one.
    """

    model = Inspection

    def get_queryset(self):
        return Inspection.objects.visible_to(self.request.user).select_related(
            "authority"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        recommendations = list(
            self.object.recommendations.with_progress().select_related("team", "owner")
        )
        context["judgements"] = self.object.judgements.all()
        context["recommendations"] = recommendations
        context["timescale_groups"] = timescale_groups(recommendations)
        context["summary"] = progress_summary(recommendations)
        return context


def progress_summary(recommendations) -> dict[str, int]:
    """ "5 of 7 implemented, 1 overdue": implemented counts those closed after."""
    return {
        "total": len(recommendations),
        "implemented": sum(r.implemented_on is not None for r in recommendations),
        "overdue": sum(r.is_overdue for r in recommendations),
        "closed": sum(r.status == "closed" for r in recommendations),
    }


def timescale_groups(recommendations) -> list[dict]:
    """Recommendations grouped by timescale, in the timescale choices' order."""
    if not recommendations:
        return []
    field = type(recommendations[0])._meta.get_field("timescale")
    groups = []
    for value, label in field.choices:
        members = [r for r in recommendations if r.timescale == value]
        if members:
            groups.append(
                {
                    "label": label,
                    "value": value,
                    "recommendations": members,
                    **progress_summary(members),
                }
            )
    return groups
