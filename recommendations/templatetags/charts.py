"""{% chart_svg chart "id" %}: a chart (recommendations.charts.Chart) as inline SVG.

Written in Python rather than a template: a dashboard draws hundreds of shapes,
and the template engine spent more time on them than the page's queries took.
Every bar's figure is written beside it, and the <title> states all of them.
"""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.text import Truncator

from recommendations.charts import TICK_LINE_HEIGHT, Bar, Chart, Group, Series

register = template.Library()


def _bar_class(series: Series) -> str:
    return "app-chart__bar" + (f" app-chart__bar--{series.css}" if series.css else "")


def _rect(css: str, x: float, y: float, width: float, height: float) -> str:
    return (
        f'<rect class="{css}" x="{x:g}" y="{y:g}" width="{width:g}" '
        f'height="{height:g}"></rect>'
    )


def _line(css: str, x1: float, x2: float, y1: float, y2: float) -> str:
    return (
        f'<line class="{css}" x1="{x1:g}" x2="{x2:g}" y1="{y1:g}" y2="{y2:g}"></line>'
    )


def _text(css: str, x: float, y: float, text, extra: str = "") -> str:
    return f'<text class="{css}" x="{x:g}" y="{y:g}"{extra}>{escape(text)}</text>'


def _column_label(group: Group) -> str:
    """The label under a group of columns, its second line (if any) below the
    first. The space between the lines keeps the text "Jan 2026" when copied."""
    x, y = group.label_x, group.label_y
    first, *rest = group.lines or (group.label,)
    if not rest:
        return _text("app-chart__tick", x, y, first, ' text-anchor="middle"')
    lines = [f'<tspan x="{x:g}" y="{y:g}">{escape(first)}</tspan>']
    for number, line in enumerate(rest, start=1):
        lines.append(
            f'<tspan x="{x:g}" y="{y + number * TICK_LINE_HEIGHT:g}">'
            f"{escape(line)}</tspan>"
        )
    return (
        f'<text class="app-chart__tick" x="{x:g}" y="{y:g}" text-anchor="middle">'
        + " ".join(lines)
        + "</text>"
    )


def _bar(bar: Bar) -> str:
    return _rect(_bar_class(bar.series), bar.x, bar.y, bar.width, bar.height)


def _horizontal(chart: Chart) -> list[str]:
    parts = []
    for tick in chart.ticks:
        parts.append(
            _line(
                "app-chart__gridline",
                tick.position,
                tick.position,
                chart.plot_top,
                chart.plot_bottom,
            )
        )
        parts.append(
            _text(
                "app-chart__tick",
                tick.position,
                int(chart.plot_bottom) + 20,
                tick.value,
                ' text-anchor="middle"',
            )
        )
    for group in chart.groups:
        label = Truncator(group.label).chars(30)
        parts.append(
            _text(
                "app-chart__label",
                group.label_x,
                group.label_y,
                label,
                ' text-anchor="end"',
            )
        )
        for bar in group.bars:
            parts.append(_bar(bar))
            parts.append(_text("app-chart__value", bar.label_x, bar.label_y, bar.value))
    parts.append(
        _line(
            "app-chart__axis",
            chart.plot_left,
            chart.plot_left,
            chart.plot_top,
            chart.plot_bottom,
        )
    )
    return parts


def _columns(chart: Chart) -> list[str]:
    parts = []
    for tick in chart.ticks:
        parts.append(
            _line(
                "app-chart__gridline",
                chart.plot_left,
                chart.plot_right,
                tick.position,
                tick.position,
            )
        )
        parts.append(
            _text(
                "app-chart__tick",
                int(chart.plot_left) - 6,
                tick.position,
                tick.value,
                ' text-anchor="end" dominant-baseline="middle"',
            )
        )
    for group in chart.groups:
        for bar in group.bars:
            parts.append(_bar(bar))
            if bar.value:
                parts.append(
                    _text(
                        "app-chart__tick",
                        bar.label_x,
                        bar.label_y,
                        bar.value,
                        ' text-anchor="middle"',
                    )
                )
        parts.append(_column_label(group))
    parts.append(
        _line(
            "app-chart__axis",
            chart.plot_left,
            chart.plot_right,
            chart.plot_bottom,
            chart.plot_bottom,
        )
    )
    return parts


@register.simple_tag
def chart_svg(chart: Chart, element_id: str) -> SafeString:
    """The chart drawn as charts.horizontal_bars or charts.columns laid it out.
    `element_id` must be unique on the page (it names the <title>)."""
    title_id = escape(f"{element_id}-title")
    parts = [
        # Scrolls sideways on a narrow screen: focusable, so keys can scroll it.
        f'<div class="app-chart-container" role="region" tabindex="0" '
        f'aria-label="{escape(chart.title)}">',
        f'<svg class="app-chart" viewBox="{chart.view_box}" role="img" '
        f'aria-labelledby="{title_id}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{title_id}">{escape(chart.description)}</title>',
    ]
    for series, x in chart.legend:
        parts.append(_rect(_bar_class(series), x, 6, 20, 20))
        parts.append(_text("app-chart__label", int(x) + 28, 22, series.name))
    parts += _columns(chart) if chart.columns else _horizontal(chart)
    parts.append("</svg></div>")
    return SafeString("\n".join(parts))
