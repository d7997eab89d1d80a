"""What the admin saves keeps the rules every path keeps: a recommendation's or an
action's team and owner belong to its authority (the models' clean(), so the
services refuse too), a piece of evidence keeps the file it was added with, and a
whole report can be entered without JavaScript."""

import pytest
from django import forms
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from inspections.models import Membership
from inspections.people import person_name
from recommendations import services
from recommendations.choices import ActionStatus
from recommendations.models import Action, Recommendation
from tests.factories import (
    ActionFactory,
    InspectionFactory,
    MembershipFactory,
    RecommendationFactory,
    TeamFactory,
)
from tests.test_admin_changes import as_posted, change_url


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def their_team(other_authority):
    return TeamFactory(authority=other_authority, name="Children in Care Service")


@pytest.fixture
def rec(inspection, team):
    return RecommendationFactory(inspection=inspection, team=team)


def errors_of(response, model=None) -> dict:
    """The change page's errors: the main form's, or the `model` inline's rows'."""
    assert response.status_code == 200  # the form again, not a redirect
    if model is None:
        return dict(response.context["adminform"].form.errors)
    (formset,) = [
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is model
    ]
    return {
        name: error for form in formset.forms for name, error in form.errors.items()
    }


# A team or owner of another authority ----------------------------------------------


def test_the_inspection_page_refuses_a_recommendation_team_of_another_authority(
    admin_client, inspection, rec, their_team
):
    data = as_posted(admin_client, inspection)
    data["recommendations-0-team"] = their_team.pk

    response = admin_client.post(change_url(inspection), data)

    assert "team" in errors_of(response, Recommendation)  # not among the choices
    rec.refresh_from_db()
    assert rec.team_id != their_team.pk


def test_a_new_reports_recommendation_refuses_a_team_of_another_authority(
    admin_client, authority, their_team
):
    """A new inspection's page offers every team (its authority is chosen on the
    same page): the model refuses another authority's."""
    data = {
        "authority": authority.pk,
        "kind": "focused_visit",
        "inspectorate": "Ofsted",
        "published_on": "2026-03-06",
        "judgements-TOTAL_FORMS": "0",
        "judgements-INITIAL_FORMS": "0",
        "recommendations-TOTAL_FORMS": "1",
        "recommendations-INITIAL_FORMS": "0",
        "recommendations-0-text": "Improve supervision",
        "recommendations-0-timescale": "unspecified",
        "recommendations-0-position": "0",
        "recommendations-0-team": their_team.pk,
    }

    response = admin_client.post(reverse("admin:inspections_inspection_add"), data)

    error = str(errors_of(response, Recommendation)["team"])
    assert "Children in Care Service is a team of Stockport" in error
    assert not Recommendation.objects.exists()


def test_the_recommendation_page_refuses_an_action_team_of_another_authority(
    admin_client, rec, their_team
):
    data = as_posted(admin_client, rec)
    data.update(
        {
            "actions-TOTAL_FORMS": 1,
            "actions-0-description": "Audit the plans",
            "actions-0-team": their_team.pk,
        }
    )

    response = admin_client.post(change_url(rec), data)

    assert "team" in errors_of(response, Action)
    assert not Action.objects.exists()


def test_the_actions_admin_refuses_a_team_or_owner_of_another_authority(
    admin_client, rec, officer, outsider, their_team
):
    action = ActionFactory(recommendation=rec, owner=officer, team=rec.team)
    data = as_posted(admin_client, action, owner=outsider.pk, team=their_team.pk)

    errors = errors_of(admin_client.post(change_url(action), data))

    assert f"{person_name(outsider)} does not work for Trafford" in str(errors["owner"])
    assert "team" in errors
    action.refresh_from_db()
    assert (action.owner, action.team) == (officer, rec.team)


def test_the_recommendations_admin_refuses_a_lead_officer_of_another_authority(
    admin_client, rec, outsider
):
    data = as_posted(admin_client, rec, owner=outsider.pk)

    errors = errors_of(admin_client.post(change_url(rec), data))

    assert "does not work for" in str(errors["owner"])
    rec.refresh_from_db()
    assert rec.owner is None


def test_a_recommendation_moved_to_another_authoritys_report_takes_its_teams(
    admin_client, rec, other_authority
):
    """Its team stays Trafford's: refused until it is given one of Stockport's."""
    theirs = RecommendationFactory(inspection__authority=other_authority).inspection
    data = as_posted(admin_client, rec, inspection=theirs.pk)

    errors = errors_of(admin_client.post(change_url(rec), data))

    assert "team" in errors
    rec.refresh_from_db()
    assert rec.inspection_id != theirs.pk


def test_a_report_with_teams_or_owners_cannot_move_to_another_authority(
    admin_client, inspection, rec, other_authority
):
    """Its recommendations' teams would be of another council than theirs."""
    data = as_posted(admin_client, inspection, authority=other_authority.pk)

    errors = errors_of(admin_client.post(change_url(inspection), data))

    assert "clear them before moving it" in str(errors["authority"])
    inspection.refresh_from_db()
    assert inspection.authority_id != other_authority.pk


def test_a_report_nobody_is_assigned_to_yet_can_move_to_another_authority(
    inspection, superuser, other_authority
):
    """A report entered against the wrong council, corrected."""
    RecommendationFactory(inspection=inspection)
    inspection.authority = other_authority
    services.save_inspection(inspection=inspection, user=superuser)
    inspection.refresh_from_db()
    assert inspection.authority == other_authority


def test_the_services_refuse_a_team_or_owner_of_another_authority(
    rec, manager, outsider, their_team
):
    with pytest.raises(ValidationError) as refused:
        services.add_action(
            recommendation=rec,
            description="Audit",
            user=manager,
            owner=outsider,
            team=their_team,
        )
    assert set(refused.value.message_dict) == {"owner", "team"}
    with pytest.raises(ValidationError, match="is a team of Stockport"):
        services.create_recommendation(
            inspection=rec.inspection, text="More", user=manager, team=their_team
        )
    assert not Action.objects.exists()


def test_an_owner_who_has_left_does_not_stop_their_action_moving_on(
    rec, officer, manager
):
    """Only a new team or owner is checked: the rows a save keeps are not read."""
    action = ActionFactory(recommendation=rec, owner=officer, team=rec.team)
    Membership.objects.filter(user=officer).delete()

    services.set_action_status(
        action=action, status=ActionStatus.IN_PROGRESS, user=manager
    )

    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS


def test_team_choices_name_their_council_and_are_the_authoritys_own(
    admin_client, inspection, rec, their_team
):
    response = admin_client.get(change_url(inspection))
    (formset,) = [
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is Recommendation
    ]
    labels = [
        label for value, label in formset.forms[0].fields["team"].choices if value
    ]

    assert labels == [
        "Children in Care Service (Trafford Metropolitan Borough Council)"
    ]
    response = admin_client.get(change_url(rec))
    (actions,) = [
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is Action
    ]
    assert [str(team) for team in actions.form.base_fields["team"].queryset] == [
        rec.team.name
    ]


# Evidence keeps its file --------------------------------------------------------------


@pytest.fixture
def evidence(rec, manager):
    return services.add_evidence(
        recommendation=rec,
        user=manager,
        description="Board minutes",
        file=SimpleUploadedFile("minutes.pdf", b"%PDF-1.4\nminutes"),
    )


def a_picture():
    return SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\nnot the minutes")


def assert_kept(evidence):
    stored = evidence.file.name
    evidence.refresh_from_db()
    assert evidence.file.name == stored
    assert (evidence.original_filename, evidence.content_type) == ("minutes.pdf", "pdf")
    assert evidence.url == ""


def test_the_evidence_admin_keeps_an_existing_file_and_link(admin_client, evidence):
    data = as_posted(
        admin_client,
        evidence,
        file=a_picture(),
        url="https://example.org/other",
        description="Board minutes (March)",
    )

    assert admin_client.post(change_url(evidence), data).status_code == 302

    assert_kept(evidence)
    assert evidence.description == "Board minutes (March)"
    page = admin_client.get(change_url(evidence)).content.decode()
    assert "withdraw this evidence and add a new piece" in page


def test_the_recommendation_page_keeps_an_existing_evidence_file(
    admin_client, rec, evidence
):
    data = as_posted(admin_client, rec)
    data["evidence-0-file"] = a_picture()
    data["evidence-0-url"] = "https://example.org/other"

    assert admin_client.post(change_url(rec), data).status_code == 302

    assert_kept(evidence)


def test_new_evidence_still_takes_a_file_on_the_recommendation_page(
    admin_client, rec, evidence
):
    data = as_posted(admin_client, rec)
    data.update(
        {
            "evidence-TOTAL_FORMS": 2,
            "evidence-1-description": "Photo of the board",
            "evidence-1-file": a_picture(),
        }
    )

    assert admin_client.post(change_url(rec), data).status_code == 302

    added = rec.evidence.get(description="Photo of the board")
    assert (added.original_filename, added.content_type) == ("photo.png", "png")


# Without JavaScript ---------------------------------------------------------------


def test_a_whole_report_can_be_entered_without_javascript(
    client, authority, other_authority, team, their_team
):
    """A staff member's inspection page: the authority a plain select of their
    own, a blank judgement row and recommendation row, the team a plain select."""
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    user = UserFactory(username="trafford-staff", is_staff=True)
    MembershipFactory(user=user, authority=authority, role="manager")
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["add_inspection", "view_inspection", "add_judgement"]
            + ["add_recommendation", "view_team"]
        )
    )
    client.force_login(user)

    page = client.get(reverse("admin:inspections_inspection_add"))

    authority_field = page.context["adminform"].form.fields["authority"]
    assert not isinstance(authority_field.widget.widget, AutocompleteSelect)
    assert list(authority_field.queryset) == [authority]
    blank_rows = {
        inline.formset.model._meta.model_name: (
            len(inline.formset.forms),
            inline.formset.forms[0].fields.get("team"),
        )
        for inline in page.context["inline_admin_formsets"]
    }
    assert blank_rows["judgement"][0] == 1
    rows, team_field = blank_rows["recommendation"]
    assert rows == 1
    assert isinstance(team_field.widget.widget, forms.Select)
    assert not isinstance(team_field.widget.widget, AutocompleteSelect)
    assert [label for value, label in team_field.choices if value] == [
        "Children in Care Service (Trafford Metropolitan Borough Council)"
    ]


def test_a_team_in_use_or_not_stays_with_its_council(
    admin_client, inspection, team, other_authority
):
    """Moved, its recommendations would have another council's team."""
    RecommendationFactory(inspection=inspection, team=team)
    data = as_posted(admin_client, team, authority=other_authority.pk)
    admin_client.post(change_url(team), data)
    team.refresh_from_db()
    assert team.authority == inspection.authority


def test_a_recommendation_whose_actions_have_a_team_cannot_move_council(
    admin_client, inspection, team, other_authority, officer
):
    rec = RecommendationFactory(inspection=inspection, team=None)
    ActionFactory(recommendation=rec, owner=officer, team=team)
    theirs = InspectionFactory(authority=other_authority)
    response = admin_client.post(
        change_url(rec), as_posted(admin_client, rec, inspection=theirs.pk)
    )
    assert response.status_code == 200
    assert "Its actions have teams or people" in response.content.decode()
    rec.refresh_from_db()
    assert rec.inspection == inspection


def test_what_was_not_loaded_or_was_refreshed_is_not_taken_as_changed(
    inspection, team, officer, manager
):
    """A lead who has since left does not block a save that keeps them, however
    the row was read."""
    rec = RecommendationFactory(inspection=inspection, team=team, owner=officer)
    Membership.objects.filter(user=officer).delete()
    Recommendation.objects.only("id", "text", "inspection_id").get(
        pk=rec.pk
    ).full_clean()
    loaded = Recommendation.objects.get(pk=rec.pk)
    Recommendation.objects.filter(pk=rec.pk).update(owner=manager)
    loaded.refresh_from_db()
    assert not loaded.changed_since_read("owner_id")
    loaded.full_clean()
