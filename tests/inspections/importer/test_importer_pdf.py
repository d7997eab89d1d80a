"""Reading uploads: real PDFs, text files, and the files users get wrong."""

import io

import pytest
from pypdf import PdfWriter

from inspections.importer import ReportReadError, parse_file, read_pdf


def _blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _encrypted_pdf(reports_dir) -> bytes:
    writer = PdfWriter(clone_from=reports_dir / "dorset_2021-11-19.pdf")
    writer.encrypt(user_password="secret", owner_password="owner")
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


def test_pdf_without_a_text_layer_is_refused_as_probably_scanned():
    with pytest.raises(ReportReadError, match="no text layer; it may be scanned"):
        read_pdf(io.BytesIO(_blank_pdf()))


def test_damaged_pdf_is_refused():
    with pytest.raises(ReportReadError):
        read_pdf(io.BytesIO(b"%PDF-1.7\n this is not really a pdf \n%%EOF"))


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(ReportReadError, match="Cannot open"):
        read_pdf(tmp_path / "missing.pdf")
