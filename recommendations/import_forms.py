"""Forms of the report import: the upload, then the draft as an editable form."""

from __future__ import annotations

import datetime

from crispy_forms_gds.fields import DateInputField
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from inspections.choices import InspectionKind, Tier
from inspections.files import validate_upload
from inspections.importer import (
    Draft,
    DraftJudgement,
    DraftRecommendation,
    ReportReadError,
    parse_text,
)
from inspections.models import Authority
from recommendations import permissions
from recommendations.choices import Timescale
from recommendations.importing import NOT_A_REPORT, match_authority, read_report


class ReportUploadForm(forms.Form):
    """A report's PDF or text file, or its text pasted; parsed when valid."""

    report = forms.FileField(
        label="Upload the report",
        required=False,
        help_text="A PDF or a text file. A long PDF can take a few seconds to read.",
    )
    text = forms.CharField(
        label="Or paste the report's text",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    draft: Draft
    data_bytes: bytes | None = None

    def clean_report(self):
        upload = self.cleaned_data.get("report")
        if upload is None:
            return None
        try:
            validate_upload(upload, max_bytes=settings.REPORT_MAX_UPLOAD_BYTES)
        except ValidationError as error:
            if error.code != "file_type":
                raise
            raise ValidationError(NOT_A_REPORT, code="file_type") from error
        data = upload.read()
        try:
            self.draft = read_report(data, filename=upload.name)
        except ReportReadError as error:
            message = str(error)
            raise ValidationError(message[:1].upper() + message[1:]) from error
        self.data_bytes = data
        return upload

    def clean(self):
        cleaned = super().clean()
        upload, text = cleaned.get("report"), (cleaned.get("text") or "").strip()
        if self.errors:
            return cleaned
        if upload and text:
            raise ValidationError(
                "Upload a file or paste the text, not both", code="both"
            )
        if not upload and not text:
            self.add_error("report", "Select the report's file, or paste its text")
        elif text:
            self.draft = parse_text(text)
        return cleaned


class InspectionReviewForm(forms.Form):
    """The inspection's own fields, as the importer read them."""

    authority = forms.ModelChoiceField(
        label="Authority", queryset=Authority.objects.none(), required=False
    )
    new_authority = forms.CharField(
        label="Or a new authority's name",
        required=False,
        max_length=200,
        help_text="Only if the authority is not in the list above",
    )
    kind = forms.ChoiceField(label="Kind of inspection", choices=InspectionKind.choices)
    inspectorate = forms.CharField(label="Inspectorate", max_length=100)
    started_on = DateInputField(
        label="First inspection day",
        required=False,
        help_text="For example, 12 4 2010",
    )
    ended_on = DateInputField(label="Last inspection day", required=False)
    published_on = DateInputField(
        label="Published",
        required=False,
        help_text="The publication date, or the date of the letter. Due dates count "
        "from it.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].queryset = Authority.objects.visible_to(user)
        if permissions.can_create_authority(user):
            self.fields["authority"].empty_label = "A new authority (name it below)"
        else:
            del self.fields["new_authority"]
            self.fields["authority"].required = True
            self.fields["authority"].empty_label = "Choose an authority"

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("authority")
        new_name = (cleaned.get("new_authority") or "").strip()
        if not chosen and not new_name and "authority" not in self.errors:
            self.add_error(
                "authority", "Choose the authority, or enter a new authority's name"
            )
        elif chosen and new_name:
            self.add_error(
                "new_authority",
                "Choose an authority from the list or enter a new one, not both",
            )
        started, ended = cleaned.get("started_on"), cleaned.get("ended_on")
        if started and ended and ended < started:
            self.add_error(
                "ended_on", "The last inspection day must be on or after the first"
            )
        dates = ("started_on", "ended_on", "published_on")
        if not any(cleaned.get(name) for name in dates) and not any(
            name in self.errors for name in dates
        ):
            self.add_error(
                "published_on",
                "Enter the publication date or the inspection days",
            )
        return cleaned


class JudgementReviewForm(forms.Form):
    area = forms.CharField(label="Area", max_length=500)
    grade = forms.CharField(label="Grade as written", max_length=100)
    tier = forms.ChoiceField(
        label="Tier", choices=[("", "Choose a tier"), *Tier.choices]
    )
    section = forms.CharField(label="Section", max_length=300, required=False)


class RecommendationReviewForm(forms.Form):
    text = forms.CharField(
        label="Recommendation", widget=forms.Textarea(attrs={"rows": 4})
    )
    timescale = forms.ChoiceField(
        label="Timescale", choices=Timescale.choices, initial=Timescale.UNSPECIFIED
    )
    section = forms.CharField(label="Section", max_length=300, required=False)
    priority = forms.BooleanField(label="Priority action", required=False)
    # Shown beside the row so the reader can check it; never saved.
    source = forms.CharField(widget=forms.HiddenInput, required=False)


class RemovableRowsFormSet(forms.BaseFormSet):
    noun = "row"

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["DELETE"].label = f"Remove this {self.noun}"


class JudgementRowsFormSet(RemovableRowsFormSet):
    noun = "judgement"


class RecommendationRowsFormSet(RemovableRowsFormSet):
    noun = "recommendation"


JudgementFormSet = forms.formset_factory(
    JudgementReviewForm, formset=JudgementRowsFormSet, extra=0, can_delete=True
)
RecommendationFormSet = forms.formset_factory(
    RecommendationReviewForm,
    formset=RecommendationRowsFormSet,
    extra=0,
    can_delete=True,
)


def initial_from_draft(data: dict, *, user) -> dict:
    """Initial values for InspectionReviewForm from a draft's JSON (with sources)."""

    def day(value):
        return datetime.date.fromisoformat(value) if value else None

    try:
        authority = match_authority(
            data.get("authority") or "", queryset=Authority.objects.visible_to(user)
        )
    except ValidationError:
        authority = None
    return {
        "authority": authority,
        "new_authority": "" if authority else data.get("authority") or "",
        "kind": data["inspection_type"],
        "inspectorate": data.get("inspectorate") or "",
        "started_on": day(data.get("inspection_start")),
        "ended_on": day(data.get("inspection_end")),
        "published_on": day(data.get("published")),
    }


def draft_from_forms(
    inspection_form: InspectionReviewForm,
    judgements: JudgementFormSet,
    recommendations: RecommendationFormSet,
) -> Draft:
    """The draft as the person corrected it; removed and blank rows left out."""
    data = inspection_form.cleaned_data

    def kept(formset):
        removed = formset.deleted_forms
        return [
            form.cleaned_data
            for form in formset.forms
            if form.has_changed() and form not in removed
        ]

    return Draft(
        authority=(data.get("new_authority") or "").strip()
        or (data["authority"].name if data.get("authority") else None),
        inspection_type=data["kind"],
        inspectorate=data["inspectorate"],
        inspection_start=data["started_on"],
        inspection_end=data["ended_on"],
        published=data["published_on"],
        judgements=[
            DraftJudgement(
                area=row["area"],
                grade=row["grade"],
                tier=row["tier"],
                section=row["section"],
            )
            for row in kept(judgements)
        ],
        recommendations=[
            DraftRecommendation(
                text=row["text"],
                timescale=row["timescale"],
                section=row["section"],
                priority=row["priority"],
            )
            for row in kept(recommendations)
        ],
    )
