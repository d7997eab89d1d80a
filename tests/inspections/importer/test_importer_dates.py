"""English date wording in reports."""

import datetime as dt

import pytest

from inspections.importer.dates import (
    find_inspection_dates,
    find_letter_date,
    find_published,
    parse_date,
    parse_date_range,
)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("12-23 April 2010", dt.date(2010, 4, 12), dt.date(2010, 4, 23)),
        ("12 – 23 April 2010", dt.date(2010, 4, 12), dt.date(2010, 4, 23)),
        ("15 and 16 September 2009", dt.date(2009, 9, 15), dt.date(2009, 9, 16)),
        ("2 June 2014 – 25 June 2014", dt.date(2014, 6, 2), dt.date(2014, 6, 25)),
        ("23 April–18 May 2018", dt.date(2018, 4, 23), dt.date(2018, 5, 18)),
        ("27 September to 8 October 2021", dt.date(2021, 9, 27), dt.date(2021, 10, 8)),
        ("15 January to 26 January 2018", dt.date(2018, 1, 15), dt.date(2018, 1, 26)),
        ("29 December to 3 January 2020", dt.date(2019, 12, 29), dt.date(2020, 1, 3)),
        ("1st November 2006", dt.date(2006, 11, 1), dt.date(2006, 11, 1)),
    ],
)
def test_date_range_reads_each_report_style(text, start, end):
    assert parse_date_range(text) == (start, end)


def test_date_range_without_a_date_is_empty():
    assert parse_date_range("no dates here") == (None, None)


def test_impossible_date_is_none_not_an_error():
    assert parse_date("31 June 2010") is None


def test_inspection_dates_after_their_label():
    text = "Inspection dates: 15 January to 26 January 2018 Lead inspector: A N Other"
    assert find_inspection_dates(text) == (dt.date(2018, 1, 15), dt.date(2018, 1, 26))


def test_inspection_dates_in_a_letters_prose():
    text = "which was conducted on 15 and 16 September 2009. The inspection was"
    assert find_inspection_dates(text) == (dt.date(2009, 9, 15), dt.date(2009, 9, 16))


@pytest.mark.parametrize(
    "text",
    [
        "Published: 24 May 2010",
        "Report published: 24 May 2010",
        "Published 24 May 2010",
    ],
)
def test_publication_date(text):
    assert find_published(text) == dt.date(2010, 5, 24)


def test_letter_date_is_a_line_that_is_only_a_date():
    lines = ["Alexandra House", "", "1 November 2006", "", "Dear Mr Webb"]
    assert find_letter_date(lines) == dt.date(2006, 11, 1)


def test_meeting_date_line_counts_as_the_papers_date():
    assert find_letter_date(["Date: Tuesday, 10 July 2018"]) == dt.date(2018, 7, 10)
