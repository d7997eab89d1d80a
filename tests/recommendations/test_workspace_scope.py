"""Scoping across authorities on the demo data, and optimistic locking under load."""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from recommendations import services
from recommendations.choices import ActionStatus
from recommendations.demo import load_demo
from recommendations.models import Action, Evidence, Recommendation
from tests.factories import RecommendationFactory, UserFactory


def test_stockport_officer_gets_404_on_every_trafford_page_and_file(client, db):
    load_demo()
    trafford = Recommendation.objects.filter(
        inspection__authority__name__startswith="Trafford"
    )
    stockport_officer = UserFactory(username="stockport-officer")
    client.force_login(stockport_officer)
    assert trafford.exists()
    for recommendation in trafford:
        for name in (
            "recommendation_detail",
            "action_add",
            "note_add",
            "evidence_add",
            "recommendation_mark_implemented",
        ):
            url = reverse(f"recommendations:{name}", args=[recommendation.pk])
            assert client.get(url).status_code == 404, url
    trafford_actions = Action.objects.filter(recommendation__in=trafford)
    for action in trafford_actions:
        for name in ("action_edit", "action_status"):
            url = reverse(f"recommendations:{name}", args=[action.pk])
            assert client.get(url).status_code == 404, url
    for evidence in Evidence.objects.filter(recommendation__in=trafford):
        url = reverse("recommendations:evidence_download", args=[evidence.pk])
        assert client.get(url).status_code == 404, url


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL"
)
def test_two_people_saving_the_same_action_at_once_one_is_refused(
    inspection, team, officer, manager
):
    rec = RecommendationFactory(inspection=inspection, team=team)
    action = services.add_action(recommendation=rec, description="Shared", user=officer)
    seen_version = action.version
    barrier = threading.Barrier(2)
    outcomes = []

    def save(user, status):
        barrier.wait()
        try:
            services.set_action_status(
                action=action, status=status, user=user, expected_version=seen_version
            )
            outcomes.append("saved")
        except services.EditConflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(officer, ActionStatus.DONE)),
        threading.Thread(target=save, args=(manager, ActionStatus.CANCELLED)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["conflict", "saved"]
    action.refresh_from_db()
    assert action.version == seen_version + 1
    assert action.history.count() == 2
