"""The chart geometry: pure functions, so plain unit tests."""

import pytest

from recommendations import charts
from recommendations.templatetags.charts import chart_svg

OPEN = charts.Series("Open", "")
OVERDUE = charts.Series("Overdue", "red")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, (4, 1)),
        (1, (1, 1)),
        (6, (6, 2)),
        (7, (8, 2)),
        (10, (10, 5)),
        (95, (100, 25)),
    ],
)
def test_nice_maximum_is_a_round_number_at_or_above_the_value(value, expected):
    assert charts.nice_maximum(value) == expected


def test_horizontal_bars_are_proportional_to_their_values():
    chart = charts.horizontal_bars(
        title="By team",
        series=(OPEN, OVERDUE),
        rows=[("Front Door", (8, 2)), ("MARAS", (4, 0))],
    )
    front_door, maras = chart.groups
    assert front_door.bars[0].width == pytest.approx(2 * maras.bars[0].width)
    assert front_door.bars[1].width == pytest.approx(front_door.bars[0].width / 4)
    assert maras.bars[1].width == 0
    assert front_door.bars[0].x + front_door.bars[0].width <= chart.plot_right


def test_bars_never_overlap_between_groups():
    chart = charts.horizontal_bars(
        title="t", series=(OPEN, OVERDUE), rows=[("a", (1, 1)), ("b", (2, 2))]
    )
    first_bottom = chart.groups[0].bars[-1].y + chart.groups[0].bars[-1].height
    assert first_bottom <= chart.groups[1].bars[0].y


def test_columns_grow_upwards_from_the_axis():
    chart = charts.columns(
        title="Per month", series=(OPEN,), rows=[("Jan", (3,)), ("Feb", (0,))]
    )
    january, february = chart.groups
    assert january.bars[0].y + january.bars[0].height == chart.plot_bottom
    assert january.bars[0].y >= chart.plot_top
    assert february.bars[0].height == 0


def test_description_states_every_figure_in_words():
    chart = charts.horizontal_bars(
        title="By team", series=(OPEN, OVERDUE), rows=[("Front Door", (8, 2))]
    )
    assert chart.description == "By team. Front Door: open 8, overdue 2."


def test_an_empty_chart_says_there_is_no_data():
    chart = charts.horizontal_bars(title="By team", series=(OPEN,), rows=[])
    assert chart.description == "By team. No data."
    assert chart.groups == ()


def test_the_svg_draws_every_bar_and_writes_its_figure_escaped():
    chart = charts.horizontal_bars(
        title="By team",
        series=(OPEN, OVERDUE),
        rows=[("Care & <Leavers>", (8, 2)), ("A" * 40, (4, 0))],
    )
    svg = chart_svg(chart, "chart-team")
    # In a focusable box that scrolls on a narrow screen, named by the chart.
    container = '<div class="app-chart-container" role="region" tabindex="0" '
    assert svg.startswith(container + 'aria-label="By team">\n')
    assert '<svg class="app-chart" viewBox="0 0 720 ' in svg
    assert 'role="img" aria-labelledby="chart-team-title"' in svg
    assert '<title id="chart-team-title">By team. Care &amp; &lt;Leavers&gt;: ' in svg
    assert ">Care &amp; &lt;Leavers&gt;</text>" in svg
    assert f">{'A' * 29}…</text>" in svg  # long labels are cut to 30 characters
    # Two legend swatches and four bars; the red series has its own colour.
    assert svg.count("<rect ") == 6
    assert svg.count('class="app-chart__bar app-chart__bar--red"') == 3
    bar = chart.groups[0].bars[0]
    assert (
        f'<rect class="app-chart__bar" x="{bar.x:g}" y="{bar.y:g}" '
        f'width="{bar.width:g}" height="{bar.height:g}"></rect>'
    ) in svg
    assert '<text class="app-chart__value" x="' in svg and ">8</text>" in svg


def test_the_column_svg_writes_figures_above_columns_but_not_zeros():
    chart = charts.columns(
        title="Per month", series=(OPEN,), rows=[("Jan", (3,)), ("Feb", (0,))]
    )
    svg = chart_svg(chart, "chart-months")
    assert svg.count('text-anchor="middle">3</text>') == 1
    assert 'text-anchor="middle">0</text>' not in svg
    assert '<text class="app-chart__tick" x="' in svg and ">Feb</text>" in svg
    assert svg.endswith("</svg></div>")


def test_a_column_label_too_wide_for_its_group_is_drawn_on_two_lines():
    chart = charts.columns(
        title="Per month",
        series=(OPEN, OVERDUE),
        rows=[("January 2026", (3, 1)), ("Feb", (0, 0))],
        short_labels=["Jan 2026", "Feb"],
    )
    january, february = chart.groups
    assert january.label == "January 2026"  # the table and the words say this
    assert january.lines == ("Jan", "2026")
    assert february.lines == ("Feb",)
    assert "January 2026: open 3, overdue 1." in chart.description
    svg = chart_svg(chart, "chart-months")
    x, y = f"{january.label_x:g}", january.label_y
    assert (
        f'<text class="app-chart__tick" x="{x}" y="{y:g}" text-anchor="middle">'
        f'<tspan x="{x}" y="{y:g}">Jan</tspan> '
        f'<tspan x="{x}" y="{y + charts.TICK_LINE_HEIGHT:g}">2026</tspan></text>'
    ) in svg
    assert y + charts.TICK_LINE_HEIGHT < chart.height  # inside the drawing
    assert ">Feb</text>" in svg


def test_a_column_label_that_fits_stays_on_one_line():
    assert charts.label_lines("Jan 2026", width=80) == ("Jan 2026",)
    assert charts.label_lines("Jan 2026", width=54) == ("Jan", "2026")
    assert charts.label_lines("Sometimes", width=10) == ("Sometimes",)
