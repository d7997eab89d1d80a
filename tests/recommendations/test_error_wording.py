"""Errors in GOV.UK's words, naming the field, never Django's defaults ("Enter a
valid date.", "Select a valid choice.", "The submitted file is empty.", "20.0 MB");
and a filter that cannot be read lists nothing, on the lists and the audit log."""

from html import unescape

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from inspections.files import FILE_FIELD_ERRORS, file_size, validate_upload
from recommendations import services
from tests.factories import RecommendationFactory

LIST = reverse("recommendations:recommendation_list")
AUDIT = reverse("audit_log")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"
DJANGO_WORDING = [
    "Enter a valid date",
    "Enter a number",
    "Ensure this value",
    "Select a valid choice",
    "is not one of the available choices",
    "The submitted file is empty",
]


def error_summary(response) -> str:
    html = response.content.decode()
    start = html.index('class="govuk-error-summary"')
    return unescape(html[start : html.index("</ul>", start)])


def assert_no_django_wording(response):
    html = unescape(response.content.decode())
    for words in DJANGO_WORDING:
        assert words not in html


# The lists' filters ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("due_before", "garbage", "'Due on or before' must be a real date"),
        ("due_after", "31/02/2026", "'Due on or after' must be a real date"),
        ("days_overdue", "-3", "'Overdue by at least (days)' must be 0 or more"),
        ("due_within", "-3", "'Due within (days)' must be 0 or more"),
        ("days_overdue", "abc", "'Overdue by at least (days)' must be a number"),
        ("due_within", "NaN", "'Due within (days)' must be a number"),
        ("due_within", "4000", "'Due within (days)' must be 3,650 or less"),
        ("status", "bogus", "Select a status from the list"),
        ("timescale", "bogus", "Select a timescale from the list"),
        ("kind", "bogus", "Select an inspection kind from the list"),
        ("team", "bogus", "Select an owning team from the list"),
        ("owner", "bogus", "Select a lead officer from the list"),
        ("authority", "bogus", "Select an authority from the list"),
        ("priority", "bogus", "Select yes, no or either for 'Priority action'"),
    ],
)
def test_a_list_filter_error_names_its_field_links_to_it_and_lists_nothing(
    manager_client, inspection, name, value, message
):
    RecommendationFactory(inspection=inspection, overdue=True)
    response = manager_client.get(LIST, {name: value})
    assert response.status_code == 200
    summary = error_summary(response)
    assert f'<a href="#id_{name}">' in summary
    assert message in summary
    assert_no_django_wording(response)
    assert list(response.context["table"].paginated_rows) == []


def test_the_due_soon_list_words_a_negative_number_of_days(manager_client, inspection):
    response = manager_client.get(
        reverse("recommendations:due_soon"), {"due_within": -3}
    )
    assert "'Due within (days)' must be 0 or more" in error_summary(response)
    assert_no_django_wording(response)


# The audit log's filters ----------------------------------------------------------


@pytest.fixture
def history(inspection, manager):
    services.create_recommendation(
        inspection=inspection, text="Improve return interviews.", user=manager
    )


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("date_from", "garbage", "'Changed on or after' must be a real date"),
        ("date_to", "32/1/2026", "'Changed on or before' must be a real date"),
        ("record", "bogus", "Select a record type from the list"),
        ("person", "bogus", "Select a person from the list"),
    ],
)
def test_an_audit_log_filter_error_names_its_field_links_to_it_and_lists_nothing(
    client, manager, history, name, value, message
):
    client.force_login(manager)
    assert client.get(AUDIT).context["entries"]  # there is history to list
    response = client.get(AUDIT, {name: value})
    assert response.status_code == 200
    summary = error_summary(response)
    assert f'href="#id_{name}"' in summary
    assert message in summary
    assert_no_django_wording(response)
    assert response.context["entries"] == []


def test_an_audit_log_range_that_ends_before_it_starts_lists_nothing(
    client, manager, history
):
    client.force_login(manager)
    response = client.get(AUDIT, {"date_from": "1/1/2000", "date_to": "1/1/1999"})
    assert "The end date must be on or after the start date" in error_summary(response)
    assert response.context["entries"] == []


def test_an_audit_log_page_without_filters_still_lists_changes(
    client, manager, history
):
    client.force_login(manager)
    assert client.get(AUDIT, {"page": "1"}).context["entries"]


# Files ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("num_bytes", "written"),
    [
        (1, "1 byte"),
        (10, "10 bytes"),
        (1024, "1KB"),
        (1536, "1.5KB"),
        (1024**2 - 1, "1MB"),
        (20 * 1024**2, "20MB"),
        (30 * 1024**2, "30MB"),
        (3 * 1024**3 // 2, "1.5GB"),
    ],
)
def test_file_sizes_are_written_as_govuk_writes_them(num_bytes, written):
    assert file_size(num_bytes) == written


def test_the_evidence_size_limit_is_worded_20mb(settings):
    settings.EVIDENCE_MAX_UPLOAD_BYTES = 20 * 1024**2
    upload = SimpleUploadedFile("minutes.pdf", PDF)
    upload.size = 21 * 1024**2
    with pytest.raises(ValidationError) as refused:
        validate_upload(upload)
    assert refused.value.messages == ["The selected file must be smaller than 20MB"]


def test_an_evidence_file_over_the_limit_is_refused_in_govuk_sizes(
    client, officer, inspection, team, settings
):
    settings.EVIDENCE_MAX_UPLOAD_BYTES = 1024
    rec = RecommendationFactory(inspection=inspection, team=team)
    client.force_login(officer)
    response = client.post(
        reverse("recommendations:evidence_add", args=[rec.pk]),
        {"description": "Big", "file": SimpleUploadedFile("big.pdf", PDF * 100)},
    )
    assert "The selected file must be smaller than 1KB" in error_summary(response)


def test_a_file_field_with_the_govuk_messages_calls_an_empty_file_empty():
    class UploadForm(forms.Form):
        file = forms.FileField(error_messages=FILE_FIELD_ERRORS)

    form = UploadForm(files={"file": SimpleUploadedFile("empty.pdf", b"")})
    assert form.errors["file"] == ["The selected file is empty"]


def test_an_empty_evidence_file_is_called_empty(client, officer, inspection, team):
    rec = RecommendationFactory(inspection=inspection, team=team)
    client.force_login(officer)
    response = client.post(
        reverse("recommendations:evidence_add", args=[rec.pk]),
        {"description": "Nothing", "file": SimpleUploadedFile("empty.pdf", b"")},
    )
    assert "The selected file is empty" in error_summary(response)


def test_the_evidence_form_hint_gives_the_limit_as_20mb(
    client, officer, inspection, team, settings
):
    settings.EVIDENCE_MAX_UPLOAD_BYTES = 20 * 1024**2
    rec = RecommendationFactory(inspection=inspection, team=team)
    client.force_login(officer)
    response = client.get(reverse("recommendations:evidence_add", args=[rec.pk]))
    assert "Files must be smaller than 20MB" in response.content.decode()
