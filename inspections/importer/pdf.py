"""Reading uploaded files: PDFs through pypdf, anything else as text."""

from __future__ import annotations

import io
import logging
from pathlib import Path
from typing import IO

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError

from .draft import Draft
from .parse import parse_text

logger = logging.getLogger(__name__)

PDF_MAGIC = b"%PDF"
# Fewer letters than this over the whole document means no text layer.
MIN_TEXT_CHARS = 20


class ReportReadError(Exception):
    """The file cannot be read as a report; the message is for the user."""


# What the person importing is told; pypdf's own words go to the log only.
ENCRYPTED = (
    "This PDF is encrypted (password-protected): save an unprotected copy and "
    "upload that."
)
UNSUPPORTED_ENCRYPTION = (
    "This PDF is encrypted in a way the importer cannot read: save an unprotected "
    "copy and upload that."
)
DAMAGED = (
    "This PDF is damaged and cannot be read: save it again from the program that "
    "made it, or paste its text instead."
)


FileInput = str | Path | bytes | IO[bytes]


def _read_bytes(file: FileInput) -> bytes:
    if isinstance(file, bytes):
        return file
    if isinstance(file, str | Path):
        try:
            return Path(file).read_bytes()
        except OSError as error:
            raise ReportReadError(f"Cannot open the file: {error.strerror}.") from error
    data = file.read()
    if isinstance(data, str):
        return data.encode("utf-8")
    return data


def read_pdf(file: FileInput) -> str:
    """The text of a PDF (path, bytes or binary file object), pages split by \\f.

    Raises ReportReadError when the file is empty, not a PDF, encrypted,
    damaged, or has no text layer (a scan).
    """
    data = _read_bytes(file)
    if not data:
        raise ReportReadError("The file is empty.")
    if not data.lstrip()[:4] == PDF_MAGIC:
        raise ReportReadError("This file is not a PDF.")
    try:
        reader = PdfReader(io.BytesIO(data))
        # A PDF with only an owner password (it restricts printing or editing)
        # opens with an empty user password, as it does in any PDF viewer.
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReportReadError(ENCRYPTED)
        pages = [page.extract_text() or "" for page in reader.pages]
    except ReportReadError:
        raise
    except FileNotDecryptedError as error:
        raise ReportReadError(ENCRYPTED) from error
    except DependencyError as error:
        logger.warning("pypdf cannot decrypt an upload: %s", error)
        raise ReportReadError(UNSUPPORTED_ENCRYPTION) from error
    except Exception as error:  # noqa: BLE001 - pypdf fails many ways on bad input
        logger.info("pypdf could not read an upload", exc_info=True)
        raise ReportReadError(DAMAGED) from error
    text = "\n\f".join(pages)
    if sum(char.isalpha() for char in text) < MIN_TEXT_CHARS:
        raise ReportReadError("this PDF has no text layer; it may be scanned")
    return text


def decode_text(data: bytes) -> str:
    """Decode a text upload: UTF-8 (with or without BOM), else Windows-1252."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def parse_file(
    file: FileInput, *, authority: str | None = None, kind: str | None = None
) -> Draft:
    """Parse a PDF (recognised by its %PDF header) or a text file into a Draft."""
    data = _read_bytes(file)
    if not data:
        raise ReportReadError("The file is empty.")
    is_pdf = data.lstrip()[:4] == PDF_MAGIC
    text = read_pdf(data) if is_pdf else decode_text(data)
    return parse_text(text, authority=authority, kind=kind)
