"""Rules for files people upload: generated storage names and content checks.

Files are stored under names we generate, never under a user-supplied path, and their
type is decided by their first bytes, not by the extension someone gave them.
"""

from __future__ import annotations

import uuid
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError

# Magic numbers of the types councils attach as evidence. Office files are ZIP
# containers; the extension then tells Word from Excel, but only among ZIP types.
_SIGNATURES: list[tuple[bytes, str]] = [
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"PK\x03\x04", "zip"),
]
# What an Office document's ZIP holds (its central directory names it, so nothing
# is unpacked to check): Office Open XML's main part, or OpenDocument's mimetype.
_ZIP_EXTENSIONS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}
_TEXT_EXTENSIONS = {"txt", "csv", "md"}
ALLOWED_EXTENSIONS = (
    {"pdf", "png", "jpg", "jpeg", "gif"} | set(_ZIP_EXTENSIONS) | _TEXT_EXTENSIONS
)


# Django's own words for a file field's errors ("The submitted file is empty."), in
# GOV.UK's: for the `error_messages` of every form's FileField.
FILE_FIELD_ERRORS = {
    "empty": "The selected file is empty",
    "invalid": "The selected file could not be uploaded: try again",
    "missing": "The selected file could not be uploaded: try again",
}


def file_size(num_bytes: int) -> str:
    """A size as GOV.UK writes it: "20MB", "1.5MB", "500KB", "10 bytes" (Django's
    filesizeformat writes "20.0\xa0MB"). Units of 1,024, as browsers and filesizeformat
    count them."""
    if num_bytes < 1024:
        return f"{num_bytes} byte{'' if num_bytes == 1 else 's'}"
    value, unit = num_bytes / 1024, "KB"
    for bigger in ("MB", "GB", "TB"):
        if round(value, 1) < 1024:
            break
        value, unit = value / 1024, bigger
    return f"{value:,.1f}".removesuffix(".0") + unit


def generated_name(prefix: str, original_name: str) -> str:
    """A storage path of our making, keeping only a safe, known extension."""
    extension = PurePath(original_name or "").suffix.lower().lstrip(".")
    suffix = f".{extension}" if extension in ALLOWED_EXTENSIONS else ""
    return f"{prefix}/{uuid.uuid4().hex}{suffix}"


def report_upload_to(instance, filename: str) -> str:
    return generated_name("reports", filename)


def evidence_upload_to(instance, filename: str) -> str:
    return generated_name("evidence", filename)


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is still text.
        if error.start < len(head) - 3:
            return False
    return True


def detect_type(head: bytes, filename: str) -> str | None:
    """The type a file's first bytes show, reconciled with its extension, or None."""
    extension = PurePath(filename or "").suffix.lower().lstrip(".")
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            if kind == "zip":
                return extension if extension in _ZIP_EXTENSIONS else None
            if kind == "jpeg":
                return "jpeg" if extension in {"jpg", "jpeg"} else None
            return kind if extension == kind else None
    if extension in _TEXT_EXTENSIONS and _looks_like_text(head):
        return extension
    return None


# Reading a ZIP's list of its entries (its central directory) costs time and memory
# for each entry: a crafted .docx of 225,000 empty entries took 2 s and 100MB. An
# Office document's list runs to tens of KB, so a longer one is refused unread.
MAX_ZIP_DIRECTORY = 512 * 1024


def _zip_directory_size(upload) -> int | None:
    """The size of a ZIP's list of entries as its end record gives it, which is
    all that zipfile reads of it; None if there is no end record, or a ZIP64 one
    (which no Office file within the upload limit needs, and which could say
    otherwise). Read from the file's last 64KB."""
    upload.seek(0, 2)
    size = upload.tell()
    tail_size = min(size, 65_557)  # the end record, and a comment of up to 64KB
    upload.seek(size - tail_size)
    tail = upload.read(tail_size)
    upload.seek(0)
    end = tail.rfind(b"PK\x05\x06")
    if end < 0 or end + 16 > len(tail):
        return None
    if end >= 20 and tail[end - 20 : end - 16] == b"PK\x06\x07":  # ZIP64 locator
        return None
    return int.from_bytes(tail[end + 12 : end + 16], "little")


def _is_office_document(upload, extension: str) -> bool:
    """Whether a ZIP is the Office document its extension says, not any archive
    renamed (a program, say): it must hold that format's own part."""
    expected = _ZIP_EXTENSIONS[extension]
    directory = _zip_directory_size(upload)
    if directory is None or directory > MAX_ZIP_DIRECTORY:
        return False
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if extension.startswith("od"):
                # OpenDocument's first entry, stored uncompressed: a few bytes.
                info = archive.getinfo("mimetype") if "mimetype" in names else None
                return bool(
                    info
                    and info.file_size < 100
                    and archive.read(info).decode("ascii", "replace") == expected
                )
            return expected in names and "[Content_Types].xml" in names
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False
    finally:
        upload.seek(0)


def validate_upload(upload, *, max_bytes: int | None = None) -> str:
    """Check an uploaded file's size and content type; return the detected type."""
    limit = max_bytes or settings.EVIDENCE_MAX_UPLOAD_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            "The selected file must be smaller than %(limit)s",
            code="file_too_large",
            params={"limit": file_size(limit)},
        )
    if not upload.size:
        raise ValidationError("The selected file is empty", code="file_empty")
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    kind = detect_type(head, upload.name)
    if kind in _ZIP_EXTENSIONS and not _is_office_document(upload, kind):
        kind = None
    if kind is None:
        raise ValidationError(
            "The selected file must be a PDF, Word, Excel, PowerPoint, image, CSV or "
            "text file, and its contents must match its name",
            code="file_type",
        )
    return kind
