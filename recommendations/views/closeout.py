"""Close-out: a new inspection's verdicts on earlier recommendations, and reopening.

The forms live here, beside the only views that use them.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import FormView, TemplateView

from inspections.models import Inspection
from recommendations import permissions, services
from recommendations.choices import Outcome, RecommendationStatus
from recommendations.mixins import ManagerRequiredMixin
from recommendations.models import Recommendation
from recommendations.querysets import inspection_date

NO_VERDICT = ""


class VerdictForm(forms.Form):
    """One row of the review: the new report's verdict on one earlier recommendation."""

    recommendation = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(
        label="Verdict",
        required=False,
        choices=[(NO_VERDICT, "No verdict in this report"), *Outcome.choices],
    )
    successor = forms.TypedChoiceField(
        label="Repeated as this report's recommendation",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="Only for partly met, not met or superseded. Linking one closes "
        "the earlier recommendation as taken over by the new one.",
    )
    quote = forms.CharField(
        label="The inspectors' words",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    paragraph = forms.CharField(
        label="Paragraph reference",
        required=False,
        max_length=50,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )

    def __init__(self, *args, successor_choices, awaiting: set[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].choices = successor_choices
        self.awaiting = awaiting

    def clean(self):
        data = super().clean()
        if data.get("recommendation") not in self.awaiting:
            raise ValidationError(
                "This recommendation is no longer awaiting a verdict (someone else "
                "recorded one): reload the page"
            )
        if not data.get("outcome") and (
            data.get("quote") or data.get("paragraph") or data.get("successor")
        ):
            self.add_error(
                "outcome", "Select a verdict, or clear the other answers in this row"
            )
        # The service refuses it too; said here, it comes with the other rows'
        # errors at once rather than after they are put right.
        outcome = data.get("outcome")
        if (
            data.get("successor")
            and outcome
            and (outcome not in services.SUCCESSOR_OUTCOMES)
        ):
            self.add_error("successor", services.SUCCESSOR_ONLY)
        return data


class BaseVerdictFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        if not any(form.cleaned_data.get("outcome") for form in self.forms):
            raise ValidationError("Record a verdict on at least one recommendation")


VerdictFormSet = forms.formset_factory(VerdictForm, formset=BaseVerdictFormSet, extra=0)


class CloseOutReviewView(ManagerRequiredMixin, TemplateView):
    """URL name `inspections:closeout`: review earlier recommendations at a new
    inspection (managers and administrators)."""

    model = Inspection

    template_name = "recommendations/closeout_review.html"

    def dispatch(self, request, *args, **kwargs):
        self.inspection = get_object_or_404(
            Inspection.objects.visible_to(request.user).select_related("authority"),
            pk=kwargs["pk"],
        )
        permissions.require(
            permissions.is_manager(request.user, self.inspection.authority_id),
            "Only a manager or administrator can review earlier recommendations.",
        )
        self.earlier = {
            rec.pk: rec
            for rec in Recommendation.objects.awaiting_verdict_from(self.inspection)
            .with_review_facts()
            .select_related("inspection")
            .alias(raised_on=inspection_date("inspection__"))
            .order_by("raised_on", "inspection_id", "position", "pk")
        }
        labels = dict(Outcome.choices)
        for rec in self.earlier.values():
            rec.previous_outcome_label = labels.get(rec.previous_outcome, "")
        self.successors = {
            rec.pk: rec
            for rec in self.inspection.recommendations.order_by("position", "pk")
        }
        return super().dispatch(request, *args, **kwargs)

    def get_formset(self, data=None) -> VerdictFormSet:
        successor_choices = [
            ("", "Not repeated"),
            *((pk, str(rec)) for pk, rec in self.successors.items()),
        ]
        return VerdictFormSet(
            data,
            initial=[{"recommendation": pk} for pk in self.earlier],
            form_kwargs={
                "successor_choices": successor_choices,
                "awaiting": set(self.earlier),
            },
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        formset = kwargs.get("formset") or self.get_formset()
        context.update(
            inspection=self.inspection,
            formset=formset,
            rows=[(form, self._row_recommendation(form)) for form in formset],
        )
        return context

    def _row_recommendation(self, form) -> Recommendation | None:
        value = form["recommendation"].value()
        try:
            return self.earlier.get(int(value))
        except (TypeError, ValueError):
            return None

    def post(self, request, *args, **kwargs):
        formset = self.get_formset(request.POST)
        if formset.is_valid():
            verdicts = [
                services.Verdict(
                    recommendation=self.earlier[data["recommendation"]],
                    outcome=data["outcome"],
                    quote=data["quote"],
                    paragraph=data["paragraph"],
                    successor=self.successors.get(data["successor"]),
                )
                for data in formset.cleaned_data
                if data.get("outcome")
            ]
            try:
                closeouts = services.review_earlier_recommendations(
                    inspection=self.inspection, verdicts=verdicts, user=request.user
                )
            except services.ReviewRejected as rejected:
                self._show_errors(formset, rejected.by_recommendation)
            else:
                messages.success(
                    request,
                    f"{len(closeouts)} verdict{'s' if len(closeouts) != 1 else ''} "
                    "recorded",
                )
                return redirect(self.inspection)
        return self.render_to_response(self.get_context_data(formset=formset))

    @staticmethod
    def _show_errors(formset, errors: dict[int, ValidationError]) -> None:
        for form in formset:
            error = errors.get(form.cleaned_data.get("recommendation"))
            if error is None:
                continue
            if hasattr(error, "error_dict"):
                for name, field_errors in error.error_dict.items():
                    form.add_error(name if name in form.fields else None, field_errors)
            else:
                form.add_error(None, error)


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label="Why are you reopening this recommendation?",
        help_text="This is kept in the recommendation's history with the verdict "
        "it undoes.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why this recommendation is being reopened"},
    )


class RecommendationReopenView(ManagerRequiredMixin, FormView):
    """URL name `recommendations:recommendation_reopen`: a manager undoes a wrong
    closure, giving a reason."""

    model = Recommendation

    form_class = ReopenForm
    template_name = "recommendations/recommendation_reopen.html"

    def dispatch(self, request, *args, **kwargs):
        self.recommendation = get_object_or_404(
            Recommendation.objects.visible_to(request.user).select_related(
                "inspection__authority"
            ),
            pk=kwargs["pk"],
        )
        authority_id = self.recommendation.inspection.authority_id
        if not permissions.is_manager(request.user, authority_id):
            raise PermissionDenied("Only a manager can reopen a recommendation.")
        if self.recommendation.status != RecommendationStatus.CLOSED:
            messages.info(request, "This recommendation is not closed")
            return redirect(self.recommendation)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(recommendation=self.recommendation, **kwargs)

    def form_valid(self, form):
        try:
            services.reopen_recommendation(
                recommendation=self.recommendation,
                reason=form.cleaned_data["reason"],
                user=self.request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, "Recommendation reopened")
        return redirect(self.recommendation)
