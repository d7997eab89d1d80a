"""The report import for administrators: upload, review the draft, confirm.

Nothing is saved until the person confirms. Between the steps the uploaded file waits
in private storage under a random name that only this session knows (its entry in
`request.session`), and the draft waits in the session; both go once the report is
saved or discarded, and abandoned uploads are swept away after a day.
"""

from __future__ import annotations

import datetime
import uuid
from pathlib import PurePath

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView
from django_htmx.http import HttpResponseClientRedirect

from inspections.services import find_duplicate
from recommendations import permissions
from recommendations.import_forms import (
    InspectionReviewForm,
    JudgementFormSet,
    RecommendationFormSet,
    ReportUploadForm,
    draft_from_forms,
    initial_from_draft,
)
from recommendations.importing import DuplicateInspection, save_draft
from recommendations.mixins import ManagerRequiredMixin

SESSION_KEY = "report_imports"
UPLOAD_DIR = "imports"
# Uploads left behind (a closed tab, an expired session) are deleted after this.
STALE_AFTER = datetime.timedelta(days=1)
# Reports a person may have waiting for review at once, in different tabs.
MAX_PENDING = 5
# The review page's "Add a …" buttons (their `action`) and the rows they add.
ADD_ROW = {"add_judgement": "judgements", "add_recommendation": "recommendations"}
ROW_FORMSETS = {
    "judgements": JudgementFormSet,
    "recommendations": RecommendationFormSet,
}


class ImportPermissionMixin(ManagerRequiredMixin):
    """Administrators only (staff and superusers); everyone else gets 403."""

    def has_manager_access(self, user) -> bool:
        return permissions.can_import_reports(user)


def _pending(request) -> dict:
    return request.session.setdefault(SESSION_KEY, {})


def _discard(request, token: str) -> None:
    entry = _pending(request).pop(token, None)
    request.session.modified = True
    if entry and entry["file"]:
        default_storage.delete(entry["file"])


def _sweep_stale_uploads() -> None:
    try:
        names = default_storage.listdir(UPLOAD_DIR)[1]
    except FileNotFoundError:
        return
    cutoff = timezone.now() - STALE_AFTER
    for name in names:
        path = f"{UPLOAD_DIR}/{name}"
        if default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)


def _focus_row(formset, index: int) -> None:
    """Put the focus in the row just added (its first field), with and without
    JavaScript; the page scrolls to it and its legend says which row it is."""
    if 0 <= index < len(formset.forms):
        form = formset.forms[index]
        first = form.visible_fields()[0]
        form.fields[first.name].widget.attrs["autofocus"] = True


def _draft_data(draft) -> dict:
    """The draft as JSON for the session, keeping what the seed shape leaves out."""
    data = draft.to_json_dict()
    for row, recommendation in zip(
        data["recommendations"], draft.recommendations, strict=True
    ):
        row["source"] = recommendation.source
    data["warnings"] = list(draft.warnings)
    return data


class ImportReportView(ImportPermissionMixin, FormView):
    """Step 1: upload a report's PDF or text, or paste its text."""

    form_class = ReportUploadForm
    template_name = "inspections/inspection_import.html"

    def form_valid(self, form):
        _sweep_stale_uploads()
        pending = _pending(self.request)
        while len(pending) >= MAX_PENDING:
            _discard(self.request, next(iter(pending)))
        token = uuid.uuid4().hex
        upload = form.cleaned_data["report"]
        stored = ""
        if upload is not None:
            suffix = PurePath(upload.name).suffix.lower()
            stored = default_storage.save(
                f"{UPLOAD_DIR}/{token}{suffix}", ContentFile(form.data_bytes)
            )
        pending[token] = {
            "file": stored,
            "filename": PurePath(upload.name).name[-255:] if upload else "",
            "draft": _draft_data(form.draft),
        }
        self.request.session.modified = True
        url = reverse("inspections:import_review", args=[token])
        if self.request.htmx:
            return HttpResponseClientRedirect(url)
        return redirect(url)


class ReviewImportView(ImportPermissionMixin, TemplateView):
    """Step 2: the draft as an editable form; confirming saves it all at once."""

    template_name = "inspections/inspection_import_review.html"

    def get_entry(self) -> dict:
        token = self.kwargs["token"]
        entry = self.request.session.get(SESSION_KEY, {}).get(token)
        if entry and entry["file"] and not default_storage.exists(entry["file"]):
            _discard(self.request, token)  # swept away as abandoned
            entry = None
        if entry is None:
            raise Http404("No report waiting for review under this address")
        return entry

    def get(self, request, *args, **kwargs):
        draft = self.get_entry()["draft"]
        inspection_form = InspectionReviewForm(
            initial=initial_from_draft(draft, user=request.user), user=request.user
        )
        judgements = JudgementFormSet(
            prefix="judgements",
            initial=[{**row, "tier": row["tier"] or ""} for row in draft["judgements"]],
        )
        recommendations = RecommendationFormSet(
            prefix="recommendations", initial=draft["recommendations"]
        )
        initial = inspection_form.initial
        possible_duplicate = initial["authority"] and find_duplicate(
            authority=initial["authority"],
            kind=initial["kind"],
            started_on=initial["started_on"],
            ended_on=initial["ended_on"],
            published_on=initial["published_on"],
        )
        return self.render(
            inspection_form,
            judgements,
            recommendations,
            possible_duplicate=possible_duplicate,
        )

    def post(self, request, *args, **kwargs):
        token = kwargs["token"]
        entry = self.get_entry()
        action = request.POST.get("action", "confirm")
        if action == "discard":
            _discard(request, token)
            messages.info(request, "The report was discarded; nothing was saved.")
            return redirect("inspections:import_report")
        data = request.POST.copy()
        added = ADD_ROW.get(action)
        if added:
            added_index = ROW_FORMSETS[added].add_row(data, added)
        inspection_form = InspectionReviewForm(data, user=request.user)
        judgements = JudgementFormSet(data, prefix="judgements")
        recommendations = RecommendationFormSet(data, prefix="recommendations")
        forms = (inspection_form, judgements, recommendations)
        if action != "confirm":
            # Adding a row is not a submission: the page comes back as it was typed,
            # with the new row, and nothing is checked until "Save the inspection".
            for form in forms:
                form.hold_errors()
            if added:
                rows = {"judgements": judgements, "recommendations": recommendations}
                _focus_row(rows[added], added_index)
            return self.render(*forms)
        if not all([form.is_valid() for form in forms]):
            return self.render(*forms)
        draft = draft_from_forms(*forms)
        try:
            inspection = self.save(draft, entry, inspection_form)
        except DuplicateInspection as error:
            _add_duplicate_error(inspection_form)
            return self.render(*forms, duplicate=error.existing)
        except ValidationError as error:
            _add_save_error(inspection_form, error)
            return self.render(*forms)
        _discard(request, token)
        messages.success(
            request,
            f"Report imported: {len(draft.recommendations)} recommendations and "
            f"{len(draft.judgements)} judgements",
        )
        return redirect(inspection)

    def save(self, draft, entry, inspection_form):
        authority = inspection_form.cleaned_data.get("authority")
        if not entry["file"]:
            return save_draft(draft=draft, user=self.request.user, authority=authority)
        with default_storage.open(entry["file"], "rb") as handle:
            return save_draft(
                draft=draft,
                user=self.request.user,
                authority=authority,
                report_file=File(handle, name=entry["filename"]),
            )

    def render(
        self,
        inspection_form,
        judgements,
        recommendations,
        *,
        duplicate=None,
        possible_duplicate=None,
    ):
        """The review page. `duplicate` refused the save; `possible_duplicate` warns."""
        entry = self.get_entry()
        return self.render_to_response(
            self.get_context_data(
                inspection_form=inspection_form,
                judgements=judgements,
                recommendations=recommendations,
                duplicate=duplicate,
                possible_duplicate=possible_duplicate,
                errors=error_list(inspection_form, judgements, recommendations),
                warnings=entry["draft"]["warnings"],
                filename=entry["filename"],
            )
        )


def _add_duplicate_error(inspection_form) -> None:
    """Refuse a report already imported beside the authority it was matched by, so
    the error summary links to the page (the existing inspection's link is in the
    page's warning, not the summary)."""
    name = "authority"
    if (
        not inspection_form.cleaned_data.get("authority")
        and "new_authority" in inspection_form.fields
    ):
        name = "new_authority"
    inspection_form.add_error(
        name,
        ValidationError(
            "This inspection has already been imported: change the authority, kind "
            "or dates if this is a different one, or discard this report",
            code="duplicate",
        ),
    )


def _add_save_error(inspection_form, error: ValidationError) -> None:
    """Show a refusal of save_draft beside the field it is about, where the page has
    one. A refused authority name is the one typed as a new authority."""
    if not hasattr(error, "error_dict"):
        inspection_form.add_error(None, error.messages)
        return
    for name, field_messages in error.message_dict.items():
        if name == "authority" and "new_authority" in inspection_form.fields:
            name = "new_authority"
        inspection_form.add_error(
            name if name in inspection_form.fields else None, field_messages
        )


def error_list(inspection_form, *formsets) -> list[tuple[str, str]]:
    """(field id, message) for the GOV.UK error summary of a page of several forms."""
    errors = []
    first_id = inspection_form["authority"].id_for_label
    for message in inspection_form.non_field_errors():
        errors.append((first_id, message))
    for form in (inspection_form, *(f for fs in formsets for f in fs.forms)):
        for field in form:
            for message in field.errors:
                errors.append((_error_target(field, message), message))
    for formset in formsets:
        for message in formset.non_form_errors():
            errors.append((first_id, message))
    return errors


def _error_target(field, message) -> str:
    """The id of the input an error is about. A date's label names no input: link to
    the part (day, month, year) the message is about, or else the day."""
    if field.id_for_label:
        return field.id_for_label
    for index, part in enumerate(getattr(field.field, "fields", ())):
        if message in getattr(part.widget, "errors", ()):
            return f"{field.auto_id}_{index}"
    return f"{field.auto_id}_0"
