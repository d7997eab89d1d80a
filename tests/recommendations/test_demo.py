"""The demo loads the real seed reports exactly as shared/seeds/*.json describe them."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from inspections.models import Authority, Inspection, Judgement, Membership
from recommendations.choices import Rag
from recommendations.demo import DATA_DIR, SEED_FILES
from recommendations.models import Action, Evidence, Note, Recommendation, Team

MODELS = [
    Authority,
    Inspection,
    Judgement,
    Membership,
    Team,
    Recommendation,
    Action,
    Evidence,
    Note,
]


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def loaded(db):
    with override_settings(DEBUG=True):
        call_command("load_demo")


@pytest.mark.parametrize("name", SEED_FILES)
def test_seed_inspection_matches_its_json(loaded, name):
    seed = json.loads(Path(DATA_DIR / name).read_text())
    inspection = Inspection.objects.get(
        authority__name=seed["authority"],
        kind=seed["inspection_type"],
        published_on=seed["published"],
    )
    dates = [
        str(d) if d else None
        for d in (inspection.started_on, inspection.ended_on, inspection.published_on)
    ]
    assert dates == [
        seed["inspection_start"],
        seed["inspection_end"],
        seed["published"],
    ]
    assert inspection.inspectorate == seed["inspectorate"]
    recommendations = [
        {
            "text": r.text,
            "timescale": r.timescale,
            "section": r.section,
            "priority": r.priority,
        }
        for r in inspection.recommendations.order_by("position")
    ]
    assert recommendations == seed["recommendations"]
    judgements = [
        {"area": j.area, "grade": j.grade, "tier": j.tier, "section": j.section}
        for j in inspection.judgements.order_by("position")
    ]
    expected = [{"section": "", **j} for j in seed["judgements"]]
    assert judgements == expected


def test_seed_copies_are_identical_to_shared_seeds():
    shared = Path(__file__).resolve().parents[3] / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("shared/ is not beside this checkout")
    for name in SEED_FILES:
        assert (DATA_DIR / name).read_bytes() == (shared / name).read_bytes()


def test_load_demo_twice_leaves_the_same_row_counts(loaded):
    before = counts()
    with override_settings(DEBUG=True):
        call_command("load_demo")
    assert counts() == before


def test_demo_borough_shows_every_state(loaded):
    recs = Recommendation.objects.filter(
        inspection__authority__name="Demo Borough Council"
    )
    rags = {r.rag for r in recs.with_progress()}
    assert rags == {Rag.RED, Rag.AMBER, Rag.GREEN}
    assert recs.overdue().exists() and recs.due_within().exists()
    assert recs.no_deadline().exists() and recs.revised().exists()
    assert recs.filter(status="implemented").exists()
    assert recs.filter(status="closed").exists()
    assert Evidence.objects.filter(recommendation__in=recs).exclude(file="").exists()


def test_load_demo_refuses_to_create_users_when_debug_is_off(db):
    from django.core.management.base import CommandError

    with override_settings(DEBUG=False), pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo")
    assert not Authority.objects.exists()


def test_load_demo_with_the_flag_works_when_debug_is_off(db):
    with override_settings(DEBUG=False):
        call_command("load_demo", "--allow-demo-users")
    assert Inspection.objects.count() == 4


def test_demo_records_the_2010_verdicts_on_the_2009_areas_for_development(loaded):
    from recommendations.choices import Outcome
    from recommendations.models import CloseOut

    closeouts = CloseOut.objects.filter(
        inspection__published_on="2010-05-24",
        recommendation__inspection__published_on="2009-10-08",
    ).select_related("recommendation")
    verdicts = {(c.recommendation.position, c.outcome, c.paragraph) for c in closeouts}
    assert verdicts == {
        (0, Outcome.PARTLY_MET, "11"),
        (2, Outcome.MET, "36"),
        (3, Outcome.PARTLY_MET, "12"),
    }
    seed = (DATA_DIR / "001_308c94baf749f55b.txt").read_text(encoding="utf-8")
    assert all(c.quote and c.quote in seed for c in closeouts)
    earlier = Recommendation.objects.filter(
        inspection__published_on="2009-10-08"
    ).order_by("position")
    assert [r.status for r in earlier] == [
        "open",
        "open",
        "closed",
        "open",
        "open",
        "open",
    ]
    assert set(earlier.carried_forward().values_list("position", flat=True)) == {0, 3}
