import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recommendations.choices import Timescale
from recommendations.deadlines import add_months, due_date_for


@pytest.mark.parametrize(
    ("timescale", "base", "expected"),
    [
        (
            Timescale.THREE_MONTHS,
            datetime.date(2010, 5, 24),
            datetime.date(2010, 8, 24),
        ),
        (Timescale.SIX_MONTHS, datetime.date(2011, 8, 31), datetime.date(2012, 2, 29)),
        (Timescale.SIX_MONTHS, datetime.date(2010, 8, 31), datetime.date(2011, 2, 28)),
        (Timescale.IMMEDIATE, datetime.date(2010, 5, 24), datetime.date(2010, 5, 24)),
        (Timescale.LONGER_TERM, datetime.date(2012, 2, 29), datetime.date(2013, 2, 28)),
        (
            Timescale.THREE_MONTHS,
            datetime.date(2009, 11, 30),
            datetime.date(2010, 2, 28),
        ),
        (Timescale.UNSPECIFIED, datetime.date(2010, 5, 24), None),
    ],
)
def test_due_date_follows_the_domain_examples(timescale, base, expected):
    assert due_date_for(timescale, base) == expected


def test_no_base_date_gives_no_due_date():
    assert due_date_for(Timescale.THREE_MONTHS, None) is None


dates = st.dates(
    min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2090, 12, 31)
)


@given(day=dates, months=st.integers(min_value=0, max_value=120))
def test_add_months_lands_in_the_right_month(day, months):
    result = add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months


@given(day=dates, months=st.integers(min_value=0, max_value=120))
def test_add_months_keeps_the_day_or_clamps_to_month_end(day, months):
    result = add_months(day, months)
    if result.day != day.day:
        assert result.day < day.day
        assert (result + datetime.timedelta(days=1)).day == 1  # the month's last day


@given(day=dates, months=st.integers(min_value=1, max_value=120))
def test_add_months_never_goes_backwards(day, months):
    assert add_months(day, months) > day


@given(year=st.integers(min_value=1990, max_value=2090))
def test_31_august_plus_six_months_is_the_end_of_february(year):
    result = add_months(datetime.date(year, 8, 31), 6)
    leap = (year + 1) % 4 == 0 and ((year + 1) % 100 != 0 or (year + 1) % 400 == 0)
    assert result == datetime.date(year + 1, 2, 29 if leap else 28)
