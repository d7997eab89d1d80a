"""Integrity lives in the database: each rule is refused by the database itself."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from recommendations.choices import ActionStatus, RecommendationStatus, Timescale
from recommendations.models import Evidence, Recommendation, Team
from tests.factories import ActionFactory, RecommendationFactory, TeamFactory

TODAY = datetime.date(2026, 6, 15)


def refused(**update):
    def run(model, pk):
        with pytest.raises(IntegrityError), transaction.atomic():
            model.objects.filter(pk=pk).update(**update)

    return run


@pytest.mark.django_db
@pytest.mark.parametrize(
    "update",
    [
        {"timescale": "fortnight"},
        {"status": "finished"},
        {"due_date": None},  # a timescale needs a due date
        {"original_due_date": None},
        {"timescale": Timescale.UNSPECIFIED},  # no timescale cannot keep a due date
        {"status": RecommendationStatus.IMPLEMENTED},  # without implemented_on
        {"implemented_on": TODAY},  # while still open
        {"text": ""},
    ],
)
def test_recommendation_rules_are_enforced_by_the_database(update):
    rec = RecommendationFactory()
    refused(**update)(Recommendation, rec.pk)


@pytest.mark.django_db
def test_closed_recommendation_may_keep_or_lack_an_implementation_date():
    rec = RecommendationFactory(closed=True)
    Recommendation.objects.filter(pk=rec.pk).update(implemented_on=TODAY)
    Recommendation.objects.filter(pk=rec.pk).update(implemented_on=None)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "update",
    [
        {"status": ActionStatus.DONE},  # done needs completed_on
        {"completed_on": TODAY},  # completed_on needs done
        {"status": "paused"},
        {"description": ""},
    ],
)
def test_action_rules_are_enforced_by_the_database(update):
    action = ActionFactory()
    from recommendations.models import Action

    refused(**update)(Action, action.pk)


@pytest.mark.django_db
def test_evidence_needs_a_file_or_a_link(django_user_model):
    rec = RecommendationFactory()
    user = django_user_model.objects.create(username="someone")
    with pytest.raises(IntegrityError):
        Evidence.objects.create(recommendation=rec, description="x", added_by=user)


@pytest.mark.django_db
def test_team_names_are_unique_within_an_authority():
    team = TeamFactory()
    with pytest.raises(IntegrityError):
        Team.objects.create(authority=team.authority, name=team.name)
