"""Changes managers make from the lists: revising a due date, bulk reassignment."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from inspections.choices import Role
from recommendations import services
from recommendations.models import DueDateRevision
from tests.factories import (
    InspectionFactory,
    MembershipFactory,
    RecommendationFactory,
    TeamFactory,
    UserFactory,
)

TODAY = timezone.localdate()
NEW_DATE = TODAY + datetime.timedelta(days=90)


@pytest.fixture
def recommendation(inspection, team):
    return RecommendationFactory(inspection=inspection, team=team, overdue=True)


def revise_url(recommendation):
    return reverse(
        "recommendations:recommendation_revise_due_date", args=[recommendation.pk]
    )


def date_post(reason="Waiting for the new case management system", version=1):
    return {
        "due_date_0": NEW_DATE.day,
        "due_date_1": NEW_DATE.month,
        "due_date_2": NEW_DATE.year,
        "reason": reason,
        "version": version,
    }


# Revising a due date -------------------------------------------------------------


def test_anonymous_users_cannot_revise_a_due_date(client, recommendation):
    response = client.get(revise_url(recommendation))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_officers_cannot_revise_a_due_date(client, officer, recommendation):
    client.force_login(officer)
    assert client.get(revise_url(recommendation)).status_code == 403
    assert client.post(revise_url(recommendation), date_post()).status_code == 403
    recommendation.refresh_from_db()
    assert recommendation.due_date == recommendation.original_due_date


def test_managers_of_another_authority_get_404(client, outsider, recommendation):
    client.force_login(outsider)
    assert client.get(revise_url(recommendation)).status_code == 404


def test_manager_revises_a_due_date_and_the_original_is_kept(
    client, manager, recommendation
):
    original = recommendation.original_due_date
    client.force_login(manager)
    assert client.get(revise_url(recommendation)).status_code == 200
    response = client.post(revise_url(recommendation), date_post())
    assert response.status_code == 302
    assert response.url == recommendation.get_absolute_url()
    recommendation.refresh_from_db()
    assert recommendation.due_date == NEW_DATE
    assert recommendation.original_due_date == original
    revision = DueDateRevision.objects.get(recommendation=recommendation)
    assert revision.reason == "Waiting for the new case management system"
    assert revision.revised_by == manager


def test_a_revision_without_a_reason_is_refused_with_an_error_summary(
    client, manager, recommendation
):
    client.force_login(manager)
    response = client.post(revise_url(recommendation), date_post(reason=""))
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content
    assert b"Enter the reason for changing the due date" in response.content
    recommendation.refresh_from_db()
    assert recommendation.due_date == recommendation.original_due_date


def test_a_stale_form_is_refused_as_a_conflict(client, manager, recommendation):
    client.force_login(manager)
    services.revise_due_date(
        recommendation=recommendation,
        due_date=TODAY,
        reason="Someone else first",
        user=manager,
    )
    response = client.post(revise_url(recommendation), date_post(version=1))
    assert response.status_code == 200
    assert b"Someone else changed this recommendation" in response.content
    recommendation.refresh_from_db()
    assert recommendation.due_date == TODAY


def test_a_due_date_cannot_be_revised_into_the_past(manager_client, recommendation):
    """Almost always a typo: it would make the recommendation overdue at once."""
    past = TODAY - datetime.timedelta(days=1)
    data = date_post()
    data.update(due_date_0=past.day, due_date_1=past.month, due_date_2=past.year)
    response = manager_client.post(revise_url(recommendation), data)
    html = response.content.decode()
    # The summary's link goes to the day's box: a date has no input of its own id.
    assert re.search(
        r'<a href="#id_due_date_0">The new due date must be today or in the future',
        html,
    )
    assert not DueDateRevision.objects.exists()


def test_implemented_recommendations_cannot_have_their_due_date_revised(
    client, manager, inspection
):
    implemented = RecommendationFactory(inspection=inspection, implemented=True)
    client.force_login(manager)
    assert client.get(revise_url(implemented)).status_code == 403


# Bulk reassignment: the service ----------------------------------------------------


@pytest.fixture
def colleague(authority):
    user = UserFactory(username="colleague", first_name="Cal", last_name="Colleague")
    MembershipFactory(user=user, authority=authority, role=Role.OFFICER)
    return user


@pytest.fixture
def new_team(authority):
    return TeamFactory(authority=authority, name="Front Door")


def test_assign_recommendations_writes_one_history_entry_per_record(
    inspection, team, new_team, manager, colleague
):
    recommendations = RecommendationFactory.create_batch(
        3, inspection=inspection, team=team
    )
    before = [r.history.count() for r in recommendations]
    changed = services.assign_recommendations(
        recommendations=recommendations, team=new_team, owner=colleague, user=manager
    )
    assert len(changed) == 3
    for recommendation, count in zip(recommendations, before, strict=True):
        recommendation.refresh_from_db()
        assert (recommendation.team, recommendation.owner) == (new_team, colleague)
        assert recommendation.history.count() == count + 1
        latest = recommendation.history.first()
        assert latest.history_user == manager
        assert "Front Door" in latest.history_change_reason


def test_assign_recommendations_leaves_out_what_is_not_given(
    inspection, team, manager, colleague
):
    recommendation = RecommendationFactory(inspection=inspection, team=team)
    services.assign_recommendations(
        recommendations=[recommendation], owner=colleague, user=manager
    )
    recommendation.refresh_from_db()
    assert (recommendation.team, recommendation.owner) == (team, colleague)


def test_assign_recommendations_needs_a_team_or_a_lead(inspection, manager):
    with pytest.raises(ValidationError):
        services.assign_recommendations(
            recommendations=[RecommendationFactory(inspection=inspection)], user=manager
        )


def test_officers_cannot_assign_recommendations(inspection, officer, new_team):
    recommendation = RecommendationFactory(inspection=inspection)
    with pytest.raises(PermissionDenied):
        services.assign_recommendations(
            recommendations=[recommendation], team=new_team, user=officer
        )


def test_a_team_of_another_authority_is_refused_and_nothing_changes(
    inspection, team, manager, other_authority
):
    MembershipFactory(user=manager, authority=other_authority, role=Role.MANAGER)
    ours = RecommendationFactory(inspection=inspection, team=team)
    theirs = RecommendationFactory(
        inspection=InspectionFactory(authority=other_authority)
    )
    with pytest.raises(ValidationError):
        services.assign_recommendations(
            recommendations=[ours, theirs], team=team, user=manager
        )
    theirs.refresh_from_db()
    assert theirs.team is None


def test_a_lead_from_outside_the_authority_is_refused(inspection, manager, outsider):
    recommendation = RecommendationFactory(inspection=inspection)
    with pytest.raises(ValidationError):
        services.assign_recommendations(
            recommendations=[recommendation], owner=outsider, user=manager
        )


def test_closed_recommendations_cannot_be_reassigned(inspection, manager, new_team):
    closed = RecommendationFactory(inspection=inspection, closed=True)
    open_ = RecommendationFactory(inspection=inspection)
    with pytest.raises(ValidationError):
        services.assign_recommendations(
            recommendations=[open_, closed], team=new_team, user=manager
        )
    open_.refresh_from_db()
    assert open_.team is None


# Bulk reassignment: the pages ------------------------------------------------------


def test_bulk_assign_confirmation_lists_the_selected_recommendations(
    client, manager, inspection
):
    chosen = RecommendationFactory.create_batch(2, inspection=inspection)
    other = RecommendationFactory(inspection=inspection, text="Not selected at all.")
    client.force_login(manager)
    response = client.get(
        reverse("recommendations:bulk_assign"), {"pk": [r.pk for r in chosen]}
    )
    assert response.status_code == 200
    assert [r.pk for r in response.context["selected"]] == [r.pk for r in chosen]
    assert other.text.encode() not in response.content
    assert b"Confirm change" in response.content


def test_bulk_assign_offers_only_people_who_can_still_sign_in_as_lead(
    client, manager, inspection, officer
):
    left = UserFactory(username="left-the-council", is_active=False)
    MembershipFactory(user=left, authority=inspection.authority)
    rec = RecommendationFactory(inspection=inspection)
    client.force_login(manager)
    response = client.get(reverse("recommendations:bulk_assign"), {"pk": [rec.pk]})
    offered = set(response.context["form"].fields["owner"].queryset)
    assert officer in offered and left not in offered
    assert "No lead" in response.content.decode()  # not "None"


def test_bulk_assign_offers_the_ticked_authorities_teams_and_people_only(
    client, manager, inspection, other_authority
):
    MembershipFactory(user=manager, authority=other_authority, role=Role.MANAGER)
    ours = TeamFactory(authority=inspection.authority, name="Ours")
    theirs = TeamFactory(authority=other_authority, name="Theirs")
    stranger = UserFactory(username="stranger")
    MembershipFactory(user=stranger, authority=other_authority)
    here = RecommendationFactory(inspection=inspection)
    there = RecommendationFactory(inspection__authority=other_authority)
    client.force_login(manager)
    url = reverse("recommendations:bulk_assign")

    form = client.get(url, {"pk": [here.pk]}).context["form"]
    assert list(form.fields["team"].queryset) == [ours]
    assert stranger not in form.fields["owner"].queryset
    assert not form.fields["team"].help_text

    both = client.get(url, {"pk": [here.pk, there.pk]})
    form = both.context["form"]
    assert set(form.fields["team"].queryset) == {ours, theirs}
    assert "more than one authority" in both.content.decode()


def test_bulk_assign_with_nothing_selected_goes_back_with_a_message(client, manager):
    client.force_login(manager)
    overdue = reverse("recommendations:overdue")
    response = client.get(reverse("recommendations:bulk_assign"), {"next": overdue})
    assert response.status_code == 302
    assert response.url == overdue
    # Told as an error: the GOV.UK summary (it takes the focus) and the title.
    html = client.get(response.url).content.decode()
    assert "<title>Error: " in html
    summary = html[html.index('class="govuk-error-summary"') :]
    assert "Select at least one recommendation to reassign" in summary[:600]
    assert "govuk-notification-banner__title" not in html


def test_bulk_assign_post_reassigns_and_returns_to_the_list(
    client, manager, inspection, new_team, colleague
):
    chosen = RecommendationFactory.create_batch(2, inspection=inspection)
    client.force_login(manager)
    overdue = reverse("recommendations:overdue") + "?team=1"
    response = client.post(
        reverse("recommendations:bulk_assign"),
        {
            "pk": [r.pk for r in chosen],
            "team": new_team.pk,
            "owner": colleague.pk,
            "next": overdue,
        },
    )
    assert response.status_code == 302
    assert response.url == overdue
    for recommendation in chosen:
        recommendation.refresh_from_db()
        assert (recommendation.team, recommendation.owner) == (new_team, colleague)


def test_bulk_assign_never_redirects_off_site(client, manager, inspection, new_team):
    chosen = RecommendationFactory(inspection=inspection)
    client.force_login(manager)
    response = client.post(
        reverse("recommendations:bulk_assign"),
        {"pk": [chosen.pk], "team": new_team.pk, "next": "https://evil.example/"},
    )
    assert response.url == reverse("recommendations:recommendation_list")


def test_bulk_assign_without_a_choice_shows_an_error_summary(
    client, manager, inspection
):
    chosen = RecommendationFactory(inspection=inspection)
    client.force_login(manager)
    response = client.post(reverse("recommendations:bulk_assign"), {"pk": [chosen.pk]})
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content
    assert b"Choose a new owning team or lead officer" in response.content


def test_bulk_assign_refuses_another_authoritys_recommendation(
    client, manager, inspection, new_team, other_authority
):
    theirs = RecommendationFactory(
        inspection=InspectionFactory(authority=other_authority)
    )
    client.force_login(manager)
    response = client.post(
        reverse("recommendations:bulk_assign"),
        {"pk": [theirs.pk], "team": new_team.pk},
    )
    assert response.status_code == 200
    assert b"You cannot change some of the recommendations selected" in response.content
    theirs.refresh_from_db()
    assert theirs.team is None
    confirmation = client.get(
        reverse("recommendations:bulk_assign"), {"pk": [theirs.pk]}
    )
    assert confirmation.status_code == 302  # nothing the manager can see


def test_officers_cannot_post_a_bulk_assignment(client, officer, inspection, new_team):
    chosen = RecommendationFactory(inspection=inspection)
    client.force_login(officer)
    response = client.post(
        reverse("recommendations:bulk_assign"), {"pk": [chosen.pk], "team": new_team.pk}
    )
    assert response.status_code == 403
    chosen.refresh_from_db()
    assert chosen.team is None
