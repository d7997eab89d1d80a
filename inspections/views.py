from pathlib import PurePath

from django.http import FileResponse, Http404
from django.views.generic import DetailView, ListView, View
from django.views.generic.detail import SingleObjectMixin

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
            self.object.recommendations.with_progress()
            .with_met()
            .select_related("team", "owner")
        )
        context["judgements"] = self.object.judgements.all()
        context["recommendations"] = recommendations
        context["timescale_groups"] = timescale_groups(recommendations)
        context["summary"] = progress_summary(recommendations)
        return context


def progress_summary(recommendations) -> dict[str, int]:
    """ "5 of 7 implemented or met, 1 overdue": the council's word that it is done,
    or a verdict of met (which a manager may record without the council's)."""
    return {
        "total": len(recommendations),
        "implemented": sum(
            r.implemented_on is not None or r.met for r in recommendations
        ),
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


class InspectionReportView(SingleObjectMixin, View):
    """The stored report file, as a download: never shown inline, never sniffed."""

    content_types = {".pdf": "application/pdf", ".txt": "text/plain; charset=utf-8"}

    def get_queryset(self):
        return Inspection.objects.visible_to(self.request.user)

    def get(self, request, *args, **kwargs):
        inspection = self.get_object()
        if not inspection.report_file:
            raise Http404("This inspection has no report file")
        suffix = PurePath(inspection.report_file.name).suffix.lower()
        filename = inspection.report_filename or f"report{suffix}"
        response = FileResponse(
            inspection.report_file.open("rb"),
            as_attachment=True,
            filename=filename,
            content_type=self.content_types.get(suffix, "application/octet-stream"),
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response
