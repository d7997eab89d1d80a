"""`{% govuk_attrs "govuk-table__cell" td_attrs %}` for django_tables2/govuk.html.

A table renders this once per cell: a template loop over each cell's attributes
cost more than the rest of a 50-row page, so the merge is done here in Python.
"""

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()

# django-tables2 nests the attributes of other elements in the same dictionary.
NOT_ATTRIBUTES = frozenset(
    {"class", "th", "td", "tf", "thead", "tbody", "tfoot", "_ordering"}
)


@register.simple_tag
def govuk_attrs(govuk_class: str, attrs) -> str:
    """class="<GOV.UK class> <the table's classes>" and the other attributes."""
    attrs = attrs or {}
    extra = attrs.get("class")
    return format_html(
        'class="{}"{}',
        f"{govuk_class} {extra}" if extra else govuk_class,
        format_html_join(
            "",
            ' {}="{}"',
            (
                (key, value)
                for key, value in attrs.items()
                if key not in NOT_ATTRIBUTES and value is not None
            ),
        ),
    )
