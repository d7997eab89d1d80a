"""Forms of the report import: the upload, then the draft as an editable form."""

from __future__ import annotations

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.forms.utils import ErrorDict

from inspections.choices import InspectionKind, Tier
from inspections.files import FILE_FIELD_ERRORS
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
from recommendations.forms import DateField
from recommendations.importing import (
    existing_authority,
    match_authority,
    read_report,
    require_a_date,
    validate_report_upload,
)


class ReportUploadForm(forms.Form):
    """A report's PDF or text file, or its text pasted; parsed when valid."""

    report = forms.FileField(
        label="Upload the report",
        required=False,
        error_messages=FILE_FIELD_ERRORS,
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
        validate_report_upload(upload)
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


def worded(field: forms.Field, **messages: str) -> forms.Field:
    """`field` with its errors in words that name it (GOV.UK: never "This field is
    required"). `max_length` words the length limit, which is a validator's."""
    limit = messages.pop("max_length", None)
    if limit is not None:
        field.validators = [
            validator
            for validator in field.validators
            if not isinstance(validator, MaxLengthValidator)
        ]
        field.validators.append(MaxLengthValidator(field.max_length, limit))
    field.error_messages.update(messages)
    return field


class HoldErrorsMixin:
    """`hold_errors()` leaves a bound form showing what was typed without checking it:
    for a button that changes the page (adding a row) rather than submitting it."""

    def hold_errors(self) -> None:
        self._errors = ErrorDict(renderer=self.renderer)


class InspectionReviewForm(HoldErrorsMixin, forms.Form):
    """The inspection's own fields, as the importer read them."""

    authority = worded(
        forms.ModelChoiceField(
            label="Authority", queryset=Authority.objects.none(), required=False
        ),
        required="Choose an authority",
        invalid_choice="Choose an authority from the list",
    )
    new_authority = worded(
        forms.CharField(
            label="Or a new authority's name",
            required=False,
            max_length=200,
            help_text="Only if the authority is not in the list above",
        ),
        max_length="The new authority's name must be %(limit_value)d characters "
        "or fewer",
    )
    kind = worded(
        forms.ChoiceField(label="Kind of inspection", choices=InspectionKind.choices),
        required="Choose the kind of inspection",
        invalid_choice="Choose the kind of inspection from the list",
    )
    inspectorate = worded(
        forms.CharField(
            label="Inspectorate",
            max_length=100,
            required=False,
            help_text="Leave this blank for a council's own self-assessment",
        ),
        max_length="The inspectorate must be %(limit_value)d characters or fewer",
    )
    started_on = DateField(
        label="First inspection day",
        noun="the first inspection day",
        required=False,
        help_text="For example, 12 4 2010",
    )
    ended_on = DateField(
        label="Last inspection day", noun="the last inspection day", required=False
    )
    published_on = DateField(
        label="Published",
        noun="the publication date",
        required=False,
        help_text="The publication date, or the date of the letter. Due dates count "
        "from it.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
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
        elif new_name:
            try:
                existing_authority(new_name, user=self.user)
            except ValidationError as error:
                self.add_error("new_authority", error.messages)
        # A council's own self-assessment has no inspectorate; save_draft names it.
        if (
            not cleaned.get("inspectorate")
            and "inspectorate" not in self.errors
            and cleaned.get("kind") != InspectionKind.SELF_ASSESSMENT
        ):
            self.add_error(
                "inspectorate",
                ValidationError("Enter the inspectorate", code="required"),
            )
        started, ended = cleaned.get("started_on"), cleaned.get("ended_on")
        if started and ended and ended < started:
            self.add_error(
                "ended_on", "The last inspection day must be on or after the first"
            )
        dates = ("started_on", "ended_on", "published_on")
        if not any(name in self.errors for name in dates):
            try:
                require_a_date(**{name: cleaned.get(name) for name in dates})
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


class ReviewRowForm(HoldErrorsMixin, forms.Form):
    """A row of the draft whose errors name the field and the row ("Enter the text of
    recommendation 3"), so the error summary says which of many rows is wrong."""

    noun = "row"
    # Field name -> {error code: message}; "{row}" becomes "recommendation 3".
    wording: dict[str, dict[str, str]] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.name_row(f"this {self.noun}")

    def name_row(self, row: str) -> None:
        for name, messages in self.wording.items():
            worded(
                self.fields[name],
                **{code: message.format(row=row) for code, message in messages.items()},
            )


class JudgementReviewForm(ReviewRowForm):
    noun = "judgement"
    wording = {
        "area": {
            "required": "Enter the area of {row}",
            "max_length": "The area of {row} must be %(limit_value)d characters "
            "or fewer",
        },
        "grade": {
            "required": "Enter the grade of {row} as the report writes it",
            "max_length": "The grade of {row} must be %(limit_value)d characters "
            "or fewer",
        },
        "tier": {
            "required": "Choose the tier of {row}",
            "invalid_choice": "Choose the tier of {row} from the list",
        },
        "section": {
            "max_length": "The section of {row} must be %(limit_value)d characters "
            "or fewer",
        },
    }

    area = forms.CharField(label="Area", max_length=500)
    grade = forms.CharField(label="Grade as written", max_length=100)
    tier = forms.ChoiceField(
        label="Tier", choices=[("", "Choose a tier"), *Tier.choices]
    )
    section = forms.CharField(label="Section", max_length=300, required=False)


class RecommendationReviewForm(ReviewRowForm):
    noun = "recommendation"
    wording = {
        "text": {"required": "Enter the text of {row}"},
        "timescale": {
            "required": "Choose the timescale of {row}",
            "invalid_choice": "Choose the timescale of {row} from the list",
        },
        "section": {
            "max_length": "The section of {row} must be %(limit_value)d characters "
            "or fewer",
        },
    }

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
    # Only a damaged or hand-made request lacks the rows' counts; say what to do.
    default_error_messages = {
        "missing_management_form": "The rows of this review could not be read. "
        "Open the review again to start from the report as it was imported."
    }

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["DELETE"].label = f"Remove this {self.noun}"
        if index is not None:
            form.name_row(f"{self.noun} {index + 1}")

    def hold_errors(self) -> None:
        """Show every row as typed without checking it (see HoldErrorsMixin)."""
        for form in self.forms:
            form.hold_errors()
        self._errors = [form.errors for form in self.forms]
        self._non_form_errors = self.error_class(
            error_class="nonform", renderer=self.renderer
        )
        if not self.management_form.is_valid():  # no rows to show: say so
            self._non_form_errors.append(self.error_messages["missing_management_form"])

    @classmethod
    def add_row(cls, data, prefix: str) -> int:
        """Add a blank row to the submitted `data` (a mutable QueryDict); its index.

        The row starts from the form's own defaults (the timescale's "No timescale"),
        as a new row of a page would, so it shows what it holds and, left blank, is
        left out when the draft is saved. -1 if the management data is missing.
        """
        total = f"{prefix}-TOTAL_FORMS"
        if not re.fullmatch(r"[0-9]+", data.get(total, "")):  # not "²": isdigit()
            return -1
        index = int(data[total])
        data[total] = str(index + 1)
        for name, field in cls.form.base_fields.items():
            if field.initial is not None:
                data.setdefault(f"{prefix}-{index}-{name}", field.initial)
        return index


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
        inspectorate=data["inspectorate"] or None,
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
