"""What people type is shown as text everywhere: pages, admin, exports, emails,
the API and the calendar feed."""

import datetime
import json

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from recommendations.exports import neutralise_cell
from tests.routes import project_routes
from tests.scenarios import HOSTILE, build_scenario

ROUTES = [route for route in project_routes() if not route.problem]


@pytest.fixture
def scenario(db):
    return build_scenario()


def assert_escaped(content: str, where: str):
    for value in HOSTILE.values():
        assert value not in content, f"{where} shows {value!r} as markup"


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.name)
def test_pages_show_hostile_text_as_text(client, route, scenario):
    client.force_login(scenario.manager)
    url = route.url(scenario.objects, scenario.manager, client)
    response = client.get(url)
    assert response.status_code < 500
    if response.streaming:
        return  # a download, served as an attachment (tests/test_uploads.py)
    content_type = response.get("Content-Type", "")
    if content_type.startswith("text/html"):
        assert_escaped(response.content.decode(), url)
    else:
        # Data (JSON, iCalendar) carries the text as it was typed, for the client to
        # show as text; a browser must not sniff it into HTML.
        assert content_type.startswith(("application/", "text/calendar")), url
        assert response["X-Content-Type-Options"] == "nosniff"
        if "json" in content_type:
            json.loads(response.content)


def test_the_recommendation_page_shows_the_escaped_text(client, scenario):
    from recommendations.models import Recommendation

    client.force_login(scenario.manager)
    recommendation = scenario.objects[Recommendation]
    content = client.get(recommendation.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(&#x27;recommendation&#x27;)&lt;/script&gt;" in content


ADMIN_MODELS = [
    model
    for model in admin.site._registry
    if model._meta.app_label in ("inspections", "recommendations")
]


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda model: model._meta.label)
def test_admin_pages_show_hostile_text_as_text(client, scenario, model):
    superuser = get_user_model().objects.create_superuser("root", "root@example.org")
    client.force_login(superuser)
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert_escaped(client.get(changelist).content.decode(), changelist)
    obj = scenario.objects.get(model)
    if obj is not None:
        for view in ("change", "history"):
            url = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk]
            )
            response = client.get(url)
            assert response.status_code == 200
            assert_escaped(response.content.decode(), url)


def test_stored_file_names_are_generated_not_taken_from_the_upload(scenario):
    from recommendations.models import Evidence

    evidence = scenario.objects[Evidence]
    assert evidence.original_filename == HOSTILE["filename"]
    assert evidence.file.name.startswith("evidence/")
    assert "<" not in evidence.file.name and "onerror" not in evidence.file.name


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Improve practice", "Improve practice"),
        (42, 42),
        (None, None),
    ],
)
def test_spreadsheet_cells_cannot_start_a_formula(value, expected):
    assert neutralise_cell(value) == expected


# Emails and the calendar feed ----------------------------------------------------


def test_reminder_emails_escape_hostile_text_in_html_and_keep_it_literal_in_text(
    scenario,
):
    from recommendations.reminders import build_message, manager_digests, owner_digests

    later = timezone.localdate() + datetime.timedelta(days=400)
    digests = owner_digests(today=later) + manager_digests(today=later)
    home = [d for d in digests if d.user in (scenario.officer, scenario.manager)]
    assert {digest.user for digest in home} == {scenario.officer, scenario.manager}
    for digest in home:
        message = build_message(digest)
        html = message.alternatives[0][0]
        where = f"{digest.kind} email to {digest.user}"
        assert_escaped(html, where)
        assert "&lt;script&gt;" in html, f"{where} should show the escaped text"
        assert HOSTILE["recommendation"] in message.body, f"{where} (plain text)"


def test_the_calendar_feed_carries_hostile_text_literally_in_its_own_properties(
    client, scenario
):
    from recommendations import services
    from recommendations.models import Recommendation

    recommendation = scenario.objects[Recommendation]
    injected = "Line one\r\nATTENDEE:mailto:evil@example.org\nX-INJECTED:1"
    Recommendation.objects.filter(pk=recommendation.pk).update(
        text=f"{injected} {HOSTILE['recommendation']}"
    )
    token = services.create_calendar_feed(user=scenario.officer)
    response = client.get(reverse("calendar_feed", args=[token]))
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    descriptions = [str(event["description"]) for event in events]
    # iCalendar text has one kind of line break: CR LF comes back as LF.
    literal = f"{injected} {HOSTILE['recommendation']}".replace("\r\n", "\n")
    assert any(literal in text for text in descriptions)
    for event in events:
        assert "ATTENDEE" not in event and "X-INJECTED" not in event
    lines = response.content.decode().replace("\r\n ", "").splitlines()
    assert not any(line.startswith(("ATTENDEE", "X-INJECTED")) for line in lines)
