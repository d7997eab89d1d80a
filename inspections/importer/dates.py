"""English date wording found in inspection reports.

Reports write dates as "12-23 April 2010", "15 and 16 September 2009",
"2 June 2014 – 25 June 2014", "27 September to 8 October 2021" or
"23 April–18 May 2018"; a range may leave the month or year off its first date.
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
    r"|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"

# One full date: "24 May 2010", "07 February 2017", "1st November 2006".
DATE_RE = re.compile(rf"(?i)\b({_DAY})\s+({_MONTH})\.?,?\s+({_YEAR})\b")

# A range: first date with optional month and year, a joining word or dash, and
# a full second date.  Bounded whitespace keeps it linear on long inputs.
RANGE_RE = re.compile(
    rf"(?i)\b({_DAY})(?:\s+({_MONTH}))?(?:\s+({_YEAR}))?\s{{0,3}}"
    rf"(?:[-–—‒]|to|and|until)\s{{0,3}}({_DAY})\s+({_MONTH})\.?,?\s+({_YEAR})\b"
)

# Where the inspection dates are given: the report's header, or a letter's prose.
INSPECTION_DATES_RE = re.compile(
    r"(?i)(?:inspection\s+dates?|dates?\s+of\s+(?:the\s+)?inspection|conducted\s+on"
    r"|carried\s+out\s+on|took\s+place\s+(?:on|between|from)|visit\s+dates?"
    # letters: "... the focused visit to Anytown children's services on 15 and
    # 16 October 2019"; a JTAI: "Between 18 and 22 March 2019, Ofsted, ..."
    r"|children[’']s\s+services\s+on"
    r"|(?=between\s+\d[^.]{0,40}?\d{4},?\s+ofsted\b))"
    r"\s*:?\s*(?:between\s+|from\s+)?"
)

# "Published: 24 May 2010", "Report published: 8 August 2014", "Publication date"
PUBLISHED_RE = re.compile(
    r"(?i)\b(?:report\s+)?(?:published|publication\s+date)\s*(?:on\s*)?:?\s*"
)

# A line that is only a date: the date of a letter.
LETTER_DATE_LINE_RE = re.compile(
    rf"(?i)^\s*(?:date\s*:\s*)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    rf"({_DAY})\s+({_MONTH})\.?,?\s+({_YEAR})\s*$"
)


def _make_date(day: str, month: str, year: str) -> dt.date | None:
    """Build a date from matched words; None for impossible dates (31 June)."""
    try:
        return dt.date(
            int(year), MONTHS[month.casefold().rstrip(".")], int(re.sub(r"\D", "", day))
        )
    except (ValueError, KeyError):
        return None


def parse_date(text: str) -> dt.date | None:
    """The first full English date in ``text``, or None."""
    match = DATE_RE.search(text)
    return _make_date(*match.groups()) if match else None


def parse_date_range(text: str) -> tuple[dt.date | None, dt.date | None]:
    """The first date range (or single date) at the start of ``text``.

    Returns (start, end); a single date gives the same start and end.
    """
    head = text[:120]
    match = RANGE_RE.match(head.lstrip())
    if match:
        day1, month1, year1, day2, month2, year2 = match.groups()
        end = _make_date(day2, month2, year2)
        start = _make_date(day1, month1 or month2, year1 or year2)
        if start and end and start > end and not year1:
            # "28 December to 3 January 2020": the first date is in the year before.
            start = _make_date(day1, month1 or month2, str(int(year2) - 1))
        return start, end
    single = DATE_RE.match(head.lstrip())
    if single:
        day = _make_date(*single.groups())
        return day, day
    return None, None


def find_inspection_dates(text: str) -> tuple[dt.date | None, dt.date | None]:
    """The inspection's first and last day, from the first place that gives them."""
    for match in INSPECTION_DATES_RE.finditer(text):
        start, end = parse_date_range(text[match.end() : match.end() + 120])
        if start or end:
            return start, end
    return None, None


def find_published(text: str) -> dt.date | None:
    """The publication date stated in the report ("Published: ..."), or None."""
    for match in PUBLISHED_RE.finditer(text):
        tail = text[match.end() : match.end() + 40]
        found = DATE_RE.match(tail.lstrip())
        if found:
            return _make_date(*found.groups())
    return None


def find_letter_date(lines: list[str], *, within: int = 60) -> dt.date | None:
    """The date of a letter: the first line near the top that is only a date."""
    for line in lines[:within]:
        match = LETTER_DATE_LINE_RE.match(line)
        if match:
            return _make_date(*match.groups())
    return None
