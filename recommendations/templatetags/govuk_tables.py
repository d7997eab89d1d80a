"""`{% govuk_attrs "govuk-table__cell" td_attrs %}` for django_tables2/govuk.html,
and `{% govuk_page_items page_obj as items %}` for includes/pagination.html.

A table renders govuk_attrs once per cell: a template loop over each cell's
attributes cost more than the rest of a 50-row page, so the merge is done here in
Python. Likewise the pagination's page numbers, which a template could only find
by looping over every page (thousands, for a long audit log).
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


@register.simple_tag
def govuk_page_items(page) -> list[int | None]:
    """The page numbers GOV.UK pagination shows, None where an ellipsis goes: the
    first, the last, the current page and its neighbours; an ellipsis never stands
    in for a single page (that page is shown instead)."""
    current, last = page.number, page.paginator.num_pages
    shown = {1, current - 1, current, current + 1, last}
    if current - 2 == 2:
        shown.add(2)
    if current + 2 == last - 1:
        shown.add(last - 1)
    items, previous = [], 0
    for number in sorted(n for n in shown if 1 <= n <= last):
        if number - previous > 1:
            items.append(None)
        items.append(number)
        previous = number
    return items
