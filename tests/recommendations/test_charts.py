"""The chart geometry: pure functions, so plain unit tests."""

import pytest

from recommendations import charts

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
