"""The stored report file: downloaded by those who may see the inspection only."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from tests.factories import InspectionFactory

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def reported(authority):
    inspection = InspectionFactory(authority=authority, report_filename="ofsted.pdf")
    inspection.report_file.save("ofsted.pdf", ContentFile(PDF))
    return inspection


def url(inspection) -> str:
    return reverse("inspections:inspection_report", args=[inspection.pk])


def test_anonymous_people_are_sent_to_sign_in(client, reported):
    response = client.get(url(reported))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_member_downloads_the_report_as_an_attachment(client, officer, reported):
    client.force_login(officer)

    response = client.get(url(reported))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="ofsted.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_another_authoritys_report_is_not_found(client, outsider, reported):
    client.force_login(outsider)

    assert client.get(url(reported)).status_code == 404


def test_an_inspection_without_a_report_file_has_nothing_to_download(
    client, officer, inspection
):
    client.force_login(officer)

    assert client.get(url(inspection)).status_code == 404


def test_the_inspection_page_links_to_the_report(client, officer, reported):
    client.force_login(officer)

    page = client.get(reported.get_absolute_url())

    assert url(reported).encode() in page.content
