"""Changes an officer makes in the browser, end to end through the test client."""

import datetime
import re
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from recommendations import services
from recommendations.choices import ActionStatus, RecommendationStatus
from recommendations.models import Action, Evidence, Note
from tests.factories import ActionFactory, EvidenceFactory, RecommendationFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def rec(inspection, team):
    return RecommendationFactory(inspection=inspection, team=team)


@pytest.fixture
def action(rec, officer):
    return ActionFactory(recommendation=rec, owner=officer, team=rec.team)


@pytest.fixture
def signed_in(client, officer):
    officer.first_name, officer.last_name = "Olu", "Officer"
    officer.save()
    client.force_login(officer)
    return client


def status_url(action):
    return reverse("recommendations:action_status", args=[action.pk])


def status_data(action, status, reason="", version=None):
    prefix = f"action-{action.pk}"
    return {
        f"{prefix}-status": status,
        f"{prefix}-reason": reason,
        f"{prefix}-version": action.version if version is None else version,
    }


def timeline_titles(client, rec):
    timeline = client.get(rec.get_absolute_url()).context["timeline"]
    return [(entry.title, entry.who) for entry in timeline]


# Action status ------------------------------------------------------------------


def test_marking_an_action_done_records_the_date_and_shows_in_the_timeline(
    signed_in, rec, action
):
    response = signed_in.post(
        status_url(action), status_data(action, ActionStatus.DONE), follow=True
    )
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE
    assert action.completed_on == timezone.localdate()
    assert "Action status changed to done" in response.content.decode()
    assert (
        "Action status changed from Not started to Done",
        "Olu Officer",
    ) in timeline_titles(signed_in, rec)


def test_blocking_an_action_without_a_reason_shows_the_error_summary(signed_in, action):
    response = signed_in.post(status_url(action), status_data(action, "blocked"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "Enter what is blocking this action" in html
    action.refresh_from_db()
    assert action.status == ActionStatus.NOT_STARTED


def test_blocking_an_action_with_a_reason_keeps_the_reason_as_a_note(
    signed_in, rec, action
):
    signed_in.post(status_url(action), status_data(action, "blocked", "Waiting for IT"))
    assert Note.objects.get(recommendation=rec).body.endswith("Waiting for IT")


def test_with_htmx_a_status_change_answers_with_the_live_section(signed_in, action):
    response = signed_in.post(
        status_url(action), status_data(action, ActionStatus.IN_PROGRESS), **HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200
    # Out of band (htmx swaps each by its id): the page's old banners cleared,
    # its tags and its title brought up to date; then the section it swaps in.
    head, section = html.split("</title>", 1)
    assert '<div id="page-messages" hx-swap-oob="true"></div>' in head
    tags = re.search(
        r'<p[^>]*id="recommendation-tags" hx-swap-oob="true">(.*?)</p>', head, re.S
    )
    assert "In progress" in tags.group(1)  # the recommendation's new status
    assert "<title>Recommendation " in head
    assert section.lstrip().startswith('<div id="recommendation-live">')
    assert "<html" not in html
    assert "Action status changed to in progress" in html
    assert "Action status changed from Not started to In progress" in html


def test_with_htmx_a_refused_status_change_shows_the_error_in_place(signed_in, action):
    response = signed_in.post(
        status_url(action), status_data(action, "blocked"), **HTMX
    )
    html = response.content.decode()
    assert "<html" not in html
    assert "govuk-error-summary" in html
    assert "Enter what is blocking this action" in html
    assert '<details class="govuk-details govuk-!-margin-bottom-0" open>' in html


@pytest.mark.parametrize("form", ["status", "note"])
def test_with_htmx_a_form_shown_again_posts_back_to_its_own_view(
    signed_in, action, form
):
    """Corrected and sent again, it must reach its view by htmx as the first time
    (it posted to the recommendation page, a 405, and the typing was lost)."""
    if form == "status":
        url, data = status_url(action), status_data(action, "blocked")
    else:
        url = reverse("recommendations:note_add", args=[action.recommendation.pk])
        data = {"note-body": ""}
    html = signed_in.post(url, data, **HTMX).content.decode()
    assert "govuk-error-summary" in html
    assert f'action="{url}"' in html and f'hx-post="{url}"' in html
    # htmx takes the page's title from the answer: it says there is an error.
    rec = action.recommendation
    assert re.search(
        rf"<title>Error: Recommendation {rec.reference or rec.pk}, .+ – Improvement "
        "Tracker</title>",
        html,
    )


def test_a_change_by_htmx_sets_the_title_back_without_error(signed_in, action):
    html = signed_in.post(
        status_url(action), status_data(action, ActionStatus.DONE), **HTMX
    ).content.decode()
    assert "<title>Recommendation " in html and "Error:" not in html


def test_the_status_the_action_has_is_refused_with_a_link_to_the_radios(
    signed_in, action
):
    response = signed_in.post(
        status_url(action), status_data(action, ActionStatus.NOT_STARTED)
    )
    html = response.content.decode()
    assert (
        f'<a href="#id_action-{action.pk}-status_1">'
        "Select a status the action does not have now</a>"
    ) in html
    assert f'id="id_action-{action.pk}-status_1"' in html


def test_a_stale_status_change_is_refused_and_can_be_resubmitted(signed_in, action):
    stale = status_data(action, ActionStatus.DONE, "All sorted")
    action.description = "Changed by someone else"
    action.version += 1
    action.save()
    response = signed_in.post(status_url(action), stale)
    html = response.content.decode()
    assert "Someone else changed this action" in html
    # The summary links to the first radio: the field's own id names none.
    assert f'<a href="#id_action-{action.pk}-status_1">Someone else' in html
    assert f'id="id_action-{action.pk}-status_1"' in html
    assert "All sorted" in html  # what was typed is kept
    assert response.context["form"]["version"].value() == action.version
    action.refresh_from_db()
    assert action.status == ActionStatus.NOT_STARTED
    resubmitted = dict(stale, **{f"action-{action.pk}-version": action.version})
    assert signed_in.post(status_url(action), resubmitted).status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE


# Adding and editing actions ---------------------------------------------------


def test_adding_an_action_to_a_recommendation_of_the_team(signed_in, rec, officer):
    target = timezone.localdate() + datetime.timedelta(days=60)
    response = signed_in.post(
        reverse("recommendations:action_add", args=[rec.pk]),
        {
            "description": "Train duty managers",
            "owner": officer.pk,
            "target_date_0": target.day,
            "target_date_1": target.month,
            "target_date_2": target.year,
        },
    )
    action = Action.objects.get(recommendation=rec)
    assert response.status_code == 302
    # To the page's top, where the success banner is (not to the action).
    assert response.url == rec.get_absolute_url()
    assert (action.description, action.owner, action.target_date) == (
        "Train duty managers",
        officer,
        target,
    )
    assert action.team == rec.team


def test_adding_an_action_without_a_description_shows_the_error_summary(signed_in, rec):
    response = signed_in.post(
        reverse("recommendations:action_add", args=[rec.pk]), {"description": ""}
    )
    assert "govuk-error-summary" in response.content.decode()
    assert "Enter what will be done" in response.content.decode()
    assert not Action.objects.exists()


@pytest.mark.parametrize(
    "day, month, year, message",
    [
        (1, 3, 27, "Year must include 4 numbers"),  # was saved as the year 27
        (1, 3, 99999, "Year must include 4 numbers"),
        (31, 2, 2027, "The target date must be a real date"),
        (0, 13, 2027, "The target date must be a real date"),
        ("9" * 25, 3, 2027, "The target date must be a real date"),  # not a 500
        (1, 1, 2001, "The target date must be today or in the future"),
    ],
)
def test_a_target_date_that_is_not_a_real_future_date_is_refused(
    signed_in, rec, day, month, year, message
):
    data = {"description": "Train duty managers", "target_date_0": day}
    data.update(target_date_1=month, target_date_2=year)
    response = signed_in.post(
        reverse("recommendations:action_add", args=[rec.pk]), data
    )
    assert response.context["form"].errors["target_date"] == [message]
    html = response.content.decode()
    assert "govuk-error-summary" in html and message in html
    assert "Train duty managers" in html  # nothing typed is lost
    assert not Action.objects.exists()


def test_an_overdue_actions_past_target_date_can_be_kept(signed_in, action):
    """Editing something else of an overdue action keeps its past target date."""
    past = timezone.localdate() - datetime.timedelta(days=30)
    Action.objects.filter(pk=action.pk).update(target_date=past)
    data = {"description": "Reworded", "owner": action.owner_id}
    data.update(target_date_0=past.day, target_date_1=past.month)
    data.update(target_date_2=past.year, version=action.version)
    url = reverse("recommendations:action_edit", args=[action.pk])
    assert signed_in.post(url, data).status_code == 302
    action.refresh_from_db()
    assert (action.description, action.target_date) == ("Reworded", past)


def test_owner_choices_are_people_of_the_recommendations_authority(
    signed_in, rec, outsider, officer
):
    form = signed_in.get(reverse("recommendations:action_add", args=[rec.pk])).context[
        "form"
    ]
    assert list(form.fields["owner"].queryset) == [officer]


def test_a_stale_action_edit_keeps_what_was_typed(signed_in, action):
    url = reverse("recommendations:action_edit", args=[action.pk])
    typed = {"description": "My careful rewording", "version": action.version}
    action.version += 1
    action.save()
    response = signed_in.post(url, typed)
    html = response.content.decode()
    assert "Someone else changed this action" in html
    assert "My careful rewording" in html
    action.refresh_from_db()
    assert action.description != "My careful rewording"


# Notes --------------------------------------------------------------------------


def test_writing_a_note_puts_it_in_the_timeline_with_the_authors_name(signed_in, rec):
    response = signed_in.post(
        reverse("recommendations:note_add", args=[rec.pk]),
        {"note-body": "Met the police lead today."},
        follow=True,
    )
    assert "Note added" in response.content.decode()
    entry = response.context["timeline"][0]
    assert (entry.title, entry.who, entry.text) == (
        "Progress note",
        "Olu Officer",
        "Met the police lead today.",
    )


def test_without_htmx_the_success_message_is_shown_once_at_the_top(signed_in, rec):
    response = signed_in.post(
        reverse("recommendations:note_add", args=[rec.pk]),
        {"note-body": "Met the police lead today."},
        follow=True,
    )
    html = response.content.decode()
    assert html.count("Note added") == 1
    assert html.index("Note added") < html.index('id="recommendation-live"')


def test_an_empty_note_shows_the_error_summary(signed_in, rec):
    response = signed_in.post(
        reverse("recommendations:note_add", args=[rec.pk]), {"note-body": " "}
    )
    assert "Enter your progress note" in response.content.decode()
    assert not Note.objects.exists()


def test_with_htmx_a_note_is_added_in_place(signed_in, rec):
    response = signed_in.post(
        reverse("recommendations:note_add", args=[rec.pk]),
        {"note-body": "Quick update"},
        **HTMX,
    )
    html = response.content.decode()
    assert "<html" not in html
    assert "Note added" in html and "Quick update" in html


# Evidence -----------------------------------------------------------------------


def test_uploading_evidence_stores_it_under_a_generated_name(signed_in, rec, action):
    response = signed_in.post(
        reverse("recommendations:evidence_add", args=[rec.pk]),
        {
            "description": "Audit report",
            "file": SimpleUploadedFile("Audit report (final).pdf", PDF),
            "action": action.pk,
        },
    )
    evidence = Evidence.objects.get()
    assert response.status_code == 302
    assert evidence.action == action
    assert evidence.original_filename == "Audit report (final).pdf"
    assert evidence.file.name.startswith("evidence/")
    assert "Audit report (final)" not in evidence.file.name
    assert ("Evidence added", "Olu Officer") in timeline_titles(signed_in, rec)


def test_an_exe_renamed_pdf_is_refused(signed_in, rec):
    response = signed_in.post(
        reverse("recommendations:evidence_add", args=[rec.pk]),
        {"description": "Sneaky", "file": SimpleUploadedFile("report.pdf", EXE)},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "its contents must match its name" in html
    assert not Evidence.objects.exists()


def test_a_file_over_the_size_limit_is_refused(signed_in, rec, settings):
    settings.EVIDENCE_MAX_UPLOAD_BYTES = 10
    response = signed_in.post(
        reverse("recommendations:evidence_add", args=[rec.pk]),
        {"description": "Big", "file": SimpleUploadedFile("big.pdf", PDF)},
    )
    assert "must be smaller than 10" in response.content.decode()
    assert not Evidence.objects.exists()


def test_evidence_needs_a_file_or_a_link(signed_in, rec):
    response = signed_in.post(
        reverse("recommendations:evidence_add", args=[rec.pk]),
        {"description": "Nothing attached"},
    )
    # On the file field, and the summary links to it.
    assert response.context["form"].errors == {
        "file": ["Choose a file or enter a link"]
    }
    assert '<a href="#id_file">Choose a file or enter a link</a>' in (
        response.content.decode()
    )


def test_the_evidence_link_is_a_govuk_text_input_checked_by_the_server(signed_in, rec):
    url = reverse("recommendations:evidence_add", args=[rec.pk])
    html = signed_in.get(url).content.decode()
    assert "novalidate" in html  # errors go to the summary, not browser bubbles
    link_input = re.search(r'<input[^>]*name="url"[^>]*>', html).group()
    assert 'class="govuk-input"' in link_input and 'type="text"' in link_input
    too_long = "https://example.org/" + "a" * 600
    response = signed_in.post(url, {"description": "Minutes", "url": too_long})
    assert "The link must be 500 characters or fewer" in response.content.decode()
    assert response.context["form"].errors["url"]
    response = signed_in.post(
        url, {"description": "Minutes", "url": "intranet.example.gov.uk/minutes"}
    )
    assert response.status_code == 302  # completed with https://
    assert Evidence.objects.get().url == "https://intranet.example.gov.uk/minutes"


def test_evidence_download_is_an_attachment_with_the_original_name(signed_in, rec):
    signed_in.post(
        reverse("recommendations:evidence_add", args=[rec.pk]),
        {"description": "Minutes", "file": SimpleUploadedFile("Minutes.pdf", PDF)},
    )
    evidence = Evidence.objects.get()
    response = signed_in.get(
        reverse("recommendations:evidence_download", args=[evidence.pk])
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="Minutes.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_a_link_has_no_file_to_download(signed_in, rec, officer):
    evidence = EvidenceFactory(recommendation=rec, added_by=officer)
    response = signed_in.get(
        reverse("recommendations:evidence_download", args=[evidence.pk])
    )
    assert response.status_code == 404


def test_withdrawn_evidence_is_kept_and_shown_as_withdrawn(signed_in, rec, officer):
    evidence = EvidenceFactory(recommendation=rec, added_by=officer)
    response = signed_in.post(
        reverse("recommendations:evidence_withdraw", args=[evidence.pk]),
        {"reason": "Wrong document"},
        follow=True,
    )
    evidence.refresh_from_db()
    assert evidence.is_withdrawn and evidence.withdrawal_reason == "Wrong document"
    html = response.content.decode()
    assert "Evidence withdrawn" in html
    assert "Withdrawn</strong>" in html
    assert ("Evidence withdrawn", "Olu Officer") in timeline_titles(signed_in, rec)


def test_withdrawing_the_last_evidence_says_the_recommendation_is_live_again(
    signed_in, rec, officer, manager
):
    evidence = EvidenceFactory(recommendation=rec, added_by=officer)
    services.mark_implemented(recommendation=rec, user=manager)

    response = signed_in.post(
        reverse("recommendations:evidence_withdraw", args=[evidence.pk]),
        {"reason": "Wrong document"},
        follow=True,
    )

    rec.refresh_from_db()
    assert rec.status == RecommendationStatus.OPEN
    html = response.content.decode()
    assert "The recommendation is no longer marked implemented" in html
    assert "Mark as implemented" in html  # and can be marked again


# Implemented ------------------------------------------------------------------


def implemented_url(rec):
    return reverse("recommendations:recommendation_mark_implemented", args=[rec.pk])


def test_implemented_is_refused_without_evidence(signed_in, rec):
    response = signed_in.post(implemented_url(rec), {"version": rec.version})
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Add at least one piece of evidence" in html
    rec.refresh_from_db()
    assert rec.status == RecommendationStatus.OPEN


def test_implemented_is_refused_while_an_action_is_unfinished(
    signed_in, rec, action, officer
):
    EvidenceFactory(recommendation=rec, added_by=officer)
    response = signed_in.post(implemented_url(rec), {"version": rec.version})
    html = unescape(response.content.decode())
    assert f"Finish or cancel \u201c{action.description}\u201d before" in html


def test_every_reason_implemented_is_refused_is_given_at_once(signed_in, rec, action):
    html = unescape(
        signed_in.post(implemented_url(rec), {"version": rec.version}).content.decode()
    )
    assert "Add at least one piece of evidence" in html
    assert f"Finish or cancel \u201c{action.description}\u201d" in html


def test_marking_implemented_with_evidence_and_finished_actions(
    signed_in, rec, officer
):
    ActionFactory(recommendation=rec, owner=officer, done=True)
    EvidenceFactory(recommendation=rec, added_by=officer)
    rec.refresh_from_db()
    response = signed_in.post(
        implemented_url(rec), {"version": rec.version}, follow=True
    )
    rec.refresh_from_db()
    assert rec.status == RecommendationStatus.IMPLEMENTED
    assert rec.implemented_on == timezone.localdate()
    assert "Recommendation marked as implemented" in response.content.decode()
    assert (
        "Recommendation status changed from Open to Implemented",
        "Olu Officer",
    ) in timeline_titles(signed_in, rec)


def test_with_htmx_a_notice_is_shown_as_a_notice_not_a_success(
    signed_in, action, manager
):
    """Taking an action up again on an implemented recommendation: the change is
    a success, that it is no longer implemented is a notice (as without htmx)."""
    services.set_action_status(action=action, status=ActionStatus.DONE, user=manager)
    EvidenceFactory(recommendation=action.recommendation)
    services.mark_implemented(recommendation=action.recommendation, user=manager)
    action.refresh_from_db()
    html = signed_in.post(
        status_url(action), status_data(action, ActionStatus.IN_PROGRESS), **HTMX
    ).content.decode()
    notice = html[html.index("no longer marked implemented") - 600 :]
    assert ">Important</h2>" in notice and ">Success</h2>" not in notice
    head = html.split("</title>", 1)[0]
    assert "In progress" in head and "Implemented" not in head  # the page's tags
