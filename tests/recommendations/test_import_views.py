"""The report import web flow: upload, review the draft, confirm; and its refusals."""

import datetime
import io
import os
import re
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pypdf import PdfWriter

from inspections.choices import Role
from inspections.models import Authority, Inspection
from recommendations.choices import Timescale
from recommendations.importing import SELF_ASSESSED
from recommendations.views.importing import SESSION_KEY, UPLOAD_DIR
from tests.factories import MembershipFactory, UserFactory

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SEED_001 = FIXTURES / "seeds" / "001_308c94baf749f55b.txt"
DORSET_PDF = FIXTURES / "reports" / "dorset_2021-11-19.pdf"
IMPORT_URL = reverse("inspections:import_report")


class FormReader(HTMLParser):
    """What a browser would submit from the page's POST form (no button pressed)."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, str] = {}
        self._textarea = self._select = None
        self._in_post_form = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._in_post_form = attrs.get("method") == "post"
        if not self._in_post_form or "name" not in attrs and tag != "option":
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind == "checkbox":
                if "checked" in attrs:
                    self.data[attrs["name"]] = attrs.get("value", "on")
            elif kind not in ("submit", "file"):
                self.data[attrs["name"]] = attrs.get("value") or ""
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self.data[self._textarea] = ""
        elif tag == "select":
            self._select = attrs["name"]
            self.data.setdefault(self._select, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._in_post_form = False

    def handle_data(self, data):
        if self._textarea:
            # Browsers drop the newline that follows <textarea>.
            value = self.data[self._textarea] + data
            self.data[self._textarea] = value.removeprefix("\n")


def form_data(response) -> dict[str, str]:
    reader = FormReader()
    reader.feed(response.content.decode())
    return reader.data


def blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=DORSET_PDF)
    writer.encrypt(user_password="secret", owner_password="owner")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def upload(client, name: str, content: bytes, **extra):
    return client.post(
        IMPORT_URL, {"report": SimpleUploadedFile(name, content)}, **extra
    )


def error_summary(response) -> str:
    html = response.content.decode()
    start = html.index('class="govuk-error-summary"')
    return html[start : html.index("</ul>", start)]


@pytest.fixture
def staff_member(authority):
    user = UserFactory(username="staff", is_staff=True)
    MembershipFactory(user=user, authority=authority, role=Role.MANAGER)
    return user


@pytest.fixture
def superuser_client(client, superuser):
    client.force_login(superuser)
    return client


# Permissions ------------------------------------------------------------------


def test_anonymous_people_are_sent_to_sign_in(client, db):
    response = client.get(IMPORT_URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("who", ["officer", "manager"])
def test_people_who_are_not_administrators_are_refused(client, request, who):
    client.force_login(request.getfixturevalue(who))

    assert client.get(IMPORT_URL).status_code == 403
    assert client.post(IMPORT_URL, {"text": "Areas for improvement"}).status_code == 403


@pytest.mark.parametrize("who", ["superuser", "staff_member"])
def test_administrators_see_the_upload_page(client, request, who):
    client.force_login(request.getfixturevalue(who))

    response = client.get(IMPORT_URL)

    assert response.status_code == 200
    assert b"Import an inspection report" in response.content


def test_a_review_address_that_is_not_this_sessions_is_not_found(
    superuser_client, staff_member
):
    response = superuser_client.post(IMPORT_URL, {"text": SEED_001.read_text()})
    other = Client()
    other.force_login(staff_member)

    assert other.get(response.url).status_code == 404
    assert superuser_client.get(response.url).status_code == 200
    missing = reverse("inspections:import_review", args=["0" * 32])
    assert superuser_client.get(missing).status_code == 404


# The flow end to end ------------------------------------------------------------


def test_pasted_seed_text_reviewed_edited_and_confirmed(superuser_client, authority):
    response = superuser_client.post(IMPORT_URL, {"text": SEED_001.read_text()})
    assert response.status_code == 302
    review = superuser_client.get(response.url)
    assert review.status_code == 200
    assert b"Recommendations (7)" in review.content
    # The source paragraph is shown beside each recommendation.
    assert b"In the report" in review.content
    assert not Inspection.objects.exists()

    data = form_data(review)
    assert data["authority"] == str(authority.pk)
    assert data["recommendations-0-timescale"] == Timescale.THREE_MONTHS
    data["recommendations-0-text"] = "Share information on pregnant women promptly."
    data["recommendations-0-timescale"] = Timescale.IMMEDIATE
    removed_text = data["recommendations-1-text"]
    data["recommendations-1-DELETE"] = "on"
    data["action"] = "confirm"
    saved = superuser_client.post(response.url, data, follow=True)

    inspection = Inspection.objects.get()
    assert saved.redirect_chain[-1][0] == inspection.get_absolute_url()
    assert b"govuk-notification-banner--success" in saved.content
    assert b"Report imported: 6 recommendations and 33 judgements" in saved.content
    assert inspection.authority == authority
    assert inspection.kind == "safeguarding_lac"
    assert inspection.published_on == datetime.date(2010, 5, 24)
    assert not inspection.report_file
    recommendations = list(inspection.recommendations.order_by("position"))
    assert len(recommendations) == 6
    assert recommendations[0].text == "Share information on pregnant women promptly."
    assert recommendations[0].due_date == datetime.date(2010, 5, 24)
    assert removed_text not in [r.text for r in recommendations]
    assert all(r.due_date for r in recommendations if r.timescale != "unspecified")
    assert (
        SESSION_KEY not in superuser_client.session
        or not (superuser_client.session[SESSION_KEY])
    )


def test_real_pdf_uploaded_and_confirmed_keeps_the_report_file(
    superuser_client, media_root
):
    response = upload(superuser_client, DORSET_PDF.name, DORSET_PDF.read_bytes())
    assert response.status_code == 302
    assert len(list((media_root / UPLOAD_DIR).iterdir())) == 1
    review = superuser_client.get(response.url)
    assert b"dorset_2021-11-19.pdf" in review.content
    assert b"No publication date in the report" in review.content

    data = form_data(review)
    # A new authority: the superuser may create it.
    assert data["authority"] == ""
    assert data["new_authority"] == "Dorset"
    data["action"] = "confirm"
    saved = superuser_client.post(response.url, data)

    inspection = Inspection.objects.get()
    assert saved.url == inspection.get_absolute_url()
    assert inspection.authority.name == "Dorset"
    assert inspection.ended_on == datetime.date(2021, 10, 8)
    assert inspection.recommendations.count() == 1
    assert inspection.judgements.count() == 4
    assert inspection.report_filename == "dorset_2021-11-19.pdf"
    assert inspection.report_file.read() == DORSET_PDF.read_bytes()
    assert not list((media_root / UPLOAD_DIR).iterdir())
    download = superuser_client.get(
        reverse("inspections:inspection_report", args=[inspection.pk])
    )
    assert b"".join(download.streaming_content) == DORSET_PDF.read_bytes()


def test_rows_can_be_added_without_javascript(superuser_client, authority):
    response = superuser_client.post(IMPORT_URL, {"text": SEED_001.read_text()})
    data = form_data(superuser_client.get(response.url))

    data["action"] = "add_recommendation"
    more = superuser_client.post(response.url, data)
    assert b"Recommendations (8)" in more.content
    assert b"Added by you." in more.content
    data = form_data(more)
    data["recommendations-7-text"] = "A recommendation the importer missed."
    data["recommendations-7-timescale"] = Timescale.SIX_MONTHS
    data["action"] = "add_judgement"
    data = form_data(superuser_client.post(response.url, data))
    data["action"] = "confirm"
    superuser_client.post(response.url, data)

    inspection = Inspection.objects.get()
    added = inspection.recommendations.get(position=7)
    assert added.text == "A recommendation the importer missed."
    assert added.due_date == datetime.date(2010, 11, 24)
    # The blank judgement row that was added and left empty is ignored.
    assert inspection.judgements.count() == 33


def test_bad_review_input_is_shown_in_the_error_summary_and_nothing_saved(
    superuser_client, authority
):
    response = superuser_client.post(IMPORT_URL, {"text": SEED_001.read_text()})
    data = form_data(superuser_client.get(response.url))
    data.update(
        {
            "inspectorate": "",
            "ended_on_2": "2009",
            "recommendations-2-text": "",
            "judgements-0-tier": "",
            "action": "confirm",
        }
    )

    refused = superuser_client.post(response.url, data)

    summary = error_summary(refused)
    assert '<a href="#id_inspectorate">' in summary
    assert '<a href="#id_ended_on_0">The last inspection day must be on' in summary
    assert '<a href="#id_recommendations-2-text">' in summary
    assert '<a href="#id_judgements-0-tier">' in summary
    assert b"<title>Error: Check the imported report" in refused.content
    assert not Inspection.objects.exists()


def test_an_unchanged_draft_saved_twice_is_refused_as_an_error_on_the_page(
    superuser_client,
):
    first = superuser_client.post(IMPORT_URL, {"text": SEED_001.read_text()})
    data = form_data(superuser_client.get(first.url))
    superuser_client.post(first.url, {**data, "action": "confirm"})
    existing = Inspection.objects.get()

    second = superuser_client.post(IMPORT_URL, {"text": SEED_001.read_text()})
    review = superuser_client.get(second.url)
    assert b"This report looks already imported" in review.content
    refused = superuser_client.post(
        second.url, {**form_data(review), "action": "confirm"}
    )

    assert refused.status_code == 200
    html = refused.content.decode()
    assert "<title>Error: Check the imported report" in html
    # The summary links to the problem on this page, not away from it...
    summary = error_summary(refused)
    assert re.findall(r'href="([^"]*)"', summary) == ["#id_authority"]
    assert '<a href="#id_authority">This inspection has already been imported' in (
        summary
    )
    # ...where the message is beside the authority, and the existing inspection's
    # link is in the warning at the top.
    page = html.replace(summary, "")
    assert "This inspection has already been imported" in page
    assert (
        '<div id="div_id_authority" class="govuk-form-group govuk-form-group--error">'
        in (page)
    )
    warning = page[page.index('id="already-imported"') :]
    assert f'href="{existing.get_absolute_url()}"' in warning[: warning.index("</div>")]
    assert Inspection.objects.count() == 1


# Pressing Enter in a field saves --------------------------------------------------


class SubmitButtons(HTMLParser):
    """The submit buttons of the page's POST form, in order, with their attributes."""

    def __init__(self):
        super().__init__()
        self.buttons: list[dict[str, str | None]] = []
        self._in_post_form = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":  # the review's form, not the header's "Sign out"
            self._in_post_form = attrs.get("method") == "post" and "action" not in attrs
        elif self._in_post_form and (
            tag == "button"
            and attrs.get("type", "submit") == "submit"
            or tag == "input"
            and attrs.get("type") in ("submit", "image")
        ):
            self.buttons.append(attrs)

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_post_form = False


def test_the_forms_default_button_saves_and_is_hidden_from_everyone(
    superuser_client, authority
):
    """Enter in a field presses the form's first submit button (its "default
    button"): it must save, not add a row, and be neither seen, tabbed to nor
    announced, as the visible "Save the inspection" is all of those."""
    url, _ = _review(superuser_client)
    reader = SubmitButtons()
    reader.feed(superuser_client.get(url).content.decode())

    default, *others = reader.buttons
    assert (default["name"], default["value"]) == ("action", "confirm")
    assert "govuk-visually-hidden" in default["class"].split()
    assert default["tabindex"] == "-1"
    assert default["aria-hidden"] == "true"
    assert "style" not in default  # display: none is not pressed everywhere
    visible = [(b["value"], b.get("aria-hidden")) for b in others]
    assert ("confirm", None) in visible
    assert ("add_judgement", None) in visible


# A self-assessment has no inspectorate ---------------------------------------------

SELF_ASSESSMENT_TEXT = """TRAFFORD COUNCIL
Children's social care self-assessment
Published: 10 July 2018

Areas for development
• Improve the quality of children's plans.
• Reduce the number of changes of social worker.
"""


def test_a_self_assessment_is_saved_without_an_inspectorate(
    superuser_client, authority
):
    response = superuser_client.post(IMPORT_URL, {"text": SELF_ASSESSMENT_TEXT})
    review = superuser_client.get(response.url)
    data = form_data(review)
    assert data["kind"] == "self_assessment"
    assert data["inspectorate"] == ""
    assert "Leave this blank for a council's own self-assessment" in (
        review.content.decode()
    )

    saved = superuser_client.post(response.url, {**data, "action": "confirm"})

    assert saved.status_code == 302
    inspection = Inspection.objects.get()
    assert inspection.kind == "self_assessment"
    assert inspection.inspectorate == SELF_ASSESSED
    assert inspection.recommendations.count() == 2


def test_a_self_assessment_keeps_an_inspectorate_typed_for_it(
    superuser_client, authority
):
    response = superuser_client.post(IMPORT_URL, {"text": SELF_ASSESSMENT_TEXT})
    data = form_data(superuser_client.get(response.url))
    data.update({"inspectorate": "Local Government Association", "action": "confirm"})

    assert superuser_client.post(response.url, data).status_code == 302
    assert Inspection.objects.get().inspectorate == "Local Government Association"


@pytest.mark.parametrize("inspectorate", ["", "   "])
def test_an_inspection_that_is_not_a_self_assessment_needs_an_inspectorate(
    superuser_client, authority, inspectorate
):
    url, data = _review(superuser_client)
    data.update({"inspectorate": inspectorate, "action": "confirm"})

    refused = superuser_client.post(url, data)

    assert '<a href="#id_inspectorate">Enter the inspectorate</a>' in (
        error_summary(refused)
    )
    assert not Inspection.objects.exists()


def test_discarding_deletes_the_upload_and_saves_nothing(superuser_client, media_root):
    response = upload(superuser_client, DORSET_PDF.name, DORSET_PDF.read_bytes())
    data = form_data(superuser_client.get(response.url))

    discarded = superuser_client.post(response.url, {**data, "action": "discard"})

    assert discarded.url == IMPORT_URL
    assert not Inspection.objects.exists()
    assert not list((media_root / UPLOAD_DIR).iterdir())
    assert superuser_client.get(response.url).status_code == 404


def test_uploads_abandoned_for_a_day_are_swept_away(superuser_client, media_root):
    stale = media_root / UPLOAD_DIR / "abandoned.pdf"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"%PDF-1.4")
    two_days_ago = time.time() - 2 * 24 * 60 * 60
    os.utime(stale, (two_days_ago, two_days_ago))

    upload(superuser_client, DORSET_PDF.name, DORSET_PDF.read_bytes())

    assert not stale.exists()
    assert len(list(stale.parent.iterdir())) == 1


def test_staff_choose_among_their_own_authorities_only(
    client, staff_member, authority, other_authority
):
    client.force_login(staff_member)
    response = client.post(IMPORT_URL, {"text": SEED_001.read_text()})
    review = client.get(response.url)

    assert b"new_authority" not in review.content
    assert other_authority.name.encode() not in review.content
    data = form_data(review)
    data["authority"] = str(other_authority.pk)
    refused = client.post(response.url, {**data, "action": "confirm"})

    assert "Choose an authority from the list" in error_summary(refused)
    assert not Inspection.objects.exists()


def test_review_page_queries_do_not_grow_with_rows(
    superuser_client, authority, django_assert_max_num_queries
):
    response = superuser_client.post(IMPORT_URL, {"text": SEED_001.read_text()})

    with django_assert_max_num_queries(12):
        review = superuser_client.get(response.url)

    # 33 judgements and 7 recommendations.
    assert review.content.count(b"app-import-row") == 40


# Bad uploads ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", b"", "The selected file is empty"),
        (
            "report.pdf",
            b"PK\x03\x04 a zip file",
            "must be a PDF or a text file, and its",
        ),
        (
            "report.docx",
            b"PK\x03\x04 a zip file",
            "must be a PDF or a text file, and its",
        ),
        ("report.pdf", encrypted_pdf(), "This PDF is encrypted"),
        ("scan.pdf", blank_pdf(), "This PDF has no text layer; it may be scanned"),
        ("report.pdf", b"%PDF-1.7\n not really \n%%EOF", "This PDF is damaged"),
    ],
)
def test_bad_uploads_are_explained_in_the_error_summary(
    superuser_client, media_root, name, content, message
):
    response = upload(superuser_client, name, content)

    assert response.status_code == 200
    summary = error_summary(response)
    assert '<a href="#id_report">' in summary
    assert message in summary
    assert b"<title>Error: " in response.content
    assert not (media_root / UPLOAD_DIR).exists()


def test_a_file_over_the_size_limit_is_refused(superuser_client, settings):
    settings.REPORT_MAX_UPLOAD_BYTES = 1024

    response = upload(superuser_client, DORSET_PDF.name, DORSET_PDF.read_bytes())

    assert "must be smaller than 1KB" in error_summary(response)


def test_neither_or_both_a_file_and_text_is_refused(superuser_client):
    neither = superuser_client.post(IMPORT_URL, {"text": "  "})
    both = superuser_client.post(
        IMPORT_URL,
        {
            "report": SimpleUploadedFile(DORSET_PDF.name, DORSET_PDF.read_bytes()),
            "text": "Areas for improvement",
        },
    )

    assert "Select the report&#x27;s file, or paste its text" in error_summary(neither)
    assert "Upload a file or paste the text, not both" in error_summary(both)


# Progress indicator (htmx) --------------------------------------------------------


def test_the_upload_form_shows_a_reading_indicator_with_htmx(superuser_client):
    page = superuser_client.get(IMPORT_URL).content.decode()

    assert 'hx-indicator="#reading-report"' in page
    assert 'id="reading-report" class="htmx-indicator' in page
    assert 'enctype="multipart/form-data"' in page
    assert 'method="post"' in page


def test_an_htmx_upload_redirects_the_whole_page_to_the_review(superuser_client):
    response = upload(
        superuser_client,
        DORSET_PDF.name,
        DORSET_PDF.read_bytes(),
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert response["HX-Redirect"].startswith(IMPORT_URL)


def test_an_htmx_upload_with_an_error_returns_the_form_and_its_summary(
    superuser_client,
):
    response = upload(
        superuser_client, "scan.pdf", blank_pdf(), headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    assert 'id="main-content"' in response.content.decode()
    assert "no text layer" in error_summary(response)


def test_an_upload_swept_away_before_confirmation_is_no_longer_found(
    superuser_client, media_root
):
    response = upload(superuser_client, DORSET_PDF.name, DORSET_PDF.read_bytes())
    for stored in (media_root / UPLOAD_DIR).iterdir():
        stored.unlink()

    assert superuser_client.get(response.url).status_code == 404
    assert not superuser_client.session[SESSION_KEY]


def test_choosing_an_authority_and_naming_a_new_one_is_refused(
    superuser_client, authority
):
    response = superuser_client.post(IMPORT_URL, {"text": SEED_001.read_text()})
    data = form_data(superuser_client.get(response.url))
    data.update({"new_authority": "Trafford Borough", "action": "confirm"})

    refused = superuser_client.post(response.url, data)

    assert '<a href="#id_new_authority">Choose an authority from the list' in (
        error_summary(refused)
    )
    assert not Inspection.objects.exists()


def test_a_review_without_any_date_asks_for_one_in_the_summary(
    superuser_client, authority
):
    response = superuser_client.post(IMPORT_URL, {"text": SEED_001.read_text()})
    data = form_data(superuser_client.get(response.url))
    for name in ("started_on", "ended_on", "published_on"):
        data.update({f"{name}_0": "", f"{name}_1": "", f"{name}_2": ""})
    data["recommendations-0-text"] = "Typed before saving."
    data["action"] = "confirm"

    refused = superuser_client.post(response.url, data)

    assert (
        '<a href="#id_published_on_0">Enter the publication date or the inspection '
        "days: an inspection needs at least one date</a>"
    ) in error_summary(refused)
    assert "Constraint" not in refused.content.decode()
    assert form_data(refused)["recommendations-0-text"] == "Typed before saving."
    assert not Inspection.objects.exists()


def test_staff_naming_a_council_outside_their_own_are_told_to_ask_for_access(
    client, staff_member, other_authority
):
    staff_member.user_permissions.add(Permission.objects.get(codename="add_authority"))
    client.force_login(staff_member)
    text = SEED_001.read_text().replace("Trafford", "Stockport")
    response = client.post(IMPORT_URL, {"text": text})
    data = form_data(client.get(response.url))
    assert data["new_authority"].startswith("Stockport")
    data["action"] = "confirm"

    refused = client.post(response.url, data)

    assert (
        '<a href="#id_new_authority">Stockport Metropolitan Borough Council is '
        "already in the tracker: ask an administrator to give you access to it</a>"
    ) in error_summary(refused)
    assert form_data(refused)["new_authority"] == data["new_authority"]
    assert Authority.objects.count() == 2
    assert not Inspection.objects.exists()


def test_a_pdf_with_only_an_owner_password_is_imported(superuser_client):
    writer = PdfWriter(clone_from=DORSET_PDF)
    writer.encrypt(user_password="", owner_password="owner")
    buffer = io.BytesIO()
    writer.write(buffer)

    response = upload(superuser_client, "dorset.pdf", buffer.getvalue())

    assert response.status_code == 302
    assert form_data(superuser_client.get(response.url))["new_authority"] == "Dorset"


# Adding a row is not a submission ------------------------------------------------


def _review(client):
    response = client.post(IMPORT_URL, {"text": SEED_001.read_text()})
    return response.url, form_data(client.get(response.url))


@pytest.mark.parametrize(
    ("action", "prefix", "first_field"),
    [
        ("add_recommendation", "recommendations", "text"),
        ("add_judgement", "judgements", "area"),
    ],
)
def test_adding_a_row_shows_no_errors_and_keeps_what_was_typed(
    superuser_client, authority, action, prefix, first_field
):
    url, data = _review(superuser_client)
    rows = int(data[f"{prefix}-TOTAL_FORMS"])
    typed = "Typed before adding a row."
    data["recommendations-0-text"] = typed
    data["judgements-0-grade"] = "Typed grade"
    data["inspectorate"] = ""  # half-finished elsewhere: still no error yet
    data["action"] = action

    more = superuser_client.post(url, data)

    html = more.content.decode()
    assert more.status_code == 200
    assert "govuk-error-summary" not in html
    assert "govuk-error-message" not in html
    assert "govuk-form-group--error" not in html
    assert "This field is required" not in html
    assert "<title>Error:" not in html
    kept = form_data(more)
    assert kept[f"{prefix}-TOTAL_FORMS"] == str(rows + 1)
    assert kept["recommendations-0-text"] == typed
    assert kept["judgements-0-grade"] == "Typed grade"
    assert kept["inspectorate"] == ""
    # The new row is ready to fill and takes the focus.
    new = f"id_{prefix}-{rows}-{first_field}"
    assert re.search(rf'<(textarea|input)[^>]*\bautofocus\b[^>]*id="{new}"', html) or (
        re.search(rf'<(textarea|input)[^>]*id="{new}"[^>]*\bautofocus\b', html)
    )
    assert html.count("autofocus") == 1
    if prefix == "recommendations":
        # The timescale shows what it holds: the form's default, not "Immediately".
        assert kept[f"recommendations-{rows}-timescale"] == Timescale.UNSPECIFIED


@pytest.mark.parametrize("total", ["\u00b2", "", "x"])  # "²".isdigit() is True
def test_adding_a_row_to_a_tampered_count_adds_none(superuser_client, authority, total):
    url, data = _review(superuser_client)
    data.update({"action": "add_judgement", "judgements-TOTAL_FORMS": total})

    response = superuser_client.post(url, data)

    assert response.status_code == 200  # not a 500
    # The judgements cannot be shown, and the summary says so and what to do.
    summary = error_summary(response)
    assert "The rows of this review could not be read" in summary
    assert "ManagementForm" not in response.content.decode()


def test_saving_without_the_row_counts_says_so_and_saves_nothing(
    superuser_client, authority
):
    url, data = _review(superuser_client)
    del data["recommendations-TOTAL_FORMS"]

    response = superuser_client.post(url, data)

    assert response.status_code == 200
    assert "The rows of this review could not be read" in error_summary(response)
    assert not Inspection.objects.exists()


def test_a_row_added_and_left_blank_is_ignored_on_save(superuser_client, authority):
    url, data = _review(superuser_client)
    data["action"] = "add_recommendation"
    data = form_data(superuser_client.post(url, data))
    data["action"] = "confirm"

    saved = superuser_client.post(url, data)

    assert saved.status_code == 302
    assert Inspection.objects.get().recommendations.count() == 7


def test_errors_on_save_name_their_field_and_row_in_the_summary(
    superuser_client, authority
):
    url, data = _review(superuser_client)
    data["action"] = "add_recommendation"
    data = form_data(superuser_client.post(url, data))
    data.update(
        {
            "recommendations-7-timescale": Timescale.IMMEDIATE,  # text left blank
            "recommendations-1-timescale": "",
            "judgements-0-area": "",
            "judgements-0-tier": "",
            "kind": "",
            "inspectorate": "",
            "action": "confirm",
        }
    )

    refused = superuser_client.post(url, data)

    summary = error_summary(refused)
    for field_id, message in [
        ("id_recommendations-7-text", "Enter the text of recommendation 8"),
        ("id_recommendations-1-timescale", "Choose the timescale of recommendation 2"),
        ("id_judgements-0-area", "Enter the area of judgement 1"),
        ("id_judgements-0-tier", "Choose the tier of judgement 1"),
        ("id_kind", "Choose the kind of inspection"),
        ("id_inspectorate", "Enter the inspectorate"),
    ]:
        assert f'<a href="#{field_id}">{message}</a>' in summary
    html = refused.content.decode()
    assert "This field is required" not in html
    assert "Select a valid choice" not in html
    # The same words beside the field.
    assert "Enter the text of recommendation 8" in html.replace(summary, "")
    assert not Inspection.objects.exists()


def test_a_half_entered_date_names_the_date(superuser_client, authority):
    url, data = _review(superuser_client)
    data.update({"ended_on_0": "3", "ended_on_1": "", "ended_on_2": ""})
    data.update(
        {"published_on_0": "31", "published_on_1": "2", "published_on_2": "2010"}
    )
    data["action"] = "confirm"

    summary = error_summary(superuser_client.post(url, data))

    assert (
        '<a href="#id_ended_on_1">Enter the month of the last inspection day</a>'
        in summary
    )
    assert (
        '<a href="#id_ended_on_2">Enter the year of the last inspection day</a>'
        in summary
    )
    assert "The publication date must be a real date" in summary
