"""Whatever text arrives, parse_text returns a valid Draft and never raises."""

import datetime as dt
import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspections.importer import Draft, parse_text
from inspections.importer.draft import INSPECTION_TYPES, TIMESCALES
from inspections.importer.grades import TIERS

SEEDS = Path(__file__).resolve().parents[2] / "fixtures" / "seeds"
SEED_TEXTS = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
FURNITURE = [
    "\f",
    "12",
    "Inspection of Anytown local authority children’s services",
    "20 to 31 January 2025 7",
    "\uf0b7",
    "◼",
    "\t\t\t",
    "Grade 2 (good)",
    "Immediately:",
    "What needs to improve?",
    "Areas for improvement",
    "Record of main findings",
    "1. ",
]


def assert_valid(draft: Draft) -> None:
    assert isinstance(draft, Draft)
    assert draft.inspection_type in INSPECTION_TYPES
    for day in (draft.inspection_start, draft.inspection_end, draft.published):
        assert day is None or isinstance(day, dt.date)
    for recommendation in draft.recommendations:
        assert recommendation.text
        assert recommendation.timescale in TIMESCALES
        assert isinstance(recommendation.priority, bool)
    for judgement in draft.judgements:
        assert judgement.tier is None or judgement.tier in TIERS
    assert all(isinstance(warning, str) for warning in draft.warnings)
    # parse_text guards the user against parser bugs; the fuzz must not hit one.
    assert not any("failed part-way" in warning for warning in draft.warnings)
    draft.to_json_dict()


@settings(max_examples=150, deadline=2000)
@given(st.text(max_size=3000))
def test_random_text_gives_a_valid_draft(text):
    assert_valid(parse_text(text))


@settings(max_examples=100, deadline=2000)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(FURNITURE),
            st.text(alphabet=st.characters(codec="utf-8"), max_size=80),
        ),
        max_size=200,
    )
)
def test_report_like_fragments_give_a_valid_draft(lines):
    assert_valid(parse_text("\n".join(lines)))


@settings(max_examples=60, deadline=5000, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed_index=st.integers(0, len(SEED_TEXTS) - 1),
    randomness=st.randoms(use_true_random=False),
    noise=st.text(max_size=20),
)
def test_mangled_seed_text_gives_a_valid_draft(seed_index, randomness, noise):
    lines = SEED_TEXTS[seed_index].split("\n")
    mangled: list[str] = []
    for line in lines:
        roll = randomness.random()
        if roll < 0.1:
            continue  # deleted line
        if roll < 0.2:
            mangled.append(randomness.choice(FURNITURE))
        if roll < 0.3:
            line = line.replace(" ", randomness.choice(["  ", "\t", " \n", ""]))
        if roll < 0.35:
            line = line + noise
        mangled.append(line)
    assert_valid(parse_text("\n".join(mangled)))


def test_pathological_lines_parse_quickly():
    hostile = "\n".join(
        [
            "1 " * 5000,
            "a " * 20000,
            "Inspection dates: " + "12 " * 3000,
            "Areas for improvement",
            "- " + "x" * 50000,
            "\uf0b7 " * 5000,
            ("Requires improvement to be " * 2000),
        ]
    )
    start = dt.datetime.now(tz=dt.UTC)
    assert_valid(parse_text(hostile))
    assert (dt.datetime.now(tz=dt.UTC) - start).total_seconds() < 5


def test_shuffled_seed_lines_give_a_valid_draft():
    randomness = random.Random(4)
    for text in SEED_TEXTS:
        lines = text.split("\n")
        randomness.shuffle(lines)
        assert_valid(parse_text("\n".join(lines)))
