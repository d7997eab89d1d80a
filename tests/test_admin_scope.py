"""Staff who are not superusers administer only their own authorities: what the
admin lists, offers in a field, accepts from a form, shows in a history page and
lets them grant. Each test is a member of Trafford's staff reaching for Stockport.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.authtoken.models import Token

from inspections.choices import Role
from recommendations import services
from recommendations.models import Action, Evidence, Note
from tests.factories import (
    ActionFactory,
    AuthorityFactory,
    MembershipFactory,
    NoteFactory,
    RecommendationFactory,
    TeamFactory,
    UserFactory,
)


@pytest.fixture
def staff_client(client, authority):
    """Log in a staff member of Trafford holding the permissions asked for."""

    def login(*codenames):
        user = UserFactory(username="trafford-staff", is_staff=True)
        MembershipFactory(user=user, authority=authority, role=Role.MANAGER)
        user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
        client.force_login(user)
        return client

    return login


@pytest.fixture
def mine(inspection):
    return RecommendationFactory(inspection=inspection)


@pytest.fixture
def theirs(other_authority):
    return RecommendationFactory(inspection__authority=other_authority)


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def test_a_note_cannot_be_moved_into_another_authority(staff_client, mine, theirs):
    note = NoteFactory(recommendation=mine, body="ours")
    client = staff_client("view_note", "change_note")
    response = client.post(
        change_url(note), {"recommendation": theirs.pk, "body": "planted"}
    )
    assert response.status_code == 200  # the form again, with its error
    assert "recommendation" in response.context["adminform"].form.errors
    note.refresh_from_db()
    assert (note.recommendation_id, note.body) == (mine.pk, "ours")


@pytest.mark.parametrize(
    "model, data",
    [
        (Note, {"body": "planted"}),
        (Action, {"description": "planted", "owner": "", "team": ""}),
    ],
)
def test_nothing_can_be_added_to_another_authoritys_recommendation(
    staff_client, theirs, model, data
):
    name = model._meta.model_name
    client = staff_client(f"add_{name}", f"view_{name}")
    response = client.post(
        reverse(f"admin:recommendations_{name}_add"),
        {"recommendation": theirs.pk, **data},
    )
    assert response.status_code == 200
    assert not model.objects.filter(recommendation=theirs).exists()


def inspection_form(inspection, **changes) -> dict:
    """The admin's inspection page as posted, with no judgements or recommendations."""
    return {
        "authority": inspection.authority_id,
        "kind": inspection.kind,
        "inspectorate": "Ofsted",
        "title": inspection.title,
        "published_on": inspection.published_on,
        "judgements-TOTAL_FORMS": "0",
        "judgements-INITIAL_FORMS": "0",
        "recommendations-TOTAL_FORMS": "0",
        "recommendations-INITIAL_FORMS": "0",
        **changes,
    }


def test_an_inspection_cannot_be_given_to_another_authority(
    staff_client, inspection, other_authority
):
    client = staff_client("view_inspection", "change_inspection")
    data = inspection_form(inspection, authority=other_authority.pk)
    response = client.post(change_url(inspection), data)
    assert "authority" in response.context["adminform"].form.errors
    inspection.refresh_from_db()
    assert inspection.authority_id != other_authority.pk


def test_the_owner_search_offers_only_their_own_authoritys_people(
    staff_client, outsider, officer
):
    client = staff_client("view_action", "view_user")  # the search needs both
    params = {"app_label": "recommendations", "model_name": "action"}
    response = client.get(
        reverse("admin:autocomplete"), {**params, "field_name": "owner", "term": ""}
    )
    offered = {result["id"] for result in response.json()["results"]}
    assert str(officer.pk) in offered and str(outsider.pk) not in offered


def test_evidence_is_for_one_of_its_own_recommendations_actions(
    staff_client, mine, theirs
):
    own = ActionFactory(recommendation=mine, description="Our action plan")
    ActionFactory(recommendation=RecommendationFactory(inspection=mine.inspection))
    ActionFactory(recommendation=theirs, description="Stockport's action plan")
    client = staff_client(
        "view_recommendation", "change_recommendation", "add_evidence", "view_evidence"
    )
    response = client.get(change_url(mine))
    evidence = next(
        formset
        for formset in response.context["inline_admin_formsets"]
        if formset.formset.model is Evidence
    )
    offered = evidence.formset.form.base_fields["action"].queryset
    assert list(offered) == [own]
    assert "Stockport&#x27;s action plan" not in response.content.decode()


def test_evidence_refuses_another_recommendations_action(mine):
    other = ActionFactory(
        recommendation=RecommendationFactory(inspection=mine.inspection)
    )
    evidence = Evidence(recommendation=mine, action=other, url="https://example.org")
    with pytest.raises(ValidationError, match="this recommendation.s actions"):
        evidence.clean()


@pytest.mark.parametrize("page", ["history", "version"])
def test_history_pages_of_another_authoritys_rows_are_not_found(
    staff_client, superuser, mine, theirs, page
):
    client = staff_client("view_note", "change_note")
    for recommendation, status in ((theirs, 404), (mine, 200)):
        services.add_note(recommendation=recommendation, body="Kept", user=superuser)
        note = recommendation.notes.get()
        url = change_url(note).replace("/change/", "/history/")
        if page == "version":
            url += f"{note.history.latest().history_id}/"
        assert client.get(url).status_code == status, recommendation


def test_a_past_version_cannot_be_restored(staff_client, superuser, mine):
    """A revert would write the status and due dates past services.py's rules."""
    services.add_note(recommendation=mine, body="First", user=superuser)
    note = mine.notes.get()
    first = note.history.latest().history_id
    Note.objects.filter(pk=note.pk).update(body="Second")
    client = staff_client("view_note", "change_note")
    url = change_url(note).replace("/change/", f"/history/{first}/")
    assert client.get(url).status_code == 200  # still readable
    response = client.post(url, {"recommendation": mine.pk, "body": "First"})
    assert response.status_code == 405
    note.refresh_from_db()
    assert note.body == "Second"


def test_only_superusers_see_api_keys(staff_client, outsider, superuser, client):
    Token.objects.create(user=outsider)
    url = reverse("admin:authtoken_tokenproxy_changelist")
    assert staff_client("view_tokenproxy").get(url).status_code == 403
    client.force_login(superuser)
    assert client.get(url).status_code == 200


def test_a_report_uploaded_in_the_admin_is_checked(staff_client, inspection):
    client = staff_client("view_inspection", "change_inspection")
    upload = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a PDF")  # a program
    data = inspection_form(inspection, report_file=upload)
    response = client.post(change_url(inspection), data)
    assert "report_file" in response.context["adminform"].form.errors
    inspection.refresh_from_db()
    assert not inspection.report_file


def test_the_user_admin_shows_their_people_and_grants_nothing(
    staff_client, officer, outsider, superuser
):
    newcomer = UserFactory(username="newcomer")  # in no authority yet
    client = staff_client("view_user", "change_user")
    response = client.get(reverse("admin:auth_user_changelist"))
    shown = {user.username for user in response.context["cl"].result_list}
    assert {officer.username, newcomer.username} <= shown
    assert not {outsider.username, superuser.username} & shown
    assert client.get(change_url(outsider)).status_code == 302  # "doesn't exist"
    form = client.get(change_url(officer)).context["adminform"].form
    assert not {"is_staff", "is_superuser", "groups", "user_permissions"} & set(
        form.fields
    )


def test_a_person_who_also_works_elsewhere_is_not_theirs_to_change(
    staff_client, officer, other_authority
):
    """Their password, name or roles: the other authority's person too."""
    elsewhere = MembershipFactory(user=officer, authority=other_authority)
    client = staff_client("view_user", "change_user", "delete_membership")
    page = client.get(change_url(officer))
    assert page.status_code == 200  # still visible, read only
    assert not page.context["has_change_permission"]
    assert client.post(change_url(officer), {"username": "renamed"}).status_code == 403
    password = change_url(officer).replace("/change/", "/password/")
    assert client.get(password).status_code == 403
    roles = page.context["inline_admin_formsets"][0].formset.queryset
    assert elsewhere not in roles  # nor shown among their roles here
    officer.refresh_from_db()
    assert officer.username != "renamed"


def test_a_new_account_can_join_from_the_authority_page(staff_client, authority):
    newcomer = UserFactory(username="newcomer")  # in no authority yet
    client = staff_client("view_authority", "change_authority", "add_membership")
    page = client.get(change_url(authority))
    members = page.context["inline_admin_formsets"][0].formset.form.base_fields
    assert newcomer in members["user"].queryset


@pytest.mark.parametrize("superuser_too", [False, True])
def test_history_addresses_that_cannot_be_a_record_are_not_found(
    staff_client, client, superuser, mine, superuser_too
):
    services.add_note(recommendation=mine, body="Kept", user=superuser)
    note = mine.notes.get()
    if superuser_too:
        client.force_login(superuser)
    else:
        client = staff_client("view_note")
    history = change_url(note).replace("/change/", "/history/")
    assert client.get(history + "abc/").status_code == 404  # a version
    assert client.get(history.replace(f"/{note.pk}/", "/abc/")).status_code == 404


@pytest.mark.parametrize(
    "model_name",
    ["inspections_inspection", "recommendations_recommendation"]
    + ["recommendations_team", "recommendations_action"],
)
def test_the_by_authority_filter_offers_only_their_own_authorities(
    staff_client, mine, theirs, team, other_authority, model_name
):
    TeamFactory(authority=other_authority)
    ActionFactory(recommendation=mine)
    ActionFactory(recommendation=theirs)
    client = staff_client(f"view_{model_name.split('_')[1]}")
    also = AuthorityFactory(name="Salford City Council")  # a second of their own
    staff = get_user_model().objects.get(username="trafford-staff")
    MembershipFactory(user=staff, authority=also)
    response = client.get(reverse(f"admin:{model_name}_changelist"))
    (authorities,) = [
        spec
        for spec in response.context["cl"].filter_specs
        if "authority" in spec.title
    ]
    offered = [label for _pk, label in authorities.lookup_choices]
    assert offered == ["Salford City Council", mine.inspection.authority.name]
    assert "Stockport" not in response.content.decode()
