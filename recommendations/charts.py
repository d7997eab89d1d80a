"""Bar charts as server-rendered SVG: the geometry, as pure functions.

A chart is data in, coordinates out: no database, no request, no template. The
templates (templates/recommendations/includes/*_chart.html) draw the shapes and
print every figure as text beside its bar, and the dashboard puts the same numbers
in a table, so nobody needs to read a bar's length or tell colours apart.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Series:
    name: str
    css: str  # app-chart__bar--<css>: red, amber, green, grey or "" (blue)


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    series: Series
    label_x: float  # where the figure is written
    label_y: float


@dataclass(frozen=True)
class Group:
    label: str  # in full: the figures table and the text alternative say this
    values: tuple[int, ...]
    bars: tuple[Bar, ...]
    label_x: float
    label_y: float
    lines: tuple[str, ...] = ()  # the label drawn under columns, line by line


@dataclass(frozen=True)
class Tick:
    value: int
    position: float


@dataclass(frozen=True)
class Chart:
    title: str
    description: str  # every figure in words: the SVG's accessible name
    series: tuple[Series, ...]
    groups: tuple[Group, ...]
    ticks: tuple[Tick, ...]
    width: float
    height: float
    plot_left: float
    plot_top: float
    plot_right: float
    plot_bottom: float
    legend: tuple[tuple[Series, float], ...] = field(default=())
    columns: bool = False  # drawn upwards (charts.columns), else left to right

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width:g} {self.height:g}"


def nice_maximum(value: int, steps: int = 4) -> tuple[int, int]:
    """A round axis maximum at or above `value`, and the step between ticks."""
    if value <= 0:
        return steps, 1
    raw = value / steps
    magnitude = 10 ** math.floor(math.log10(raw))
    # Counts are whole numbers, so only whole-number steps (1, 2, 5, 10, 25 ...).
    step = next(
        round(m * magnitude)
        for m in (1, 2, 2.5, 5, 10)
        if m * magnitude >= raw and float(m * magnitude).is_integer()
    )
    return step * math.ceil(value / step), step


def describe(title: str, series: tuple[Series, ...], rows) -> str:
    """'Title. Team A: open 4, overdue 2. Team B: ...' for screen readers."""
    parts = [
        f"{label}: "
        + ", ".join(
            f"{s.name.lower()} {v}" for s, v in zip(series, values, strict=True)
        )
        for label, values in rows
    ]
    return f"{title}. " + (". ".join(parts) + "." if parts else "No data.")


LEGEND_HEIGHT = 32
# A generous average width of a character of the ticks' 14px Arial, to tell whether
# a label fits under its columns.
TICK_CHARACTER_WIDTH = 8
TICK_LINE_HEIGHT = 16


def label_lines(label: str, width: float) -> tuple[str, ...]:
    """The label on one line if it fits the width, else its last word on a second
    ("Jan" over "2026"): labels must not run into their neighbours."""
    if len(label) * TICK_CHARACTER_WIDTH <= width or " " not in label:
        return (label,)
    head, tail = label.rsplit(" ", 1)
    return (head, tail)


def _legend(
    series: tuple[Series, ...], left: float
) -> tuple[tuple[Series, float], ...]:
    positions = []
    x = left
    for s in series:
        positions.append((s, x))
        x += 28 + 9 * len(s.name) + 24
    return tuple(positions)


def horizontal_bars(
    *,
    title: str,
    series: tuple[Series, ...],
    rows: list[tuple[str, tuple[int, ...]]],
    width: int = 720,
    label_width: int = 240,
    bar_height: int = 20,
    gap: int = 16,
) -> Chart:
    """One row per category (e.g. team), one bar per series, drawn left to right."""
    plot_left, plot_right = label_width, width - 48
    plot_top = LEGEND_HEIGHT + 8
    group_height = bar_height * len(series) + gap
    plot_bottom = plot_top + max(1, len(rows)) * group_height
    maximum, step = nice_maximum(max((v for _, vs in rows for v in vs), default=0))
    scale = (plot_right - plot_left) / maximum
    groups = []
    for index, (label, values) in enumerate(rows):
        top = plot_top + index * group_height + gap / 2
        bars = tuple(
            Bar(
                x=plot_left,
                y=top + i * bar_height,
                width=value * scale,
                height=bar_height,
                value=value,
                series=s,
                label_x=plot_left + value * scale + 6,
                label_y=top + i * bar_height + bar_height * 0.75,
            )
            for i, (s, value) in enumerate(zip(series, values, strict=True))
        )
        groups.append(
            Group(
                label=label,
                values=tuple(values),
                bars=bars,
                label_x=plot_left - 8,
                label_y=top + bar_height * len(series) / 2 + 5,
            )
        )
    ticks = tuple(
        Tick(value=v, position=plot_left + v * scale)
        for v in range(0, maximum + 1, step)
    )
    return Chart(
        title=title,
        description=describe(title, series, rows),
        series=series,
        groups=tuple(groups),
        ticks=ticks,
        width=width,
        height=plot_bottom + 28,
        plot_left=plot_left,
        plot_top=plot_top,
        plot_right=plot_right,
        plot_bottom=plot_bottom,
        legend=_legend(series, plot_left),
    )


def columns(
    *,
    title: str,
    series: tuple[Series, ...],
    rows: list[tuple[str, tuple[int, ...]]],
    height: int = 300,
    column_width: int = 18,
    gap: int = 18,
    left: int = 40,
    short_labels: list[str] | None = None,
) -> Chart:
    """One group per category (e.g. month), one column per series, drawn upwards.

    `short_labels`, one per row, are drawn under the columns in place of the
    rows' labels ("Jan 2026" for "January 2026"), which the figures table and the
    text alternative still give in full.
    """
    plot_top = LEGEND_HEIGHT + 16
    plot_bottom = height - 40  # room for a label of two lines
    group_width = column_width * len(series) + gap
    plot_left = left
    plot_right = plot_left + max(1, len(rows)) * group_width
    maximum, step = nice_maximum(max((v for _, vs in rows for v in vs), default=0))
    scale = (plot_bottom - plot_top) / maximum
    drawn = short_labels or [label for label, _ in rows]
    groups = []
    for index, (label, values) in enumerate(rows):
        start = plot_left + index * group_width + gap / 2
        bars = tuple(
            Bar(
                x=start + i * column_width,
                y=plot_bottom - value * scale,
                width=column_width,
                height=value * scale,
                value=value,
                series=s,
                label_x=start + i * column_width + column_width / 2,
                label_y=plot_bottom - value * scale - 4,
            )
            for i, (s, value) in enumerate(zip(series, values, strict=True))
        )
        groups.append(
            Group(
                label=label,
                values=tuple(values),
                bars=bars,
                label_x=start + column_width * len(series) / 2,
                label_y=plot_bottom + 18,
                lines=label_lines(drawn[index], group_width),
            )
        )
    ticks = tuple(
        Tick(value=v, position=plot_bottom - v * scale)
        for v in range(0, maximum + 1, step)
    )
    return Chart(
        title=title,
        description=describe(title, series, rows),
        series=series,
        groups=tuple(groups),
        ticks=ticks,
        width=plot_right + 16,
        height=height,
        plot_left=plot_left,
        plot_top=plot_top,
        plot_right=plot_right,
        plot_bottom=plot_bottom,
        legend=_legend(series, plot_left),
        columns=True,
    )
