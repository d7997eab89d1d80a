"""The review page, reopening, and lineage on recommendation and inspection pages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from recommendations import services
from recommendations.choices import Outcome, RecommendationStatus
from recommendations.models import CloseOut
from tests.factories import (
    EvidenceFactory,
    InspectionFactory,
    NoteFactory,
    RecommendationFactory,
)


@pytest.fixture
def earlier(authority):
    return InspectionFactory(
        authority=authority,
        title="Unannounced inspection",
        started_on=timezone.localdate() - datetime.timedelta(days=800),
    )


@pytest.fixture
def later(authority):
    return InspectionFactory(authority=authority, title="Safeguarding inspection")


@pytest.fixture
def rec(earlier, team):
    return RecommendationFactory(
        inspection=earlier, team=team, text="Too many unallocated assessments."
    )


def review_url(inspection):
    return reverse("inspections:closeout", args=[inspection.pk])


def management(total):
    return {
        "form-TOTAL_FORMS": str(total),
        "form-INITIAL_FORMS": str(total),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }


def row(index, recommendation, outcome="", quote="", paragraph="", successor=""):
    return {
        f"form-{index}-recommendation": str(recommendation.pk),
        f"form-{index}-outcome": outcome,
        f"form-{index}-quote": quote,
        f"form-{index}-paragraph": paragraph,
        f"form-{index}-successor": str(successor),
    }


# The review page: who may see it ------------------------------------------------


def test_review_page_sends_anonymous_visitors_to_sign_in(client, later):
    response = client.get(review_url(later))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_review_page_is_forbidden_to_officers(client, officer, later, rec):
    client.force_login(officer)
    assert client.get(review_url(later)).status_code == 403
    response = client.post(review_url(later), {**management(1), **row(0, rec, "met")})
    assert response.status_code == 403
    assert not CloseOut.objects.exists()


def test_review_page_of_another_authority_is_not_found(client, outsider, later):
    client.force_login(outsider)
    assert client.get(review_url(later)).status_code == 404


@pytest.mark.parametrize("who", ["manager", "superuser"])
def test_review_page_lists_earlier_recommendations_for_managers_and_admins(
    request, client, later, rec, who
):
    client.force_login(request.getfixturevalue(who))
    response = client.get(review_url(later))
    assert response.status_code == 200
    assert rec.text in response.content.decode()


def test_inspection_list_and_detail_still_resolve_in_their_namespace(
    client, manager, later
):
    client.force_login(manager)
    assert client.get(reverse("inspections:inspection_list")).status_code == 200
    assert client.get(later.get_absolute_url()).status_code == 200


# The review page: what it shows and saves -----------------------------------------


def test_review_page_shows_status_evidence_count_and_last_note(
    client, manager, later, rec
):
    EvidenceFactory.create_batch(2, recommendation=rec)
    NoteFactory(
        recommendation=rec,
        body="Older note",
        created_at=timezone.now() - datetime.timedelta(days=2),
    )
    NoteFactory(recommendation=rec, body="Two workers recruited")
    client.force_login(manager)
    page = client.get(review_url(later)).content.decode()
    assert "Open" in page
    assert "2 items" in page
    assert "Two workers recruited" in page and "Older note" not in page


def test_review_page_renders_100_recommendations_in_constant_queries(
    client, manager, later, earlier, django_assert_max_num_queries
):
    for rec in RecommendationFactory.create_batch(100, inspection=earlier):
        NoteFactory(recommendation=rec)
        EvidenceFactory(recommendation=rec)
    RecommendationFactory.create_batch(5, inspection=later)
    client.force_login(manager)
    with django_assert_max_num_queries(10):
        response = client.get(review_url(later))
    assert response.content.decode().count('name="form-') >= 100 * 5


def test_saving_a_review_records_verdicts_and_leaves_blank_rows_alone(
    client, manager, earlier, later, rec
):
    untouched = RecommendationFactory(inspection=earlier)
    repeated_from = RecommendationFactory(inspection=earlier)
    repeated = RecommendationFactory(inspection=later)
    client.force_login(manager)
    response = client.post(
        review_url(later),
        {
            **management(3),
            **row(0, rec, "met", "Good progress against this first recommendation"),
            **row(1, untouched),
            **row(2, repeated_from, "not_met", successor=repeated.pk),
        },
    )
    assert response.status_code == 302
    assert response.url == later.get_absolute_url()
    rec.refresh_from_db()
    untouched.refresh_from_db()
    repeated_from.refresh_from_db()
    assert rec.status == repeated_from.status == RecommendationStatus.CLOSED
    assert untouched.status == RecommendationStatus.OPEN
    quote = rec.closeouts.get().quote
    assert quote == "Good progress against this first recommendation"
    assert repeated_from.closeouts.get().successor == repeated


def test_a_half_filled_review_shows_the_errors_and_keeps_every_answer(
    client, manager, earlier, later, rec
):
    other = RecommendationFactory(inspection=earlier)
    client.force_login(manager)
    response = client.post(
        review_url(later),
        {
            **management(2),
            **row(0, rec, "partly_met", "Capacity has increased", "36"),
            **row(1, other, "", "Words with no verdict"),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Select a verdict, or clear the other answers in this row" in page
    assert "Capacity has increased" in page and "Words with no verdict" in page
    assert 'value="36"' in page
    assert '<option value="partly_met" selected>' in page
    assert not CloseOut.objects.exists()


def test_a_verdict_the_service_refuses_is_shown_beside_its_row(
    client, manager, later, rec
):
    repeated = RecommendationFactory(inspection=later)
    client.force_login(manager)
    response = client.post(
        review_url(later),
        {**management(1), **row(0, rec, "withdrawn", successor=repeated.pk)},
    )
    assert response.status_code == 200
    assert "partly met, not met or superseded" in response.content.decode()
    assert not rec.closeouts.exists()


def test_every_rows_errors_are_shown_at_once(client, manager, later, earlier):
    """A link the verdict cannot have and a quote with no verdict, in one round."""
    first, second = RecommendationFactory.create_batch(2, inspection=earlier)
    repeated = RecommendationFactory(inspection=later)
    client.force_login(manager)
    response = client.post(
        review_url(later),
        {
            **management(2),
            **row(0, first, "met", successor=repeated.pk),
            **row(1, second, quote="Some progress"),
        },
    )
    forms = response.context["formset"].forms
    assert forms[0].errors == {"successor": [services.SUCCESSOR_ONLY]}
    assert forms[1].errors == {
        "outcome": ["Select a verdict, or clear the other answers in this row"]
    }
    assert not CloseOut.objects.exists()


def test_an_empty_review_asks_for_at_least_one_verdict(client, manager, later, rec):
    client.force_login(manager)
    response = client.post(review_url(later), {**management(1), **row(0, rec)})
    assert response.status_code == 200
    assert "Record a verdict on at least one recommendation" in (
        response.content.decode()
    )


def test_a_row_closed_meanwhile_by_someone_else_is_refused(client, manager, later, rec):
    services.record_closeout(
        recommendation=rec, outcome=Outcome.MET, user=manager, inspection=later
    )
    client.force_login(manager)
    response = client.post(review_url(later), {**management(1), **row(0, rec, "met")})
    assert response.status_code == 200
    assert "no longer awaiting a verdict" in response.content.decode()
    assert rec.closeouts.count() == 1


# Reopening ---------------------------------------------------------------------


@pytest.fixture
def closed(rec, later, manager):
    services.record_closeout(
        recommendation=rec,
        outcome=Outcome.MET,
        user=manager,
        inspection=later,
        quote="The matter was remedied before the end of the inspection.",
        paragraph="11",
    )
    rec.refresh_from_db()
    return rec


def reopen_url(recommendation):
    return reverse("recommendations:recommendation_reopen", args=[recommendation.pk])


def test_reopen_sends_anonymous_visitors_to_sign_in(client, closed):
    response = client.get(reopen_url(closed))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_reopen_is_forbidden_to_officers(client, officer, closed):
    client.force_login(officer)
    assert client.get(reopen_url(closed)).status_code == 403
    assert client.post(reopen_url(closed), {"reason": "x"}).status_code == 403


def test_reopen_of_another_authority_is_not_found(client, outsider, closed):
    client.force_login(outsider)
    assert client.get(reopen_url(closed)).status_code == 404


def test_a_manager_reopens_with_a_reason(client, manager, closed):
    client.force_login(manager)
    assert client.get(reopen_url(closed)).status_code == 200
    response = client.post(reopen_url(closed), {"reason": "Judged the wrong item"})
    assert response.status_code == 302
    closed.refresh_from_db()
    assert closed.status == RecommendationStatus.OPEN
    assert closed.closeouts.get().reopen_reason == "Judged the wrong item"


def test_reopening_without_a_reason_shows_an_error(client, manager, closed):
    client.force_login(manager)
    response = client.post(reopen_url(closed), {"reason": ""})
    assert response.status_code == 200
    assert "Enter why this recommendation is being reopened" in (
        response.content.decode()
    )
    closed.refresh_from_db()
    assert closed.status == RecommendationStatus.CLOSED


def test_reopen_of_a_live_recommendation_goes_back_to_it(client, manager, rec):
    client.force_login(manager)
    response = client.get(reopen_url(rec))
    assert response.status_code == 302
    assert response.url == rec.get_absolute_url()


# Lineage on both recommendation pages and both inspection pages ------------------


def test_closed_recommendation_page_says_who_closed_it_with_the_quote(
    client, manager, closed, later
):
    client.force_login(manager)
    page = client.get(closed.get_absolute_url()).content.decode()
    assert f'Closed by <a class="govuk-link" href="{later.get_absolute_url()}"' in (
        page
    )
    assert "The matter was remedied before the end of the inspection." in page
    assert "(paragraph 11)" in page
    assert reopen_url(closed) in page


def test_officers_see_no_reopen_link(client, officer, closed):
    client.force_login(officer)
    page = client.get(closed.get_absolute_url()).content.decode()
    assert "Closed by" in page
    assert reopen_url(closed) not in page


def test_both_recommendation_pages_link_to_each_other(client, manager, rec, later):
    repeated = RecommendationFactory(inspection=later, text="Allocate all cases.")
    services.record_closeout(
        recommendation=rec,
        outcome=Outcome.PARTLY_MET,
        user=manager,
        inspection=later,
        successor=repeated,
    )
    client.force_login(manager)
    earlier_page = client.get(rec.get_absolute_url()).content.decode()
    later_page = client.get(repeated.get_absolute_url()).content.decode()
    assert repeated.get_absolute_url() in earlier_page
    assert rec.get_absolute_url() in later_page
    assert "Across inspections" in earlier_page and "Across inspections" in later_page


def test_both_inspection_pages_show_the_verdict(client, manager, rec, earlier, later):
    services.record_closeout(
        recommendation=rec,
        outcome=Outcome.NOT_MET,
        user=manager,
        inspection=later,
        quote="Supervision remains weak",
    )
    client.force_login(manager)
    later_page = client.get(later.get_absolute_url()).content.decode()
    earlier_page = client.get(earlier.get_absolute_url()).content.decode()
    assert "What this inspection closed and carried forward" in later_page
    assert "Not met, carried forward" in later_page
    assert "Supervision remains weak" in later_page
    assert "What later inspections said about this report" in earlier_page
    assert later.get_absolute_url() in earlier_page
    assert review_url(later) in later_page


def test_officers_see_the_verdicts_but_not_the_review_link(
    client, officer, closed, later
):
    client.force_login(officer)
    page = client.get(later.get_absolute_url()).content.decode()
    assert "What this inspection closed and carried forward" in page
    assert review_url(later) not in page
