"""The timeline builder: one story from the journal, the audit history and revisions."""

import datetime

import pytest

from recommendations import services
from recommendations.choices import ActionStatus
from recommendations.timeline import build_timeline
from tests.factories import RecommendationFactory


@pytest.fixture
def rec(inspection, team):
    return RecommendationFactory(inspection=inspection, team=team)


def test_timeline_tells_the_story_newest_first_with_who_did_each(rec, officer, manager):
    action = services.add_action(
        recommendation=rec, description="Run the audit", user=manager, owner=officer
    )
    services.set_action_status(
        action=action, status=ActionStatus.IN_PROGRESS, user=officer
    )
    services.add_note(recommendation=rec, body="Half the cases done", user=officer)
    evidence = services.add_evidence(
        recommendation=rec,
        user=officer,
        description="Audit summary",
        url="https://example.org/a",
    )
    services.revise_due_date(
        recommendation=rec,
        due_date=rec.due_date + datetime.timedelta(days=30),
        reason="Board agreed more time",
        user=manager,
    )
    services.withdraw_evidence(evidence=evidence, user=officer, reason="Superseded")

    entries = [(e.title, e.user) for e in build_timeline(rec)]

    revised = rec.due_date + datetime.timedelta(days=30)
    assert entries == [
        ("Evidence withdrawn", officer),
        (
            f"Due date revised from {rec.due_date:%-d %B %Y} to {revised:%-d %B %Y}",
            manager,
        ),
        ("Evidence added", officer),
        ("Progress note", officer),
        ("Recommendation status changed from Open to In progress", officer),
        ("Action status changed from Not started to In progress", officer),
        ("Action added", manager),
        ("Recommendation entered", None),
    ]


def test_due_date_revision_entry_carries_the_reason(rec, manager):
    services.revise_due_date(
        recommendation=rec,
        due_date=rec.due_date + datetime.timedelta(days=10),
        reason="New system goes live later",
        user=manager,
    )
    assert build_timeline(rec)[0].text == "New system goes live later"


def test_editing_an_action_names_what_changed(rec, officer):
    action = services.add_action(
        recommendation=rec, description="Draft", user=officer, owner=officer
    )
    services.update_action(
        action=action,
        user=officer,
        description="Final wording",
        owner=officer,
        target_date=datetime.date(2030, 1, 1),
    )
    assert build_timeline(rec)[0].title == "Action edited (description, target date)"


def test_timeline_takes_the_same_few_queries_however_long_the_story(
    rec, officer, django_assert_num_queries
):
    for n in range(10):
        action = services.add_action(
            recommendation=rec, description=f"Step {n}", user=officer
        )
        services.set_action_status(action=action, status="done", user=officer)
        services.add_note(recommendation=rec, body=f"Note {n}", user=officer)
        services.add_evidence(
            recommendation=rec,
            user=officer,
            description="Link",
            url="https://example.org/c",
        )
    with django_assert_num_queries(5):
        entries = build_timeline(rec)
        assert all(entry.who for entry in entries)
    assert len(entries) == 42
