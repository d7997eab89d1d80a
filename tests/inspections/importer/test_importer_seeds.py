"""The seed reports give exactly their expected import result."""

import json

import pytest

from inspections.importer import parse_file, parse_text

EXACT_SEEDS = ["001_308c94baf749f55b", "002_06655fa005441b57", "003_c9b01536908c1796"]


@pytest.mark.parametrize("name", EXACT_SEEDS)
def test_seed_text_parses_to_its_expected_json(seeds_dir, name):
    text = (seeds_dir / f"{name}.txt").read_text(encoding="utf-8")
    expected = json.loads((seeds_dir / f"{name}.json").read_text(encoding="utf-8"))

    assert parse_text(text).to_json_dict() == expected


@pytest.mark.parametrize("name", EXACT_SEEDS)
def test_seed_file_parses_like_its_text(seeds_dir, name):
    expected = json.loads((seeds_dir / f"{name}.json").read_text(encoding="utf-8"))

    assert parse_file(seeds_dir / f"{name}.txt").to_json_dict() == expected


def test_recommendations_keep_their_source_paragraph_outside_the_json(seeds_dir):
    text = (seeds_dir / "001_308c94baf749f55b.txt").read_text(encoding="utf-8")
    draft = parse_text(text)

    assert all(r.source for r in draft.recommendations)
    assert "source" not in draft.to_json_dict()["recommendations"][0]


def test_messy_self_assessment_finds_its_areas_for_development(seeds_dir):
    text = (seeds_dir / "004_62cb3c3bcb4648c5.txt").read_text(encoding="utf-8")

    draft = parse_text(text)

    assert draft.inspection_type == "self_assessment"
    assert draft.authority == "Trafford Council"
    texts = [r.text for r in draft.recommendations]
    assert "Develop a robust action plan to address Child Protection Re-Plans" in texts
    assert (
        "Strengthening the support that is provided using short breaks to children "
        "on the edge of care." in texts
    )
    assert {r.timescale for r in draft.recommendations} == {"unspecified"}
    help_and_protection = [
        r for r in draft.recommendations if r.section == "Help and Protection"
    ]
    assert len(help_and_protection) == 5
    # Key areas and strengths are not areas for development.
    assert not any(t.startswith("We have a very strong Front Door") for t in texts)


def test_self_assessment_slide_takes_its_announced_pillars_not_its_achievements(
    seeds_dir,
):
    text = (seeds_dir / "004_62cb3c3bcb4648c5.txt").read_text(encoding="utf-8")

    draft = parse_text(text)

    # "Areas of Development": "... reshape delivery through 5 key pillars:",
    # five lines, then bullets of what has been done ("We have created ...").
    flourish = [
        r.text
        for r in draft.recommendations
        if r.section == "Creating and environment where Social Work can flourish"
    ]
    assert flourish == [
        "Strengthening Early Help",
        "Improving the Child in Need offer",
        "Focussing Child Protection on children at significant risk of harm",
        "Increasing permanence and supporting children on the edge of care.",
        "Strengthening our care leaver offer.",
    ]
    assert not any("Family Focus" in r.text for r in draft.recommendations)


def test_self_assessment_takes_the_meeting_date_as_its_date(seeds_dir):
    text = (seeds_dir / "004_62cb3c3bcb4648c5.txt").read_text(encoding="utf-8")

    assert parse_text(text).published.isoformat() == "2018-07-10"


def test_authority_and_kind_given_by_the_user_override_detection(seeds_dir):
    text = (seeds_dir / "002_06655fa005441b57.txt").read_text(encoding="utf-8")

    draft = parse_text(text, authority="Trafford Council", kind="other")

    assert draft.authority == "Trafford Council"
    assert draft.inspection_type == "other"
