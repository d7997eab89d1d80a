"""Reading uploads: real PDFs, text files, and the files users get wrong."""

import io
import logging

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.errors import DependencyError

from inspections.importer import ReportReadError, parse_file, read_pdf


def _blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _encrypted_pdf(reports_dir, user_password="secret") -> bytes:  # noqa: S107
    writer = PdfWriter(clone_from=reports_dir / "dorset_2021-11-19.pdf")
    writer.encrypt(user_password=user_password, owner_password="owner")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_read_pdf_from_a_path_and_from_a_file_object(reports_dir):
    path = reports_dir / "dorset_2021-11-19.pdf"

    from_path = read_pdf(path)
    with path.open("rb") as handle:
        from_handle = read_pdf(handle)

    assert from_path == from_handle
    assert "Inspection of Dorset local authority" in from_path


def test_parse_file_recognises_a_pdf_by_its_header(reports_dir):
    with (reports_dir / "dorset_2021-11-19.pdf").open("rb") as handle:
        draft = parse_file(handle)

    assert draft.authority == "Dorset"
    assert draft.inspection_type == "ilacs"


def test_parse_file_reads_text_in_utf8_or_windows_1252():
    text = "Areas for development\n• Caseloads are too high – and rising.\n"

    for encoding in ("utf-8", "cp1252"):
        draft = parse_file(io.BytesIO(text.encode(encoding)))
        assert draft.recommendations[0].text == "Caseloads are too high – and rising."


def test_not_a_pdf_is_refused_with_a_clear_message():
    with pytest.raises(ReportReadError, match="not a PDF"):
        read_pdf(io.BytesIO(b"PK\x03\x04 a zip file"))


def test_empty_file_is_refused():
    with pytest.raises(ReportReadError, match="empty"):
        read_pdf(io.BytesIO(b""))
    with pytest.raises(ReportReadError, match="empty"):
        parse_file(io.BytesIO(b""))


def test_encrypted_pdf_is_refused(reports_dir):
    with pytest.raises(ReportReadError, match="encrypted"):
        read_pdf(io.BytesIO(_encrypted_pdf(reports_dir)))


def test_pdf_with_only_an_owner_password_is_read(reports_dir):
    text = read_pdf(io.BytesIO(_encrypted_pdf(reports_dir, user_password="")))

    assert "Inspection of Dorset local authority" in text


def test_pdf_encrypted_in_a_way_pypdf_cannot_decrypt_is_refused_plainly(
    reports_dir, monkeypatch
):
    def needs_cryptography(self, password):
        raise DependencyError("cryptography>=3.1 is required for AES algorithm")

    monkeypatch.setattr(PdfReader, "decrypt", needs_cryptography)

    with pytest.raises(ReportReadError) as refused:
        read_pdf(io.BytesIO(_encrypted_pdf(reports_dir, user_password="")))

    assert str(refused.value) == (
        "This PDF is encrypted in a way the importer cannot read: save an "
        "unprotected copy and upload that."
    )


def test_pdf_without_a_text_layer_is_refused_as_probably_scanned():
    with pytest.raises(ReportReadError, match="no text layer; it may be scanned"):
        read_pdf(io.BytesIO(_blank_pdf()))


def test_damaged_pdf_is_refused_in_plain_words_and_the_detail_logged(caplog):
    with (
        caplog.at_level(logging.INFO, logger="inspections.importer.pdf"),
        pytest.raises(ReportReadError) as refused,
    ):
        read_pdf(io.BytesIO(b"%PDF-1.7\n this is not really a pdf \n%%EOF"))

    assert str(refused.value) == (
        "This PDF is damaged and cannot be read: save it again from the program "
        "that made it, or paste its text instead."
    )
    assert caplog.records[-1].exc_info  # pypdf's own words, for whoever debugs it


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(ReportReadError, match="Cannot open"):
        read_pdf(tmp_path / "missing.pdf")
