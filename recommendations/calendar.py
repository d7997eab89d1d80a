"""A person's private calendar feed (iCalendar) of their open items' dates.

It lists the target dates of the open actions they own and the due dates of the
live recommendations they lead or their teams own (followed_by), within the
authorities they belong to. Outlook and
Google Calendar subscribe to it by URL; the URL's token is the only credential.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from icalendar import Calendar, Event

from recommendations.models import Action, Recommendation
from recommendations.reminders import absolute_url

PRODID = "-//Improvement Tracker//Calendar feed//EN"


def user_actions(user):
    return (
        Action.objects.visible_to(user)
        .open()
        .filter(
            owner=user,
            target_date__isnull=False,
            recommendation__in=Recommendation.objects.open(),
        )
        .select_related("recommendation__inspection__authority")
    )


def user_recommendations(user):
    return (
        Recommendation.objects.visible_to(user)
        .open()
        .followed_by(user)
        .filter(due_date__isnull=False)
        .select_related("inspection__authority")
    )


def _event(*, uid: str, day: datetime.date, summary: str, description: str, url: str):
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", day)
    event.add("dtend", day + datetime.timedelta(days=1))
    event.add("summary", summary)
    event.add("description", f"{description}\n\n{url}")
    event.add("url", url)
    # A deadline is not a meeting: it must not show the person as busy.
    event.add("transp", "TRANSPARENT")
    return event


def feed_for(user) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Improvement Tracker")
    calendar.add("x-published-ttl", "PT1H")
    for action in user_actions(user):
        recommendation = action.recommendation
        calendar.add_component(
            _event(
                uid=f"action-{action.pk}@improvement-tracker",
                day=action.target_date,
                summary=f"Action due: {action}",
                description=(
                    f"{action.description}\n\nFor recommendation {recommendation} "
                    f"({recommendation.inspection.authority})."
                ),
                url=absolute_url(action.get_absolute_url()),
            )
        )
    for recommendation in user_recommendations(user):
        calendar.add_component(
            _event(
                uid=f"recommendation-{recommendation.pk}@improvement-tracker",
                day=recommendation.due_date,
                summary=f"Recommendation due: {recommendation}",
                description=(
                    f"{recommendation.text}\n\n{recommendation.inspection.authority}."
                ),
                url=absolute_url(recommendation.get_absolute_url()),
            )
        )
    return calendar.to_ical()
