"""The importer against 30 real Ofsted reports, labelled by hand from the PDFs.

Text is compared normalised (case, punctuation and spacing ignored) because PDF
extraction varies; counts, timescales, sections, dates and tiers are exact.
"""

import json
from functools import cache
from pathlib import Path

import pytest

from inspections.importer import parse_text, read_pdf
from inspections.importer.text import normalise_for_compare

REPORTS = Path(__file__).resolve().parents[2] / "fixtures" / "reports"
NAMES = sorted(path.stem for path in REPORTS.glob("*.json"))
METADATA = (
    "authority",
    "inspection_type",
    "inspectorate",
    "inspection_start",
    "inspection_end",
    "published",
)


@cache
def parsed(name: str) -> dict:
    return parse_text(read_pdf(REPORTS / f"{name}.pdf")).to_json_dict()


def expected(name: str) -> dict:
    return json.loads((REPORTS / f"{name}.json").read_text(encoding="utf-8"))


def test_every_report_pdf_has_a_label():
    assert {p.stem for p in REPORTS.glob("*.pdf")} == set(NAMES)
    assert len(NAMES) == 30


@pytest.mark.parametrize("name", NAMES)
def test_report_metadata_matches_label(name):
    got, want = parsed(name), expected(name)
    assert {k: got[k] for k in METADATA} == {k: want[k] for k in METADATA}


def _recommendation_rows(data: dict) -> list[tuple]:
    return [
        (normalise_for_compare(r["text"]), r["timescale"], r["section"], r["priority"])
        for r in data["recommendations"]
    ]


@pytest.mark.parametrize("name", NAMES)
def test_report_recommendations_match_label(name):
    assert _recommendation_rows(parsed(name)) == _recommendation_rows(expected(name))


def _judgement_rows(data: dict) -> list[tuple]:
    return [
        (
            normalise_for_compare(j["area"]),
            normalise_for_compare(j["grade"]),
            j["tier"],
            j.get("section"),
        )
        for j in data["judgements"]
    ]


@pytest.mark.parametrize("name", NAMES)
def test_report_judgements_match_label(name):
    assert _judgement_rows(parsed(name)) == _judgement_rows(expected(name))
