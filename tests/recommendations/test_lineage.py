"""Lineage: a recommendation's chain across inspections, read in constant queries."""

import datetime

import pytest
from django.utils import timezone

from recommendations import services
from recommendations.choices import Outcome
from recommendations.lineage import inspection_closeouts, lineage_for
from tests.factories import InspectionFactory, RecommendationFactory


def inspection_in(authority, days_ago):
    return InspectionFactory(
        authority=authority,
        started_on=timezone.localdate() - datetime.timedelta(days=days_ago),
    )


def judge(recommendation, outcome, by, user, successor=None):
    return services.record_closeout(
        recommendation=recommendation,
        outcome=outcome,
        user=user,
        inspection=by,
        successor=successor,
    )


@pytest.fixture
def chain(authority, manager):
    """Raised in 2010, carried forward in 2011, repeated in 2013, met in 2015."""
    first, second, third, fourth = (
        inspection_in(authority, days) for days in (1800, 1400, 900, 200)
    )
    raised = RecommendationFactory(inspection=first, position=0)
    repeated = RecommendationFactory(inspection=third, position=4)
    judge(raised, Outcome.NOT_MET, second, manager)
    judge(raised, Outcome.PARTLY_MET, third, manager, successor=repeated)
    judge(repeated, Outcome.MET, fourth, manager)
    return raised, repeated, (first, second, third, fourth)


def test_lineage_runs_from_the_report_that_raised_it_to_the_one_that_met_it(chain):
    raised, repeated, (first, second, third, fourth) = chain
    lineage = lineage_for(raised)
    assert [link.recommendation for link in lineage.links] == [raised, repeated]
    assert [link.is_current for link in lineage.links] == [True, False]
    verdicts = [
        [(c.inspection, c.outcome) for c in link.closeouts] for link in lineage.links
    ]
    assert verdicts == [
        [(second, Outcome.NOT_MET), (third, Outcome.PARTLY_MET)],
        [(fourth, Outcome.MET)],
    ]


def test_lineage_is_the_same_chain_seen_from_either_end(chain):
    raised, repeated, _ = chain
    from_start = [link.recommendation for link in lineage_for(raised).links]
    from_end = [link.recommendation for link in lineage_for(repeated).links]
    assert from_start == from_end


def test_lineage_names_the_verdict_that_closed_it(chain):
    raised, repeated, (_, _, third, fourth) = chain
    raised.refresh_from_db()
    repeated.refresh_from_db()
    assert lineage_for(raised).closed_by.inspection == third
    assert lineage_for(repeated).closed_by.inspection == fourth


def test_lineage_of_a_long_chain_takes_three_queries(
    authority, manager, django_assert_num_queries
):
    inspections = [inspection_in(authority, 3000 - 300 * n) for n in range(8)]
    recs = [RecommendationFactory(inspection=i) for i in inspections]
    for rec, nxt, by in zip(recs, recs[1:], inspections[1:], strict=False):
        judge(rec, Outcome.NOT_MET, by, manager, successor=nxt)
    start = type(recs[0]).objects.select_related("inspection").get(pk=recs[0].pk)
    with django_assert_num_queries(3):
        lineage = lineage_for(start)
        closeouts = [c for link in lineage.links for c in link.closeouts]
        [(str(c.inspection), str(c.successor.inspection)) for c in closeouts]
    assert len(lineage.links) == 8


def test_lineage_of_a_recommendation_alone_takes_two_queries(
    inspection, django_assert_num_queries
):
    rec = RecommendationFactory(inspection=inspection)
    start = type(rec).objects.select_related("inspection").get(pk=rec.pk)
    with django_assert_num_queries(2):
        lineage = lineage_for(start)
    assert [link.recommendation for link in lineage.links] == [start]
    assert lineage.current.recommendation is start


def test_a_recommendation_never_judged_has_no_lineage_to_show(inspection):
    assert not lineage_for(RecommendationFactory(inspection=inspection))


def test_a_reopened_link_no_longer_joins_the_chains(chain, manager):
    raised, repeated, _ = chain
    repeated.refresh_from_db()
    services.reopen_recommendation(recommendation=raised, reason="Wrong", user=manager)
    assert [link.recommendation for link in lineage_for(raised).links] == [raised]
    assert lineage_for(raised).links[0].closeouts[-1].is_reopened


def test_inspection_closeouts_count_outcomes_and_list_both_directions(
    chain, manager, authority
):
    raised, repeated, (first, second, third, fourth) = chain
    other = RecommendationFactory(inspection=first, position=1)
    judge(other, Outcome.MET, third, manager)
    given = inspection_closeouts(third)
    assert dict(given.counts) == {
        "Met": 1,
        "Partly met": 1,
        "Not met": 0,
        "Superseded": 0,
        "Withdrawn": 0,
    }
    assert {c.recommendation for c in given.given} == {raised, other}
    received = inspection_closeouts(first)
    assert [(c.recommendation, c.inspection) for c in received.received] == [
        (raised, second),
        (raised, third),
        (other, third),
    ]
    assert not received.given
