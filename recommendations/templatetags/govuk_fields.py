"""`{% govuk_field field %}`: a form field in GOV.UK markup, written in Python.

The managers' lists render fifteen filter fields on every page view, and
crispy-forms-gds renders each through a tree of templates: together they cost more
CPU than the rest of the page (docs/performance.md). This writes the GOV.UK Design
System's markup for the widgets those filters use (text, number and date inputs,
selects, checkboxes) directly. Other forms keep crispy.
"""

from django import forms, template
from django.utils.html import format_html, format_html_join

register = template.Library()

# Inputs as wide as what they take (GOV.UK: "help users understand what to enter").
WIDTHS = {
    forms.NumberInput: ("govuk-input--width-4",),
    forms.DateInput: ("govuk-input--width-10",),
}


@register.simple_tag
def govuk_field(field) -> str:
    widget = field.field.widget
    errors = field.errors
    field_id = field.auto_id
    hint_id, error_id = f"{field_id}_hint", f"{field_id}_error"
    described = " ".join([hint_id] * bool(field.help_text) + [error_id] * bool(errors))
    hint = (
        format_html(
            '<div id="{}" class="govuk-hint">{}</div>', hint_id, field.help_text
        )
        if field.help_text
        else ""
    )
    error = (
        format_html(
            '<p id="{}" class="govuk-error-message">'
            '<span class="govuk-visually-hidden">Error:</span> {}</p>',
            error_id,
            " ".join(errors),
        )
        if errors
        else ""
    )
    group = "govuk-form-group govuk-form-group--error" if errors else "govuk-form-group"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return format_html(
            '<div class="{}"><fieldset class="govuk-fieldset"{}>'
            '<legend class="govuk-fieldset__legend">{}</legend>{}{}'
            '<div class="govuk-checkboxes govuk-checkboxes--small" '
            'data-module="govuk-checkboxes">{}</div></fieldset></div>',
            group,
            format_html(' aria-describedby="{}"', described) if described else "",
            field.label,
            hint,
            error,
            _checkboxes(field),
        )
    css = "govuk-select" if isinstance(widget, forms.Select) else "govuk-input"
    classes = [css, *WIDTHS.get(type(widget), ()), *[f"{css}--error"] * bool(errors)]
    attrs = {"class": " ".join(classes)}
    if described:
        attrs["aria-describedby"] = described
    return format_html(
        '<div class="{}"><label class="govuk-label" for="{}">{}</label>{}{}{}</div>',
        group,
        field_id,
        field.label,
        hint,
        error,
        field.as_widget(attrs=attrs),
    )


def _checkboxes(field) -> str:
    """The first box takes the field's id, so the error summary can link to it."""
    checked = {str(value) for value in field.value() or ()}
    ids = (
        field.auto_id if number == 1 else f"{field.auto_id}_{number}"
        for number in range(1, len(field.field.choices) + 1)
    )
    return format_html_join(
        "",
        '<div class="govuk-checkboxes__item"><input class="govuk-checkboxes__input" '
        'id="{}" name="{}" type="checkbox" value="{}"{}>'
        '<label class="govuk-label govuk-checkboxes__label" for="{}">{}</label>'
        "</div>",
        (
            (
                box_id,
                field.html_name,
                value,
                " checked" if str(value) in checked else "",
                box_id,
                label,
            )
            for box_id, (value, label) in zip(ids, field.field.choices, strict=True)
        ),
    )


@register.filter
def input_id(field) -> str:
    """The id of a field's first input, for an error summary's link to it: the
    field's own, else (no single input to label) the first radio or checkbox,
    which crispy-forms-gds numbers from 1, or a date's day, numbered from 0."""
    if not field:  # a form with no visible field: nothing to link to
        return ""
    if field.id_for_label:
        return field.id_for_label
    if getattr(field.field.widget, "allow_multiple_selected", False) or isinstance(
        field.field.widget, forms.RadioSelect
    ):
        return f"{field.auto_id}_1"
    return f"{field.auto_id}_0"
