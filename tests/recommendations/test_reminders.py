import datetime
import logging
from collections import Counter

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from inspections.choices import Role
from recommendations import services
from recommendations.choices import DigestKind, ReminderStage
from recommendations.models import ReminderDigest, SentReminder
from tests.factories import (
    ActionFactory,
    InspectionFactory,
    MembershipFactory,
    RecommendationFactory,
    UserFactory,
)

START = datetime.date(2026, 3, 2)  # a Monday: REMINDER_MANAGER_WEEKDAY is 0


def day(offset: int) -> datetime.date:
    return START + datetime.timedelta(days=offset)


def run(offset: int, *extra: str) -> None:
    call_command("send_reminders", f"--today={day(offset).isoformat()}", *extra)


def sent_to(user) -> list[mail.EmailMessage]:
    return [message for message in mail.outbox if message.to == [user.email]]


@pytest.fixture
def month(authority, team, officer, manager, other_authority):
    """One authority's items at every stage, plus people and items never reminded."""
    inspection = InspectionFactory(authority=authority)
    background = RecommendationFactory(
        inspection=inspection, team=None, original_due_date=day(200)
    )
    action = ActionFactory(recommendation=background, owner=officer, target_date=day(5))
    recommendation = RecommendationFactory(
        inspection=inspection, team=team, original_due_date=day(20)
    )
    # Never reminded: closed, implemented, no deadline.
    RecommendationFactory(
        inspection=inspection, team=team, original_due_date=day(3), closed=True
    )
    RecommendationFactory(
        inspection=inspection,
        team=team,
        original_due_date=day(3),
        implemented=True,
    )
    RecommendationFactory(inspection=inspection, team=team, no_deadline=True)
    # A team member who switched reminders off.
    quiet = UserFactory(username="quiet")
    MembershipFactory(user=quiet, authority=authority, role=Role.OFFICER)
    team.members.add(quiet)
    services.set_reminder_preference(user=quiet, digests_enabled=False)
    # An authority that switched reminders off, with an overdue action and a manager.
    other_authority.reminders_enabled = False
    other_authority.save()
    elsewhere = UserFactory(username="elsewhere")
    MembershipFactory(user=elsewhere, authority=other_authority, role=Role.MANAGER)
    ActionFactory(
        recommendation=RecommendationFactory(
            inspection=InspectionFactory(authority=other_authority),
            original_due_date=day(1),
        ),
        owner=elsewhere,
        target_date=day(1),
    )
    return {"action": action, "recommendation": recommendation, "quiet": quiet}


def test_a_simulated_month_sends_each_reminder_once_with_backoff(
    month, officer, manager
):
    for offset in range(40):
        run(offset)

    log = {
        (
            "action" if row.action_id else "recommendation",
            row.stage,
            row.sequence,
            (row.sent_on - START).days,
        )
        for row in SentReminder.objects.filter(user=officer)
    }
    assert log == {
        ("action", ReminderStage.DUE_SOON, 1, 0),
        # Target date day 5: overdue from day 6, then gaps of 1, 2, 4, 8, 16 days,
        # and no more after REMINDER_MAX_OVERDUE (6).
        *{
            ("action", ReminderStage.OVERDUE, n, offset)
            for n, offset in enumerate([6, 7, 9, 13, 21, 37], start=1)
        },
        # Due day 20: due soon 14 days before, then overdue from day 21.
        ("recommendation", ReminderStage.DUE_SOON, 1, 6),
        *{
            ("recommendation", ReminderStage.OVERDUE, n, offset)
            for n, offset in enumerate([21, 22, 24, 28, 36], start=1)
        },
    }
    assert SentReminder.objects.count() == len(log)  # nobody else heard anything
    officer_days = sorted(
        (d.sent_on - START).days for d in ReminderDigest.objects.filter(user=officer)
    )
    assert officer_days == [0, 6, 7, 9, 13, 21, 22, 24, 28, 36, 37]
    assert len(sent_to(officer)) == 11
    # Managers: Mondays only, and only once something is overdue (from day 6).
    manager_days = sorted(
        (d.sent_on - START).days for d in ReminderDigest.objects.filter(user=manager)
    )
    assert manager_days == [7, 14, 21, 28, 35]
    assert all(
        d.kind == DigestKind.MANAGER_WEEKLY
        for d in ReminderDigest.objects.filter(user=manager)
    )
    recipients = Counter(address for m in mail.outbox for address in m.to)
    assert set(recipients) == {officer.email, manager.email}
    assert recipients[manager.email] == 5


def test_running_again_the_same_day_sends_nothing_twice(month, officer, manager):
    run(7)
    first = len(mail.outbox)
    run(7)
    assert first == 2  # the officer's digest and the manager's weekly summary
    assert len(mail.outbox) == first
    assert ReminderDigest.objects.count() == 2


def test_overdue_reminders_stop_after_the_configured_number(month, officer, settings):
    settings.REMINDER_MAX_OVERDUE = 2
    for offset in range(6, 20):
        run(offset)
    sequences = SentReminder.objects.filter(
        user=officer, action=month["action"], stage=ReminderStage.OVERDUE
    ).values_list("sequence", "sent_on")
    assert sorted(sequences) == [(1, day(6)), (2, day(7))]


def test_missed_runs_do_not_cause_a_burst_of_overdue_reminders(month, officer):
    for offset in [21, 22, 23, 24, 25]:
        run(offset)
    sent = SentReminder.objects.filter(
        user=officer, action=month["action"], stage=ReminderStage.OVERDUE
    ).values_list("sequence", "sent_on")
    assert sorted(sent) == [(1, day(21)), (2, day(22)), (3, day(24))]


def test_a_revised_due_date_starts_a_fresh_cycle(month, officer, manager):
    recommendation = month["recommendation"]
    run(6)
    services.revise_due_date(
        recommendation=recommendation,
        due_date=day(18),
        reason="Board asked for it sooner",
        user=manager,
    )
    run(7)
    due_soon = SentReminder.objects.filter(
        recommendation=recommendation, stage=ReminderStage.DUE_SOON
    ).values_list("due_date", flat=True)
    assert sorted(due_soon) == [day(18), day(20)]


def test_digest_has_plain_text_and_html_bodies_with_links(month, officer, settings):
    settings.SITE_URL = "https://tracker.example.gov.uk"
    run(6)
    [message] = sent_to(officer)
    action_url = "https://tracker.example.gov.uk" + month["action"].get_absolute_url()
    assert "1 overdue, 1 due soon" in message.subject
    assert action_url in message.body
    assert "/profile/" in message.body
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert f'href="{action_url}"' in html.replace("&amp;", "&")


def test_manager_summary_groups_overdue_items_by_team(month, manager, team):
    run(21)
    [message] = sent_to(manager)
    assert "weekly summary, 2 overdue" in message.subject
    assert f"{team.name} (1)" in message.body
    assert "No team (1)" in message.body


def test_switching_a_person_or_an_authority_off_stops_their_emails(
    month, officer, authority
):
    services.set_reminder_preference(user=officer, digests_enabled=False)
    run(6)
    assert sent_to(officer) == []
    services.set_reminder_preference(user=officer, digests_enabled=True)
    authority.reminders_enabled = False
    authority.save()
    run(7)
    assert mail.outbox == []


def test_dry_run_sends_and_records_nothing(month, officer, capsys):
    run(6, "--dry-run")
    assert mail.outbox == []
    assert not ReminderDigest.objects.exists()
    assert "Would send Daily reminder to an owner to an-officer: 2 item(s)" in (
        capsys.readouterr().out
    )


def test_a_refused_address_is_logged_and_does_not_stop_the_others(
    month, officer, team, authority, settings, caplog
):
    settings.EMAIL_BACKEND = "tests.email_backends.RefusingBackend"
    broken = UserFactory(username="broken", email="broken@example.org")
    MembershipFactory(user=broken, authority=authority, role=Role.OFFICER)
    team.members.add(broken)
    after = UserFactory(username="zed")
    MembershipFactory(user=after, authority=authority, role=Role.OFFICER)
    team.members.add(after)

    with (
        caplog.at_level(logging.ERROR, logger="recommendations.reminders"),
        pytest.raises(CommandError, match="broken"),
    ):
        run(6)

    assert len(sent_to(officer)) == 1
    assert len(sent_to(after)) == 1
    assert not ReminderDigest.objects.filter(user=broken).exists()
    assert not SentReminder.objects.filter(user=broken).exists()
    assert f"user {broken.pk} failed" in caplog.text
    # Once the address works, the missed reminder goes out on the next run.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run(7)
    assert len(sent_to(broken)) == 1


def test_people_who_left_the_authority_hear_nothing_about_it(month, officer):
    officer.memberships.all().delete()
    run(6)
    assert sent_to(officer) == []


def test_a_recommendations_lead_hears_about_it_outside_its_team_once_within_it(
    authority, team, officer
):
    """The lead officer is told even when in another team or with no team set,
    and once, not twice, when also a member of the owning team."""
    inspection = InspectionFactory(authority=authority)
    lead = UserFactory(username="lead")
    MembershipFactory(user=lead, authority=authority, role=Role.OFFICER)
    RecommendationFactory(
        inspection=inspection, team=None, owner=lead, original_due_date=day(5)
    )
    RecommendationFactory(
        inspection=inspection, team=team, owner=officer, original_due_date=day(6)
    )  # the officer is in the team and its lead

    run(0)

    (to_lead,) = sent_to(lead)
    assert "Improve" in to_lead.body
    (to_officer,) = sent_to(officer)
    assert SentReminder.objects.filter(user=officer).count() == 1
