"""Close-out at the next inspection: the review, carry-forward, read-only, reopening."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.utils import timezone

from recommendations import services
from recommendations.choices import ActionStatus, Outcome, RecommendationStatus
from recommendations.models import CloseOut, Recommendation
from tests.factories import (
    ActionFactory,
    CloseOutFactory,
    EvidenceFactory,
    InspectionFactory,
    RecommendationFactory,
)


@pytest.fixture
def earlier(authority):
    return InspectionFactory(
        authority=authority,
        started_on=timezone.localdate() - datetime.timedelta(days=800),
    )


@pytest.fixture
def later(authority):
    return InspectionFactory(authority=authority)


@pytest.fixture
def rec(earlier, team):
    return RecommendationFactory(inspection=earlier, team=team)


def verdict(recommendation, outcome, **extra):
    return services.Verdict(recommendation=recommendation, outcome=outcome, **extra)


@pytest.mark.parametrize(
    ("outcome", "status"),
    [
        (Outcome.MET, RecommendationStatus.CLOSED),
        (Outcome.SUPERSEDED, RecommendationStatus.CLOSED),
        (Outcome.WITHDRAWN, RecommendationStatus.CLOSED),
        (Outcome.PARTLY_MET, RecommendationStatus.OPEN),
        (Outcome.NOT_MET, RecommendationStatus.OPEN),
    ],
)
def test_each_outcome_closes_or_carries_forward(rec, later, manager, outcome, status):
    (closeout,) = services.review_earlier_recommendations(
        inspection=later,
        user=manager,
        verdicts=[verdict(rec, outcome, quote="Their words", paragraph="36")],
    )
    rec.refresh_from_db()
    assert rec.status == status
    assert (closeout.inspection, closeout.outcome) == (later, outcome)
    assert (closeout.quote, closeout.paragraph) == ("Their words", "36")
    assert closeout.decided_by == manager


def test_carried_forward_without_a_new_recommendation_stays_live_and_listed(
    rec, later, manager
):
    services.review_earlier_recommendations(
        inspection=later, user=manager, verdicts=[verdict(rec, Outcome.NOT_MET)]
    )
    rec.refresh_from_db()
    assert rec.is_live
    assert list(Recommendation.objects.carried_forward()) == [rec]
    assert list(CloseOut.objects.carrying_forward()) == list(rec.closeouts.all())


@pytest.mark.parametrize("outcome", [Outcome.PARTLY_MET, Outcome.NOT_MET])
def test_an_implemented_recommendation_carried_forward_is_live_again(
    rec, later, manager, outcome
):
    """The council said it was done; the inspectors did not agree. It is live,
    listed as carried forward and overdue if its date has passed, and can be
    marked implemented again once the work is done."""
    ActionFactory(recommendation=rec, done=True)
    EvidenceFactory(recommendation=rec)
    services.mark_implemented(recommendation=rec, user=manager)

    services.review_earlier_recommendations(
        inspection=later, user=manager, verdicts=[verdict(rec, outcome)]
    )

    rec.refresh_from_db()
    assert rec.status == RecommendationStatus.IN_PROGRESS  # an action had started
    assert rec.implemented_on is None
    assert list(Recommendation.objects.carried_forward()) == [rec]
    assert rec.history.first().history_change_reason == (
        f"Carried forward: {outcome.label.lower()}"
    )
    services.mark_implemented(recommendation=rec, user=manager)  # allowed again


def test_an_implemented_recommendation_taken_over_is_not_counted_as_implemented(
    rec, later, manager
):
    """Not met, and repeated by the new report: closed, its implemented date
    cleared (the inspectors did not agree), so reopening makes it live."""
    EvidenceFactory(recommendation=rec)
    services.mark_implemented(recommendation=rec, user=manager)
    repeated = RecommendationFactory(inspection=later)
    services.review_earlier_recommendations(
        inspection=later,
        user=manager,
        verdicts=[verdict(rec, Outcome.NOT_MET, successor=repeated)],
    )
    rec.refresh_from_db()
    assert (rec.status, rec.implemented_on) == (RecommendationStatus.CLOSED, None)
    services.reopen_recommendation(recommendation=rec, reason="Wrong", user=manager)
    rec.refresh_from_db()
    assert rec.status == RecommendationStatus.OPEN


def test_carried_forward_with_a_new_recommendation_is_closed_as_taken_over(
    rec, later, manager
):
    repeated = RecommendationFactory(inspection=later)
    (closeout,) = services.review_earlier_recommendations(
        inspection=later,
        user=manager,
        verdicts=[verdict(rec, Outcome.PARTLY_MET, successor=repeated)],
    )
    rec.refresh_from_db()
    assert rec.status == RecommendationStatus.CLOSED
    assert closeout.successor == repeated
    assert list(repeated.predecessor_closeouts.all()) == [closeout]
    assert not Recommendation.objects.carried_forward().exists()


def test_a_refused_verdict_mid_review_saves_nothing(earlier, later, manager):
    first, second, third = RecommendationFactory.create_batch(3, inspection=earlier)
    with pytest.raises(services.ReviewRejected) as rejected:
        services.review_earlier_recommendations(
            inspection=later,
            user=manager,
            verdicts=[
                verdict(first, Outcome.MET),
                verdict(second, "brilliant"),
                verdict(third, Outcome.NOT_MET),
            ],
        )
    assert set(rejected.value.by_recommendation) == {second.pk}
    assert not CloseOut.objects.exists()
    statuses = set(Recommendation.objects.values_list("status", flat=True))
    assert statuses == {RecommendationStatus.OPEN}
    assert first.history.count() == 1


def test_officers_cannot_record_a_review(rec, later, officer):
    with pytest.raises(PermissionDenied):
        services.review_earlier_recommendations(
            inspection=later, user=officer, verdicts=[verdict(rec, Outcome.MET)]
        )
    assert not CloseOut.objects.exists()


def test_a_manager_of_another_authority_cannot_record_a_review(rec, later, outsider):
    with pytest.raises(PermissionDenied):
        services.review_earlier_recommendations(
            inspection=later, user=outsider, verdicts=[verdict(rec, Outcome.MET)]
        )


def test_review_refuses_recommendations_not_raised_before_the_inspection(
    earlier, later, manager, other_authority
):
    same_report = RecommendationFactory(inspection=later)
    elsewhere = RecommendationFactory(
        inspection=InspectionFactory(
            authority=other_authority, started_on=earlier.started_on
        )
    )
    with pytest.raises(services.ReviewRejected) as rejected:
        services.review_earlier_recommendations(
            inspection=later,
            user=manager,
            verdicts=[
                verdict(same_report, Outcome.MET),
                verdict(elsewhere, Outcome.MET),
            ],
        )
    assert set(rejected.value.by_recommendation) == {same_report.pk, elsewhere.pk}


def test_successor_must_come_from_the_reviewing_inspection(
    rec, earlier, later, manager
):
    sibling = RecommendationFactory(inspection=earlier)
    with pytest.raises(services.ReviewRejected) as rejected:
        services.review_earlier_recommendations(
            inspection=later,
            user=manager,
            verdicts=[verdict(rec, Outcome.NOT_MET, successor=sibling)],
        )
    assert "successor" in rejected.value.by_recommendation[rec.pk].error_dict


@pytest.mark.parametrize("outcome", [Outcome.MET, Outcome.WITHDRAWN])
def test_a_met_or_withdrawn_recommendation_cannot_be_linked_to_a_new_one(
    rec, later, manager, outcome
):
    repeated = RecommendationFactory(inspection=later)
    with pytest.raises(ValidationError, match="partly met, not met or superseded"):
        services.record_closeout(
            recommendation=rec,
            outcome=outcome,
            user=manager,
            inspection=later,
            successor=repeated,
        )


def test_an_inspection_judges_a_carried_forward_recommendation_only_once(
    rec, later, manager
):
    services.review_earlier_recommendations(
        inspection=later, user=manager, verdicts=[verdict(rec, Outcome.NOT_MET)]
    )
    assert not Recommendation.objects.awaiting_verdict_from(later).exists()
    with pytest.raises(ValidationError, match="already given its verdict"):
        services.record_closeout(
            recommendation=rec, outcome=Outcome.MET, user=manager, inspection=later
        )


def test_the_database_refuses_two_standing_verdicts_from_one_inspection(rec, later):
    CloseOutFactory(recommendation=rec, inspection=later, outcome=Outcome.NOT_MET)
    with pytest.raises(IntegrityError):
        CloseOutFactory(recommendation=rec, inspection=later, outcome=Outcome.MET)


def test_awaiting_verdict_lists_earlier_unclosed_recommendations_of_the_authority(
    authority, earlier, later, other_authority
):
    live = RecommendationFactory(inspection=earlier)
    implemented = RecommendationFactory(inspection=earlier, implemented=True)
    RecommendationFactory(inspection=earlier, closed=True)
    RecommendationFactory(inspection=later)
    newer = InspectionFactory(
        authority=authority, started_on=later.started_on + datetime.timedelta(days=60)
    )
    RecommendationFactory(inspection=newer)
    RecommendationFactory(
        inspection=InspectionFactory(
            authority=other_authority, started_on=earlier.started_on
        )
    )
    awaiting = Recommendation.objects.awaiting_verdict_from(later)
    assert set(awaiting) == {live, implemented}


def test_the_next_inspection_can_judge_what_the_last_one_carried_forward(
    authority, rec, later, manager
):
    services.review_earlier_recommendations(
        inspection=later, user=manager, verdicts=[verdict(rec, Outcome.PARTLY_MET)]
    )
    third = InspectionFactory(
        authority=authority, started_on=later.started_on + datetime.timedelta(days=60)
    )
    assert list(Recommendation.objects.awaiting_verdict_from(third)) == [rec]
    services.review_earlier_recommendations(
        inspection=third, user=manager, verdicts=[verdict(rec, Outcome.MET)]
    )
    rec.refresh_from_db()
    assert rec.status == RecommendationStatus.CLOSED
    assert list(rec.closeouts.values_list("outcome", flat=True)) == [
        Outcome.PARTLY_MET,
        Outcome.MET,
    ]


# Closed recommendations are read-only ----------------------------------------


@pytest.fixture
def closed(rec, later, manager):
    services.review_earlier_recommendations(
        inspection=later, user=manager, verdicts=[verdict(rec, Outcome.MET)]
    )
    rec.refresh_from_db()
    return rec


@pytest.mark.parametrize("who", ["officer", "manager"])
def test_nobody_can_change_a_closed_recommendation_or_its_actions(
    request, closed, officer, who
):
    user = request.getfixturevalue(who)
    action = ActionFactory(recommendation=closed, owner=officer)
    evidence = EvidenceFactory(recommendation=closed)
    writes = [
        lambda: services.add_action(recommendation=closed, description="x", user=user),
        lambda: services.add_note(recommendation=closed, body="x", user=user),
        lambda: services.add_evidence(
            recommendation=closed, user=user, description="x", url="https://e.org"
        ),
        lambda: services.set_action_status(
            action=action, status=ActionStatus.IN_PROGRESS, user=user
        ),
        lambda: services.update_action(action=action, user=user, description="x"),
        lambda: services.withdraw_evidence(evidence=evidence, user=user, reason="x"),
        lambda: services.mark_implemented(recommendation=closed, user=user),
    ]
    for write in writes:
        with pytest.raises(PermissionDenied):
            write()


# Reopening --------------------------------------------------------------------


def test_reopening_undoes_the_closure_and_keeps_the_verdict(closed, manager):
    services.reopen_recommendation(
        recommendation=closed, reason="Judged the wrong item", user=manager
    )
    closed.refresh_from_db()
    closeout = closed.closeouts.get()
    assert closed.status == RecommendationStatus.OPEN
    assert closeout.outcome == Outcome.MET
    assert closeout.reopen_reason == "Judged the wrong item"
    assert closeout.reopened_at is not None
    reasons = list(closed.history.values_list("history_change_reason", flat=True))
    assert reasons[0] == "Reopened: Judged the wrong item"
    assert "Closed: Met" in reasons


def test_a_reopened_recommendation_can_be_judged_again_by_the_same_inspection(
    closed, later, manager
):
    services.reopen_recommendation(recommendation=closed, reason="Wrong", user=manager)
    services.review_earlier_recommendations(
        inspection=later, user=manager, verdicts=[verdict(closed, Outcome.NOT_MET)]
    )
    assert list(Recommendation.objects.carried_forward()) == [closed]


def test_reopening_returns_to_in_progress_when_an_action_has_started(
    rec, later, manager
):
    ActionFactory(recommendation=rec, status=ActionStatus.IN_PROGRESS)
    services.record_closeout(
        recommendation=rec, outcome=Outcome.WITHDRAWN, user=manager, inspection=later
    )
    reopened = services.reopen_recommendation(
        recommendation=rec, reason="Not withdrawn after all", user=manager
    )
    assert reopened.status == RecommendationStatus.IN_PROGRESS


def test_reopening_returns_an_implemented_recommendation_to_implemented(
    earlier, later, manager
):
    rec = RecommendationFactory(inspection=earlier, implemented=True)
    services.record_closeout(
        recommendation=rec, outcome=Outcome.MET, user=manager, inspection=later
    )
    reopened = services.reopen_recommendation(
        recommendation=rec, reason="Too early", user=manager
    )
    assert reopened.status == RecommendationStatus.IMPLEMENTED


def test_reopening_needs_a_reason(closed, manager):
    with pytest.raises(ValidationError) as error:
        services.reopen_recommendation(recommendation=closed, reason="  ", user=manager)
    assert "reason" in error.value.error_dict
    closed.refresh_from_db()
    assert closed.status == RecommendationStatus.CLOSED


def test_officers_cannot_reopen(closed, officer):
    with pytest.raises(PermissionDenied):
        services.reopen_recommendation(recommendation=closed, reason="x", user=officer)


def test_only_a_closed_recommendation_can_be_reopened(rec, manager):
    with pytest.raises(ValidationError, match="Only a closed"):
        services.reopen_recommendation(recommendation=rec, reason="x", user=manager)
