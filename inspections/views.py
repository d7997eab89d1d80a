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
    model = Inspection

    def get_queryset(self):
        return Inspection.objects.visible_to(self.request.user).select_related(
            "authority"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["judgements"] = self.object.judgements.all()
        return context


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
