import datetime
import re

import icalendar
import pytest
from django.db import connection
from django.urls import reverse

from recommendations import services
from recommendations.models import CalendarFeed, ReminderPreference
from tests.factories import (
    ActionFactory,
    InspectionFactory,
    RecommendationFactory,
    TeamFactory,
    UserFactory,
)
from tests.threads import in_threads


def feed_url_for(user) -> str:
    token = services.create_calendar_feed(user=user)
    return reverse("calendar_feed", args=[token])


def events(response) -> dict[str, datetime.date]:
    calendar = icalendar.Calendar.from_ical(response.content)
    return {
        str(event["uid"]): event.decoded("dtstart") for event in calendar.walk("VEVENT")
    }


# Calendar feed ------------------------------------------------------------------


def test_calendar_feed_lists_exactly_the_users_open_items(
    client, officer, team, inspection, other_authority
):
    mine = ActionFactory(recommendation__inspection=inspection, owner=officer)
    team_rec = RecommendationFactory(inspection=inspection, team=team, due_soon=True)
    overdue_rec = RecommendationFactory(inspection=inspection, team=team, overdue=True)
    # One the officer leads for another team (with several members: listed once).
    busy_team = TeamFactory(authority=inspection.authority)
    busy_team.members.add(*UserFactory.create_batch(3))
    led = RecommendationFactory(
        inspection=inspection, team=busy_team, owner=officer, due_soon=True
    )
    # Not the officer's: done, someone else's, another team's, closed, no deadline,
    # no target date, another authority's.
    ActionFactory(recommendation__inspection=inspection, owner=officer, done=True)
    ActionFactory(
        recommendation__inspection=inspection, target_date=None, owner=officer
    )
    ActionFactory(recommendation__inspection=inspection)
    other_team = TeamFactory(authority=inspection.authority)
    RecommendationFactory(inspection=inspection, team=other_team)
    RecommendationFactory(inspection=inspection, team=team, closed=True)
    RecommendationFactory(inspection=inspection, team=team, implemented=True)
    RecommendationFactory(inspection=inspection, team=team, no_deadline=True)
    ActionFactory(
        recommendation__inspection=InspectionFactory(authority=other_authority),
        owner=officer,
    )

    response = client.get(feed_url_for(officer))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert events(response) == {
        f"action-{mine.pk}@improvement-tracker": mine.target_date,
        f"recommendation-{team_rec.pk}@improvement-tracker": team_rec.due_date,
        f"recommendation-{overdue_rec.pk}@improvement-tracker": overdue_rec.due_date,
        f"recommendation-{led.pk}@improvement-tracker": led.due_date,
    }
    uids = [
        str(event["uid"])
        for event in icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    ]
    assert len(uids) == len(set(uids))


def test_calendar_feed_needs_no_session_and_records_its_use(client, officer):
    url = feed_url_for(officer)
    assert client.get(url).status_code == 200
    assert CalendarFeed.objects.get(user=officer).last_used_at is not None


def test_revoked_replaced_or_wrong_tokens_get_404(client, officer):
    first = feed_url_for(officer)
    second = feed_url_for(officer)  # replaces the first
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
    services.revoke_calendar_feed(user=officer)
    assert client.get(second).status_code == 404
    assert client.get(reverse("calendar_feed", args=["not-a-token"])).status_code == 404


def test_a_deactivated_users_feed_gets_404(client, officer):
    url = feed_url_for(officer)
    officer.is_active = False
    officer.save()
    assert client.get(url).status_code == 404


def test_only_a_hash_of_the_token_is_stored(officer):
    token = services.create_calendar_feed(user=officer)
    stored = CalendarFeed.objects.get(user=officer).token_hash
    assert token not in stored
    assert stored == CalendarFeed.hash_token(token)


# Profile page -------------------------------------------------------------------


def test_profile_page_needs_sign_in(client, db):
    response = client.get(reverse("profile"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_profile_page_renders_for_any_signed_in_user(client, officer):
    client.force_login(officer)
    response = client.get(reverse("profile"))
    assert response.status_code == 200
    assert b"Reminder emails" in response.content
    assert b"Reminder emails for your authorities" not in response.content


def test_a_person_switches_their_reminders_off(client, officer):
    client.force_login(officer)
    response = client.post(reverse("profile"), {"digests_enabled": "False"})
    assert response.status_code == 302
    assert ReminderPreference.objects.get(user=officer).digests_enabled is False
    page = client.get(reverse("profile"))
    assert page.context["form"].initial == {"digests_enabled": False}


def test_a_missing_answer_shows_the_error_summary(client, officer):
    client.force_login(officer)
    response = client.post(reverse("profile"), {})
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content
    assert b">Select yes if you want reminder emails</a>" in response.content


def test_creating_a_calendar_address_shows_it_once(client, officer):
    client.force_login(officer)
    services.set_reminder_preference(user=officer, digests_enabled=False)
    response = client.post(reverse("calendar_feed_create"), follow=True)
    # Shown after a redirect (a reload cannot make another), with no error from
    # the reminder form beside it, which keeps its saved choice.
    assert response.redirect_chain == [(reverse("profile"), 302)]
    assert b"govuk-error-summary" not in response.content
    assert re.search(rb'value="False"[^>]*checked', response.content)
    url = response.context["new_feed_url"]
    # At the address the person reached the site by, whatever SITE_URL says.
    assert url.startswith("http://testserver/") and url.endswith(".ics")
    assert client.get(url).status_code == 200
    again = client.get(reverse("profile"))
    assert url.encode() not in again.content
    assert b"You have a calendar address" in again.content


def test_revoking_from_the_profile_stops_the_address(client, officer):
    url = feed_url_for(officer)
    client.force_login(officer)
    assert client.post(reverse("calendar_feed_revoke")).status_code == 302
    client.logout()
    assert client.get(url).status_code == 404


def test_calendar_actions_refuse_get(client, officer):
    client.force_login(officer)
    assert client.get(reverse("calendar_feed_create")).status_code == 405
    assert client.get(reverse("calendar_feed_revoke")).status_code == 405


def test_a_manager_switches_their_authority_off(client, manager, authority):
    client.force_login(manager)
    assert (
        b"Reminder emails for your authorities"
        in client.get(reverse("profile")).content
    )
    url = reverse("authority_reminders", args=[authority.pk])
    assert client.post(url, {"enabled": "false"}).status_code == 302
    authority.refresh_from_db()
    assert authority.reminders_enabled is False
    history = authority.history.order_by("-history_id").first()
    assert history.history_user == manager


def test_an_officer_cannot_switch_their_authority(client, officer, authority):
    client.force_login(officer)
    url = reverse("authority_reminders", args=[authority.pk])
    assert client.post(url, {"enabled": "false"}).status_code == 403
    authority.refresh_from_db()
    assert authority.reminders_enabled is True


def test_another_authoritys_switch_is_404(client, manager, other_authority):
    client.force_login(manager)
    url = reverse("authority_reminders", args=[other_authority.pk])
    assert client.post(url, {"enabled": "false"}).status_code == 404


def test_authority_switch_needs_sign_in(client, authority):
    url = reverse("authority_reminders", args=[authority.pk])
    response = client.post(url, {"enabled": "false"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_profile_offers_the_authority_switch_only_where_the_user_is_manager(
    client, officer, manager, authority
):
    client.force_login(officer)
    response = client.get(reverse("profile"))
    assert list(response.context["managed_authorities"]) == []
    client.force_login(manager)
    response = client.get(reverse("profile"))
    assert list(response.context["managed_authorities"]) == [authority]


def test_making_and_revoking_a_calendar_address_is_in_the_audit_trail(officer):
    services.create_calendar_feed(user=officer)
    services.revoke_calendar_feed(user=officer)
    reasons = [
        (row.history_change_reason, row.history_user)
        for row in CalendarFeed.history.order_by("history_id")
    ]
    assert reasons == [
        ("Calendar address created", officer),
        ("Calendar address revoked", officer),
    ]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL row locks"
)
@pytest.mark.django_db(transaction=True)
def test_two_new_calendar_addresses_at_once_leave_exactly_one_working():
    """A double click on "Create a calendar address": both answer, one works."""
    user = UserFactory()

    def work(index):
        return services.create_calendar_feed(user=type(user).objects.get(pk=user.pk))

    outcomes = in_threads(work)

    assert all(isinstance(outcome, str) for outcome in outcomes), outcomes
    assert CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).count() == 1
