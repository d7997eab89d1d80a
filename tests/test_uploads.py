"""Uploads: size refused before the body is read, type decided by content."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from inspections.files import generated_name, validate_upload


class UnreadableBody:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the request body was read")

    readline = read


def test_an_oversized_request_is_refused_before_its_body_is_read(client, officer):
    client.force_login(officer)
    response = client.generic(
        "POST",
        reverse("dashboard"),
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(10 * 1024**3),
        **{"wsgi.input": UnreadableBody()},
    )
    assert response.status_code == 413
    assert b"The file is too large" in response.content
    assert b"20MB" in response.content
    # Its page carries the headers every page carries.
    assert "Content-Security-Policy" in response.headers
    assert response.headers["X-Frame-Options"] == "DENY"


def test_an_oversized_report_is_told_the_report_limit(client, superuser):
    client.force_login(superuser)
    response = client.generic(
        "POST",
        reverse("inspections:import_report"),
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(10 * 1024**3),
        **{"wsgi.input": UnreadableBody()},
    )
    assert response.status_code == 413
    assert b"smaller than 30MB" in response.content


def test_the_limit_follows_the_settings(client, officer, settings):
    settings.REQUEST_MAX_BYTES = 1000
    client.force_login(officer)
    big = SimpleUploadedFile("minutes.pdf", b"%PDF-1.4\n" + b"x" * 2000)
    assert client.post(reverse("dashboard"), {"file": big}).status_code == 413
    small = SimpleUploadedFile("minutes.pdf", b"%PDF-1.4\n")
    assert client.post(reverse("dashboard"), {"file": small}).status_code != 413


def zipped(*entries: tuple[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = zipped(("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w/>"))
XLSX = zipped(("[Content_Types].xml", b"<Types/>"), ("xl/workbook.xml", b"<x/>"))
ODT = zipped(
    ("mimetype", b"application/vnd.oasis.opendocument.text"),
    ("content.xml", b"<office/>"),
)


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("minutes.pdf", b"%PDF-1.7\n...", "pdf"),
        ("chart.png", b"\x89PNG\r\n\x1a\n....", "png"),
        ("photo.JPG", b"\xff\xd8\xff\xe0....", "jpeg"),
        ("plan.docx", DOCX, "docx"),
        ("figures.xlsx", XLSX, "xlsx"),
        ("notes.odt", ODT, "odt"),
        ("figures.csv", b"month,count\nMay,4\n", "csv"),
    ],
)
def test_files_are_accepted_when_their_content_matches_their_name(name, content, kind):
    assert validate_upload(SimpleUploadedFile(name, content)) == kind


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("minutes.pdf", b"MZ\x90\x00 a Windows program"),
        ("minutes.pdf", b"\x89PNG\r\n\x1a\n a picture"),
        ("report.exe", b"%PDF-1.7"),
        ("page.html", b"<html><script>alert(1)</script>"),
        ("archive.zip", b"PK\x03\x04"),
        # Any archive renamed: a Word name on a ZIP of a program, Excel's parts
        # named .docx, a broken ZIP, OpenDocument's text named a spreadsheet.
        ("plan.docx", zipped(("setup.exe", b"MZ\x90\x00"))),
        ("plan.docx", XLSX),
        ("plan.docx", b"PK\x03\x04...."),
        ("figures.ods", ODT),
        ("notes.txt", b"\x00\x01binary"),
        ("empty.pdf", b""),
    ],
)
def test_files_whose_content_does_not_match_are_refused(name, content):
    with pytest.raises(ValidationError):
        validate_upload(SimpleUploadedFile(name, content))


def crowded_docx(entries: int) -> bytes:
    return zipped(
        ("[Content_Types].xml", b"<Types/>"),
        ("word/document.xml", b"<w/>"),
        *((f"word/media/{n}.png", b"") for n in range(entries)),
    )


def with_declared_count(data: bytes, count: int) -> bytes:
    """The ZIP with its end record's entry counts overwritten (zipfile ignores
    them, and reads every entry its list holds)."""
    end = data.rfind(b"PK\x05\x06")
    counts = count.to_bytes(2, "little") * 2
    return data[: end + 8] + counts + data[end + 12 :]


@pytest.mark.parametrize("declared", [None, 2])
def test_a_document_whose_list_of_entries_is_too_long_is_refused_unread(
    monkeypatch, declared
):
    """A crafted .docx of 225,000 empty entries took 2 s and 100MB to check. The
    length of its list, which is what reading it costs, is refused first, even
    when its end record understates how many entries there are."""
    import inspections.files

    monkeypatch.setattr(inspections.files, "MAX_ZIP_DIRECTORY", 300)
    crowded = crowded_docx(entries=5)
    if declared is not None:
        crowded = with_declared_count(crowded, declared)
    opened = []
    monkeypatch.setattr(zipfile, "ZipFile", lambda *a, **k: opened.append(a))
    with pytest.raises(ValidationError):
        validate_upload(SimpleUploadedFile("plan.docx", crowded))
    assert opened == []


def test_a_document_of_a_few_hundred_entries_is_accepted():
    assert validate_upload(SimpleUploadedFile("plan.docx", crowded_docx(300))) == (
        "docx"
    )


def test_a_file_over_the_evidence_limit_is_refused(settings):
    settings.EVIDENCE_MAX_UPLOAD_BYTES = 10
    with pytest.raises(ValidationError, match="must be smaller"):
        validate_upload(SimpleUploadedFile("minutes.pdf", b"%PDF-1.7 and more"))


@pytest.mark.parametrize(
    "original", ["../../etc/passwd", "C:\\Windows\\evil.pdf", "<b>.pdf", "a.php"]
)
def test_storage_names_never_use_the_uploaded_path(original):
    name = generated_name("evidence", original)
    assert name.startswith("evidence/")
    assert ".." not in name and "\\" not in name and "<" not in name
    assert not name.endswith(".php")
