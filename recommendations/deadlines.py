"""Due dates from timescales: the one place the month arithmetic lives."""

from __future__ import annotations

import calendar
import datetime

from recommendations.choices import Timescale

MONTHS_FOR_TIMESCALE = {
    Timescale.IMMEDIATE: 0,
    Timescale.THREE_MONTHS: 3,
    Timescale.SIX_MONTHS: 6,
    Timescale.LONGER_TERM: 12,
}


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` calendar months later, clamped to the month's end.

    31 August + 6 months is 28 (or 29) February, not 2 or 3 March.
    """
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last_day))


def due_date_for(
    timescale: str, base_date: datetime.date | None
) -> datetime.date | None:
    """The due date a timescale gives, counted from the inspection's base date."""
    if base_date is None or timescale not in MONTHS_FOR_TIMESCALE:
        return None
    return add_months(base_date, MONTHS_FOR_TIMESCALE[Timescale(timescale)])
