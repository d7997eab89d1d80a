"""The importer on hand-written extracts of the families the PDF corpus lacks.

Each tests/fixtures/families/<family>_<area>_<year>.txt is written in the style
of that family's real documents (letterheads, running heads, page numbers,
lost bullets, items wrapped over page breaks); the JSON beside it is what the
document says, labelled by hand.  Texts are compared like the corpus: case,
punctuation and spacing ignored; everything else exact.
"""

import json
from pathlib import Path

import pytest

from inspections.importer import parse_text
from inspections.importer.text import normalise_for_compare

FAMILIES = Path(__file__).resolve().parents[2] / "fixtures" / "families"
NAMES = sorted(path.stem for path in FAMILIES.glob("*.txt"))
METADATA = (
    "authority",
    "inspection_type",
    "inspectorate",
    "inspection_start",
    "inspection_end",
    "published",
)


def parsed(name: str) -> dict:
    text = (FAMILIES / f"{name}.txt").read_text(encoding="utf-8")
    return parse_text(text).to_json_dict()


def expected(name: str) -> dict:
    return json.loads((FAMILIES / f"{name}.json").read_text(encoding="utf-8"))


def test_every_family_without_a_real_report_has_at_least_two_extracts():
    for family in (
        "apa",
        "jar",
        "safeguarding_lac",
        "unannounced",
        "child_protection",
        "looked_after_children",
        "focused_visit",
        "monitoring_visit",
        "jtai",
    ):
        assert sum(name.startswith(f"{family}_") for name in NAMES) >= 2, family
    assert {p.stem for p in FAMILIES.glob("*.json")} == set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_family_extract_metadata_matches_label(name):
    got, want = parsed(name), expected(name)
    assert {k: got[k] for k in METADATA} == {k: want[k] for k in METADATA}


def _recommendation_rows(data: dict) -> list[tuple]:
    return [
        (normalise_for_compare(r["text"]), r["timescale"], r["section"], r["priority"])
        for r in data["recommendations"]
    ]


@pytest.mark.parametrize("name", NAMES)
def test_family_extract_recommendations_match_label(name):
    assert _recommendation_rows(parsed(name)) == _recommendation_rows(expected(name))


@pytest.mark.parametrize("name", NAMES)
def test_family_extract_judgements_match_label(name):
    assert parsed(name)["judgements"] == expected(name)["judgements"]
