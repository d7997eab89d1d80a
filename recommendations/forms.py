"""Forms of the officers' workspace, rendered with crispy-forms-gds (GOV.UK markup).

Forms only parse input; the rules live in services.py, whose refusals the views add
to the form so they show in the GOV.UK error summary. Forms that change a versioned
record carry its version in a hidden field, for optimistic locking.
"""

from __future__ import annotations

import datetime

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone

from inspections.files import FILE_FIELD_ERRORS
from inspections.people import person_name
from recommendations.choices import ActionStatus
from recommendations.models import Action, Recommendation


def _helper(
    *fields, submit: str, action_url: str = "", button_id: str = ""
) -> FormHelper:
    """A GOV.UK form. With an `action_url` it sits on the recommendation page and,
    with JavaScript, posts by htmx and swaps that page's live section in place."""
    helper = FormHelper()
    # Several forms share the recommendation page: their buttons need their own ids.
    button = Submit("submit", submit, css_id=button_id or None)
    helper.layout = Layout(*fields, button)
    # The browser's own checks would answer in a bubble, not the error summary.
    helper.attrs = {"novalidate": ""}
    if action_url:
        helper.form_action = action_url
        helper.attrs.update(
            {
                "hx-post": action_url,
                "hx-target": "#recommendation-live",
                "hx-swap": "outerHTML",
            }
        )
    return helper


class DateField(DateInputField):
    """GOV.UK's date input (day, month, year), with errors that name the date and
    the part that is wrong ("Enter the month of the target date", "The target date
    must be a real date"), not Python's ("day is out of range for month"). A date
    half entered is refused, not dropped.

    `noun` names it in messages (by default "the" and its label). With
    `from_today`, its form's FromTodayMixin refuses a date before today that was
    typed in; one shown unchanged (an overdue action's target, edited for
    something else) still passes.
    """

    PARTS = ("day", "month", "year")

    def __init__(self, *, label: str, noun: str = "", from_today: bool = False, **kw):
        super().__init__(label=label, require_all_fields=False, **kw)
        self.noun = noun = noun or f"the {label.lower()}"
        self.from_today = from_today
        self.error_messages["required"] = f"Enter {noun}"
        for part, field in zip(self.PARTS, self.fields, strict=True):
            field.required = True  # each part, once any is entered
            field.error_messages["incomplete"] = f"Enter the {part} of {noun}"
            field.validators = [
                RegexValidator(r"^[0-9]+$", f"Enter {noun} in numbers, like 27 3 2027")
            ]

    @property
    def named(self) -> str:
        return self.noun[:1].upper() + self.noun[1:]

    def compress(self, data_list):
        day, month, year = data_list
        if not (day and month and year):
            return None
        if len(year) != 4:
            message = "Year must include 4 numbers"
            self.fields[2].widget.errors.append(message)  # marks (and links) the year
            raise ValidationError(message, code="year")
        try:
            value = datetime.date(int(year), int(month), int(day))
        except (ValueError, OverflowError):  # 31 February; a day of 25 nines
            value = None
        if value is None or value.year < 1900:
            raise ValidationError(f"{self.named} must be a real date", code="invalid")
        return value


class FromTodayMixin:
    """For a form with a DateField(from_today=True): the date, if typed in rather
    than shown unchanged from the form's initial data, must be today or later."""

    def clean(self):
        cleaned = super().clean()
        for name, field in self.fields.items():
            value = cleaned.get(name)
            if not getattr(field, "from_today", False) or not value:
                continue
            if value != self.initial.get(name) and value < timezone.localdate():
                self.add_error(name, f"{field.named} must be today or in the future")
        return cleaned


def _target_date_field() -> DateField:
    return DateField(
        label="Target date",
        required=False,
        from_today=True,
        help_text="For example, 27 3 2027. Leave empty if there is no target date.",
    )


def people_of(recommendation: Recommendation):
    """Who can own an action: members of the recommendation's authority."""
    return (
        get_user_model()
        .objects.filter(
            memberships__authority_id=recommendation.inspection.authority_id,
            is_active=True,
        )
        .order_by("first_name", "last_name", "username")
    )


class VersionField(forms.IntegerField):
    """The version of the record the person saw, hidden in the form: a change made
    since is not saved over (services._lock). Only a damaged or hand-made request
    lacks it."""

    widget = forms.HiddenInput
    default_error_messages = {
        "required": "Reload the page and make your change again",
        "invalid": "Reload the page and make your change again",
    }


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        return person_name(user)


class ActionForm(FromTodayMixin, forms.Form):
    """Add or edit an action: what, who and by when."""

    description = forms.CharField(
        label="What will be done",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what will be done"},
    )
    owner = OwnerChoiceField(
        label="Owner",
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label="No owner yet",
    )
    target_date = _target_date_field()
    version = VersionField()

    def __init__(
        self,
        *args,
        recommendation: Recommendation,
        submit: str,
        editing: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people_of(recommendation)
        fields = [
            Field.textarea("description", label_size=Size.SMALL, rows=3),
            Field.select("owner"),
            Field("target_date"),
        ]
        if editing:  # the version the person saw: a later change is not overwritten
            fields.append(Field("version"))
        else:
            del self.fields["version"]
        self.helper = _helper(*fields, submit=submit)


class ActionStatusForm(forms.Form):
    """Move an action on; a reason is kept as a progress note."""

    status = forms.ChoiceField(
        label="New status",
        choices=ActionStatus.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the action's new status",
            "invalid_choice": "Select a status the action does not have now",
        },
    )
    reason = forms.CharField(
        label="Note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required if the action is blocked: say what is blocking it. "
        "Saved as a progress note.",
    )
    version = VersionField()

    def __init__(self, *args, action: Action, action_url: str = "", **kwargs):
        # Views pass prefix=None and initial={}: these belong to the form.
        kwargs["prefix"] = f"action-{action.pk}"
        kwargs["initial"] = {"version": action.version, **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            choice for choice in ActionStatus.choices if choice[0] != action.status
        ]
        self.helper = _helper(
            Field.radios("status", legend_size=Size.SMALL, small=True),
            Field.textarea("reason", rows=3),
            Field("version"),
            submit="Update status",
            action_url=action_url,
            button_id=f"action-{action.pk}-submit",
        )


class NoteForm(forms.Form):
    body = forms.CharField(
        label="Write a progress note",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter your progress note"},
    )

    def __init__(self, *args, action_url: str = "", **kwargs):
        kwargs["prefix"] = "note"
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.textarea("body", label_size=Size.SMALL, rows=4),
            submit="Add note",
            action_url=action_url,
            button_id="note-submit",
        )


class EvidenceForm(forms.Form):
    """A file and/or a link, described, for the recommendation or one of its actions."""

    description = forms.CharField(
        label="Describe the evidence",
        max_length=500,
        error_messages={
            "required": "Enter a description of the evidence",
            "max_length": "The description must be 500 characters or fewer",
        },
        help_text="For example, 'Minutes of the improvement board, 4 March'",
    )
    file = forms.FileField(
        label="Upload a file",
        required=False,
        error_messages=FILE_FIELD_ERRORS,
        help_text="PDF, Word, Excel, PowerPoint, image, CSV or text file",
    )
    url = forms.URLField(
        label="Or give a link",
        required=False,
        assume_scheme="https",
        max_length=500,
        # A text input, as GOV.UK's: the browser's URL input refuses a link without
        # "https://", which this field accepts and completes.
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "url"}),
        error_messages={
            "invalid": "Enter a link in the right format, like "
            "https://intranet.example.gov.uk/report",
            "max_length": "The link must be 500 characters or fewer",
        },
    )
    action = forms.ModelChoiceField(
        label="Evidence for",
        queryset=Action.objects.none(),
        required=False,
        empty_label="The recommendation as a whole",
    )

    def __init__(self, *args, recommendation: Recommendation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = recommendation.actions.all()
        self.helper = _helper(
            Field.text("description"),
            Field("file"),
            Field.text("url"),
            Field.select("action"),
            submit="Add evidence",
        )


class WithdrawEvidenceForm(forms.Form):
    reason = forms.CharField(
        label="Why is this evidence being withdrawn?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why this evidence is being withdrawn"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.textarea("reason", label_size=Size.SMALL, rows=3),
            submit="Withdraw evidence",
        )


class MarkImplementedForm(forms.Form):
    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field("version"), submit="Mark as implemented")
