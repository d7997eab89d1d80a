"""Grades as written become one tier scale across the eras."""

import pytest

from inspections.importer.grades import tier_for


@pytest.mark.parametrize(
    ("grade", "scale", "tier"),
    [
        ("4", "apa", "outstanding"),
        ("3", "apa", "good"),
        ("2", "apa", "adequate"),
        ("1", "apa", "inadequate"),
        ("Grade 1", "grade", "outstanding"),
        ("Grade 4", "grade", "inadequate"),
        ("Grade 2 (good)", "words", "good"),
        ("Outstanding", "words", "outstanding"),
        ("Excellent", "words", "outstanding"),
        ("adequate", "words", "adequate"),
        ("Inadequate", "words", "inadequate"),
        ("Requires improvement to be good", "words", "requires_improvement"),
        ("require improvement", "words", "requires_improvement"),
        ("Requires\nimprovement", "words", "requires_improvement"),
    ],
)
def test_grade_to_tier(grade, scale, tier):
    assert tier_for(grade, scale=scale) == tier


def test_apa_numbers_run_the_other_way_from_2009_grades():
    assert tier_for("4", scale="apa") == "outstanding"
    assert tier_for("4", scale="grade") == "inadequate"


@pytest.mark.parametrize("grade", ["", "n/a", "7", "Not judged"])
def test_non_grades_have_no_tier(grade):
    assert tier_for(grade) is None
