"""The load test's own check: a status change the server confirmed must be saved."""

import json

import pytest

from loadtest.run import check_updates
from recommendations import services
from recommendations.choices import ActionStatus
from tests.factories import ActionFactory, RecommendationFactory


@pytest.fixture
def changed_action(officer, inspection, team):
    action = ActionFactory(
        recommendation=RecommendationFactory(inspection=inspection, team=team),
        owner=officer,
    )
    return services.set_action_status(
        action=action,
        status=ActionStatus.IN_PROGRESS,
        user=officer,
        expected_version=action.version,
    )


def write(path, *answers):
    path.write_text("".join(json.dumps(a) + "\n" for a in answers))
    return path


@pytest.mark.django_db
def test_a_saved_status_change_is_not_lost(changed_action, tmp_path):
    log = write(
        tmp_path / "log.jsonl",
        {"action": changed_action.pk, "status": "in_progress", "version": 2},
        {"action": changed_action.pk, "status": "done", "version": None},
    )
    assert check_updates(log) == {
        "updates_confirmed": 1,
        "edit_conflicts": 1,
        "lost_updates": 0,
    }


@pytest.mark.django_db
def test_a_confirmed_change_missing_from_the_database_counts_as_lost(
    changed_action, tmp_path
):
    log = write(
        tmp_path / "log.jsonl",
        {"action": changed_action.pk, "status": "in_progress", "version": 2},
        {"action": changed_action.pk, "status": "done", "version": 3},
    )
    # Not in the history, and the action itself is still at version 2.
    assert check_updates(log)["lost_updates"] == 2
