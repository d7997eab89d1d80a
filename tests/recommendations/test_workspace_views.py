"""The officers' workspace pages: who may open them, and what they show."""

import datetime
import re

import pytest
from django.core.files.base import ContentFile
from django.template import RequestContext, Template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from inspections.choices import Role
from recommendations.choices import ActionStatus
from recommendations.forms import ActionStatusForm
from tests.factories import (
    ActionFactory,
    EvidenceFactory,
    MembershipFactory,
    NoteFactory,
    RecommendationFactory,
    TeamFactory,
    UserFactory,
)

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def rec(inspection, team):
    return RecommendationFactory(inspection=inspection, team=team)


@pytest.fixture
def action(rec, officer):
    return ActionFactory(recommendation=rec, owner=officer, team=rec.team)


@pytest.fixture
def evidence(rec, officer):
    return EvidenceFactory(
        recommendation=rec,
        added_by=officer,
        url="",
        file=ContentFile(PDF, name="minutes.pdf"),
        original_filename="Board minutes March.pdf",
        size=len(PDF),
        content_type="pdf",
    )


@pytest.fixture
def bystander(authority):
    """An officer of the same authority, in another team: may read, not change."""
    user = UserFactory(username="bystander")
    MembershipFactory(user=user, authority=authority, role=Role.OFFICER)
    TeamFactory(authority=authority, name="MARAS").members.add(user)
    return user


FORM_PAGES = [
    ("recommendations:action_add", "rec"),
    ("recommendations:action_edit", "action"),
    ("recommendations:action_status", "action"),
    ("recommendations:note_add", "rec"),
    ("recommendations:evidence_add", "rec"),
    ("recommendations:evidence_withdraw", "evidence"),
    ("recommendations:recommendation_mark_implemented", "rec"),
]
READ_PAGES = [
    ("recommendations:recommendation_detail", "rec"),
    ("recommendations:evidence_download", "evidence"),
]


def url_for(request, name, fixture):
    return reverse(name, args=[request.getfixturevalue(fixture).pk])


@pytest.mark.parametrize(("name", "fixture"), FORM_PAGES + READ_PAGES)
def test_anonymous_users_are_sent_to_sign_in(client, request, name, fixture):
    response = client.get(url_for(request, name, fixture))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", ["dashboard", "recommendations:my_actions"])
def test_anonymous_users_are_sent_to_sign_in_from_lists(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(("name", "fixture"), FORM_PAGES)
def test_form_pages_open_for_an_officer_of_the_owning_team(
    client, request, officer, name, fixture
):
    client.force_login(officer)
    assert client.get(url_for(request, name, fixture)).status_code == 200


@pytest.mark.parametrize(("name", "fixture"), FORM_PAGES)
def test_form_pages_open_for_a_manager_of_the_authority(
    client, request, manager, name, fixture
):
    client.force_login(manager)
    assert client.get(url_for(request, name, fixture)).status_code == 200


@pytest.mark.parametrize(("name", "fixture"), FORM_PAGES)
def test_form_pages_are_forbidden_to_an_officer_of_another_team(
    client, request, bystander, name, fixture
):
    client.force_login(bystander)
    assert client.get(url_for(request, name, fixture)).status_code == 403


@pytest.mark.parametrize(("name", "fixture"), FORM_PAGES)
def test_posting_is_forbidden_to_an_officer_of_another_team(
    client, request, bystander, name, fixture
):
    client.force_login(bystander)
    assert client.post(url_for(request, name, fixture), {}).status_code == 403


@pytest.mark.parametrize(("name", "fixture"), FORM_PAGES + READ_PAGES)
def test_another_authoritys_pages_and_files_are_not_found(
    client, request, outsider, name, fixture
):
    client.force_login(outsider)
    assert client.get(url_for(request, name, fixture)).status_code == 404
    assert client.post(url_for(request, name, fixture), {}).status_code in (404, 405)


@pytest.mark.parametrize(("name", "fixture"), READ_PAGES)
def test_any_member_of_the_authority_may_read(
    client, request, bystander, name, fixture
):
    client.force_login(bystander)
    assert client.get(url_for(request, name, fixture)).status_code == 200


def test_a_closed_recommendation_cannot_be_changed(client, officer, inspection, team):
    closed = RecommendationFactory(inspection=inspection, team=team, closed=True)
    client.force_login(officer)
    assert (
        client.get(reverse("recommendations:note_add", args=[closed.pk])).status_code
        == 403
    )
    page = client.get(closed.get_absolute_url())
    assert page.status_code == 200
    assert b"Add an action" not in page.content


# Home ---------------------------------------------------------------------------


def test_home_groups_the_officers_actions_and_team_recommendations(
    client, officer, inspection, team
):
    today = timezone.localdate()
    late = RecommendationFactory(
        inspection=inspection, team=team, overdue=True, text="Late recommendation."
    )
    RecommendationFactory(
        inspection=inspection, team=team, due_soon=True, text="Soon recommendation."
    )
    RecommendationFactory(
        inspection=inspection, team=team, no_deadline=True, text="Open-ended one."
    )
    ActionFactory(
        recommendation=late,
        owner=officer,
        description="Late action",
        target_date=today - datetime.timedelta(days=3),
    )
    ActionFactory(
        recommendation=late,
        owner=officer,
        description="Soon action",
        target_date=today + datetime.timedelta(days=5),
    )
    ActionFactory(recommendation=late, owner=officer, description="Finished", done=True)
    client.force_login(officer)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    actions = {
        g.key: [a.description for a in g.items]
        for g in response.context["action_groups"]
    }
    assert actions == {
        "overdue": ["Late action"],
        "due_soon": ["Soon action"],
        "later": [],
        "no_deadline": [],
    }
    recommendations = {
        g.key: [r.text for r in g.items]
        for g in response.context["recommendation_groups"]
    }
    assert recommendations["overdue"] == ["Late recommendation."]
    assert recommendations["due_soon"] == ["Soon recommendation."]
    assert recommendations["no_deadline"] == ["Open-ended one."]
    html = response.content.decode()
    assert "3 days late" in html and "5 days left" in html
    assert "Overdue (1)" in html


def test_home_leaves_out_other_teams_recommendations(
    client, officer, inspection, authority
):
    other_team = TeamFactory(authority=authority, name="Safeguarding Unit")
    RecommendationFactory(
        inspection=inspection, team=other_team, overdue=True, text="Not my team's."
    )
    client.force_login(officer)
    response = client.get(reverse("dashboard"))
    assert "Not my team&#x27;s." not in response.content.decode()


def test_home_query_count_does_not_grow_with_rows(
    client, officer, inspection, team, django_assert_max_num_queries
):
    for days in range(-15, 15):
        rec = RecommendationFactory(
            inspection=inspection,
            team=team,
            due_date=timezone.localdate() + datetime.timedelta(days=days),
        )
        ActionFactory(
            recommendation=rec,
            owner=officer,
            target_date=timezone.localdate() + datetime.timedelta(days=days),
        )
    client.force_login(officer)
    # One query per section (was one per deadline group: 16): the group is a CASE
    # annotation (with_deadline_group).
    with django_assert_max_num_queries(10):
        response = client.get(reverse("dashboard"))
    assert sum(g.count for g in response.context["action_groups"]) == 30
    assert sum(g.count for g in response.context["recommendation_groups"]) == 30


# My actions ---------------------------------------------------------------------


def test_my_actions_lists_only_the_users_actions(client, officer, rec, bystander):
    ActionFactory(recommendation=rec, owner=officer, description="Mine")
    ActionFactory(recommendation=rec, owner=bystander, description="Someone else's")
    client.force_login(officer)
    response = client.get(reverse("recommendations:my_actions"))
    html = response.content.decode()
    assert "Mine" in html and "Someone else" not in html
    # GOV.UK links: their colour and yellow focus state, not the browser's.
    assert re.search(r'<a class="govuk-link" href="[^"]+">Mine</a>', html)


def test_my_actions_filters_by_status_and_deadline(client, officer, rec):
    today = timezone.localdate()
    ActionFactory(
        recommendation=rec,
        owner=officer,
        description="Late one",
        target_date=today - datetime.timedelta(days=1),
    )
    ActionFactory(recommendation=rec, owner=officer, description="Finished", done=True)
    client.force_login(officer)
    url = reverse("recommendations:my_actions")
    overdue = client.get(url, {"deadline": "overdue"}).content.decode()
    assert "Late one" in overdue and "Finished" not in overdue
    done = client.get(url, {"status": ActionStatus.DONE}).content.decode()
    assert "Finished" in done and "Late one" not in done


def test_my_actions_sort_by_status_through_the_lifecycle(client, officer, rec):
    statuses = list(reversed(ActionStatus.values))  # created in the wrong order
    for status in statuses:
        done_on = timezone.localdate() if status == ActionStatus.DONE else None
        ActionFactory(
            recommendation=rec, owner=officer, status=status, completed_on=done_on
        )
    client.force_login(officer)
    url = reverse("recommendations:my_actions")
    for sort, expected in (("status", ActionStatus.values), ("-status", statuses)):
        table = client.get(url, {"sort": sort}).context["table"]
        assert [row.record.status for row in table.page.object_list] == expected


def test_my_actions_query_count_does_not_grow_with_rows(
    client, officer, rec, django_assert_max_num_queries
):
    ActionFactory.create_batch(30, recommendation=rec, owner=officer)
    client.force_login(officer)
    # One more than before the audit log: its navigation link needs the roles
    # (recommendations.context_processors.audit_log), which this page never loads.
    with django_assert_max_num_queries(9 + 1):
        response = client.get(reverse("recommendations:my_actions"))
    assert response.content.decode().count('class="govuk-table__row') == 31


# The recommendation page ------------------------------------------------------


def test_recommendation_page_shows_its_facts(client, officer, rec, action):
    client.force_login(officer)
    html = client.get(rec.get_absolute_url()).content.decode()
    assert rec.text in html
    assert rec.inspection.get_absolute_url() in html
    assert "Children in Care Service" in html
    assert action.description in html
    assert "0 of 1 actions done" in html


def _same_markup(html: str) -> str:
    """HTML as a browser reads it: runs of whitespace and space beside tags dropped."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    html = re.sub(r"\s+", " ", html)
    return re.sub(r"\s*(/?>)\s*|\s*(<)", r"\1\2", html).strip()


@pytest.mark.parametrize("status", ActionStatus.values)
def test_status_form_template_matches_crispy(rf, action, status):
    """partials/action_status_form.html stands in for {% crispy %} on every action
    of the page; it must give the same form, field for field."""
    action.status = status
    action.version = 7
    form = ActionStatusForm(action=action, action_url="/status/url/")
    request = rf.get("/")
    crispy = Template("{% load crispy_forms_tags %}{% crispy form %}").render(
        RequestContext(request, {"form": form})
    )
    ours = render_to_string(
        "recommendations/partials/action_status_form.html", {"form": form}, request
    )
    assert 'value="7"' in ours and f'value="{status}"' not in ours
    assert _same_markup(ours) == _same_markup(crispy)


def test_recommendation_page_query_count_does_not_grow_with_its_story(
    client, officer, rec, django_assert_max_num_queries
):
    actions = ActionFactory.create_batch(25, recommendation=rec, owner=officer)
    NoteFactory.create_batch(25, recommendation=rec, author=officer)
    for action in actions[:5]:
        EvidenceFactory(recommendation=rec, action=action, added_by=officer)
    client.force_login(officer)
    # Was 20: the timeline now reuses the page's due-date revisions, and the
    # lineage does not fetch again a recommendation that is alone in its chain.
    with django_assert_max_num_queries(18):
        response = client.get(rec.get_absolute_url())
    assert len(response.context["actions"]) == 25
    assert len(response.context["timeline"]) >= 56


def test_recommendation_page_offers_managers_the_due_date_revision_place(
    client, manager, officer, rec
):
    client.force_login(manager)
    assert client.get(rec.get_absolute_url()).context["can_revise_due_date"]
    client.force_login(officer)
    assert not client.get(rec.get_absolute_url()).context["can_revise_due_date"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"deadline": "xx"}, "Select a target date from the list"),
        ({"status": "foo"}, "Select a status from the list"),
    ],
)
def test_a_bad_my_actions_filter_is_in_the_error_summary(
    client, officer, query, message
):
    client.force_login(officer)
    html = client.get(reverse("recommendations:my_actions"), query).content.decode()
    summary = html[html.index('class="govuk-error-summary"') :][:1500]
    assert message in summary
    assert "Select a valid choice" not in html


def test_my_actions_says_when_nothing_matches(client, officer, rec):
    ActionFactory(recommendation=rec, owner=officer, description="Mine")
    client.force_login(officer)
    html = client.get(reverse("recommendations:my_actions"), {"q": "zzz"}).content
    assert b"No actions match these filters." in html
