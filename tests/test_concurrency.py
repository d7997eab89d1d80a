"""Concurrent edits of one action on PostgreSQL: no update lost, losers told so.

Threads each hold their own database connection and call the real service at
the same moment (a barrier releases them together), as several browser tabs
would. SQLite serialises whole-database writes and has no row locks, so this
only means something on PostgreSQL; CI runs it there (.ci/run).
"""

import pytest
from django.db import connection

from inspections.choices import Role
from recommendations import services
from recommendations.choices import ActionStatus
from recommendations.models import Action
from tests.factories import (
    ActionFactory,
    InspectionFactory,
    MembershipFactory,
    RecommendationFactory,
    UserFactory,
)
from tests.threads import THREADS, in_threads

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL row locks (SELECT ... FOR UPDATE); SQLite has none",
    ),
    pytest.mark.django_db(transaction=True),
]
STATUSES = [ActionStatus.IN_PROGRESS, ActionStatus.BLOCKED]


@pytest.fixture
def action(db):
    inspection = InspectionFactory()
    manager = UserFactory(username="concurrent-manager")
    MembershipFactory(user=manager, authority=inspection.authority, role=Role.MANAGER)
    return ActionFactory(recommendation=RecommendationFactory(inspection=inspection))


def manager():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="concurrent-manager")


def test_one_edit_of_a_version_wins_and_the_others_get_a_conflict(action):
    version = action.version

    def work(index):
        return services.set_action_status(
            action=action,
            status=STATUSES[index % 2],
            reason=f"edit {index}",
            expected_version=version,
            user=manager(),
        )

    outcomes = in_threads(work)
    winners = [o for o in outcomes if isinstance(o, Action)]
    losers = [o for o in outcomes if isinstance(o, services.EditConflict)]
    assert (len(winners), len(losers)) == (1, THREADS - 1), outcomes
    assert "Someone else changed this action" in losers[0].messages[0]
    action.refresh_from_db()
    assert action.version == version + 1
    assert action.status == winners[0].status
    assert action.history.count() == 2  # created, then the one winning change


def test_edits_that_retry_on_conflict_are_all_kept(action):
    version = action.version

    def work(index):
        conflicts = 0
        while True:
            current = Action.objects.get(pk=action.pk)
            status = (
                ActionStatus.BLOCKED
                if current.status == ActionStatus.IN_PROGRESS
                else ActionStatus.IN_PROGRESS
            )
            try:
                services.set_action_status(
                    action=current,
                    status=status,
                    reason=f"edit {index}",
                    expected_version=current.version,
                    user=manager(),
                )
                return conflicts
            except services.EditConflict:
                conflicts += 1

    outcomes = in_threads(work)
    assert all(isinstance(o, int) for o in outcomes), outcomes
    action.refresh_from_db()
    assert action.version == version + THREADS
    assert action.history.count() == 1 + THREADS
    reasons = set(
        action.history.exclude(history_change_reason=None).values_list(
            "history_change_reason", flat=True
        )
    )
    assert reasons == {f"edit {index}" for index in range(THREADS)}


def test_the_dashboard_tallies_stay_exact_under_concurrent_changes(action):
    """Every thread starts a different recommendation of one authority at once
    (open -> in progress), while another inspection moves between authorities and
    the tallies are recounted: each trigger's counts must still add up."""
    from recommendations import tallies
    from recommendations.models import Recommendation, StatusTally

    authority = action.recommendation.inspection.authority
    inspection = action.recommendation.inspection
    actions = [action] + [
        ActionFactory(recommendation=RecommendationFactory(inspection=inspection))
        for _ in range(THREADS - 3)
    ]
    moving = RecommendationFactory(inspection=InspectionFactory(authority=authority))
    elsewhere = InspectionFactory().authority

    def work(index):
        if index == THREADS - 1:
            moving.inspection.authority = elsewhere
            moving.inspection.save()
            return "moved"
        if index == THREADS - 2:
            tallies.recount()
            return "recounted"
        services.set_action_status(
            action=actions[index], status=ActionStatus.IN_PROGRESS, user=manager()
        )
        return "started"

    outcomes = in_threads(work)
    assert outcomes.count("started") == THREADS - 2, outcomes
    assert tallies.differences() == []
    in_progress = StatusTally.objects.get(authority=authority, status="in_progress")
    assert in_progress.recommendations == THREADS - 2
    assert Recommendation.objects.filter(inspection__authority=elsewhere).count() == 1


def test_one_recommendations_activity_stays_exact_under_concurrent_work(action):
    """On one recommendation at once: actions started, finished, edited and added,
    a note written and evidence added to an action. The triggers write the
    recommendation's Activity row, and the foreign keys of new rows take a share
    lock on the recommendation at commit: with the locks the services take, none
    of them deadlocks, and every count adds up."""
    from recommendations import activity
    from recommendations.models import Activity

    recommendation = action.recommendation
    actions = [action] + [
        ActionFactory(recommendation=recommendation) for _ in range(THREADS - 5)
    ]
    edited, evidenced = ActionFactory.create_batch(2, recommendation=recommendation)
    others = {
        THREADS - 1: lambda: services.add_action(
            recommendation=recommendation, description="Added", user=manager()
        ),
        THREADS - 2: lambda: services.add_note(
            recommendation=recommendation, body="Meanwhile", user=manager()
        ),
        THREADS - 3: lambda: services.update_action(
            action=edited, description="Edited", user=manager()
        ),
        THREADS - 4: lambda: services.add_evidence(
            recommendation=recommendation,
            action=evidenced,
            url="https://example.org/minutes",
            description="Minutes",
            user=manager(),
        ),
    }

    def work(index):
        if index in others:
            others[index]()
            return "other"
        services.set_action_status(
            action=actions[index],
            status=ActionStatus.DONE if index % 2 else ActionStatus.IN_PROGRESS,
            user=manager(),
        )
        return "moved on"

    for _ in range(3):  # a deadlock is a race: give it a few chances
        outcomes = in_threads(work)
        assert sorted(map(str, outcomes)) == sorted(
            ["other"] * len(others) + ["moved on"] * (THREADS - len(others))
        ), outcomes  # a deadlock would be an OperationalError here
        for moved in actions:
            moved.refresh_from_db()
            moved.status, moved.completed_on = ActionStatus.NOT_STARTED, None
            moved.save()
    assert activity.differences() == []
    row = Activity.objects.get(pk=recommendation.pk)
    assert row.actions_total == len(actions) + 2 + 3  # three rounds of one added
