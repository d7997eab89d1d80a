"""Saving an imported report: a Draft (inspections.importer) in, an Inspection out.

The web flow and `manage.py import_report` both end here, so a report is saved the
same way whichever route it came by: one transaction, through the services, with
the authority matched by name and a duplicate refused.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from inspections import services as inspection_services
from inspections.choices import InspectionKind
from inspections.files import detect_type, validate_upload
from inspections.importer import Draft, ReportReadError, parse_file
from inspections.models import Authority, Inspection
from inspections.services import save_with_history
from recommendations import permissions
from recommendations import services as recommendation_services

# The kinds of file a report may come as (inspections.files.detect_type's names).
REPORT_TYPES = ("pdf", "txt")
NOT_A_REPORT = (
    "The file must be a PDF or a text file, and its contents must match its name"
)
SELF_ASSESSED = "Self-assessment"
NO_DATE = (
    "Enter the publication date or the inspection days: an inspection needs at "
    "least one date"
)
# Words that differ between the ways one council is named ("Trafford Council",
# "Trafford Metropolitan Borough Council", "City of York Council").
_NAME_NOISE = re.compile(
    r"\b(?:council|metropolitan|borough|county|city|district|london|royal|of|the)\b"
)


class DuplicateInspection(ValidationError):
    """The report was imported already; `existing` is the inspection it made."""

    def __init__(self, existing: Inspection):
        self.existing = existing
        super().__init__("This inspection has already been imported", code="duplicate")


def validate_report_upload(upload) -> None:
    """An uploaded report's size, and that it is a PDF or text file by its contents
    (inspections.files.validate_upload), in the importer's words: the browser
    importer and the admin's report field both check with this."""
    try:
        kind = validate_upload(upload, max_bytes=settings.REPORT_MAX_UPLOAD_BYTES)
    except ValidationError as error:
        if error.code != "file_type":
            raise
        kind = None
    if kind not in REPORT_TYPES:
        raise ValidationError(NOT_A_REPORT, code="file_type")


def read_report(
    data: bytes, *, filename: str, authority: str | None = None, kind: str | None = None
) -> Draft:
    """Parse an uploaded report after checking that it really is a PDF or text.

    Raises ReportReadError, whose message is for the person importing.
    """
    if not data:
        raise ReportReadError("The file is empty.")
    if detect_type(data[:2048], filename) not in REPORT_TYPES:
        raise ReportReadError(NOT_A_REPORT)
    return parse_file(data, authority=authority, kind=kind)


def _core(name: str) -> str:
    return " ".join(_NAME_NOISE.sub(" ", name.lower().replace("&", " ")).split())


def match_authority(name: str, *, queryset=None) -> Authority | None:
    """The authority a report names: exact name, any case, then the same place.

    "Trafford Council" finds "Trafford Metropolitan Borough Council". None when
    nothing matches; a ValidationError when more than one place does.
    """
    name = (name or "").strip()
    if not name:
        return None
    queryset = Authority.objects.all() if queryset is None else queryset
    for lookup in ("name", "name__iexact"):
        found = queryset.filter(**{lookup: name}).first()
        if found:
            return found
    core = _core(name)
    if not core:
        return None
    candidates = [a for a in queryset.only("pk", "name") if _core(a.name) == core]
    if len(candidates) > 1:
        raise ValidationError(
            "More than one authority matches %(name)s: %(names)s. Choose one.",
            code="ambiguous_authority",
            params={"name": name, "names": ", ".join(a.name for a in candidates)},
        )
    return candidates[0] if candidates else None


def require_a_date(*, started_on, ended_on, published_on) -> None:
    """An inspection needs a date to count its due dates from (the database's
    inspections_inspection_has_a_date refuses it too, in words for developers)."""
    if not (started_on or ended_on or published_on):
        raise ValidationError({"published_on": NO_DATE}, code="no_date")


def existing_authority(name: str, *, user) -> Authority | None:
    """The authority already in the tracker that a report names, or None.

    One of the user's own authorities first; then any, so a council is never added
    twice: one outside the user's authorities is refused, as they may not import
    for it (superusers see every authority).
    """
    found = match_authority(name, queryset=Authority.objects.visible_to(user))
    if found:
        return found
    try:
        found = match_authority(name)
    except ValidationError as error:  # several, none of them the user's to name
        raise ValidationError(
            {
                "authority": f"{name} is already in the tracker: ask an administrator "
                "to give you access to it"
            },
            code="authority_not_yours",
        ) from error
    if found:
        raise ValidationError(
            {
                "authority": f"{found.name} is already in the tracker: ask an "
                "administrator to give you access to it"
            },
            code="authority_not_yours",
        )
    return None


def _create_authority(name: str, *, user) -> Authority:
    permissions.require(
        permissions.can_create_authority(user),
        f"There is no authority called {name}, and only an administrator who may "
        "add authorities can create it.",
    )
    base = slugify(name)[:190] or "authority"
    slug, number = base, 1
    while Authority.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    authority = Authority(name=name, slug=slug)
    try:
        with transaction.atomic():
            save_with_history(
                authority, user=user, reason="Created by the report importer"
            )
    except (IntegrityError, ValidationError):
        # Another import of the same report created it since we looked (its unique
        # name refused this copy): that one is this report's authority.
        found = existing_authority(name, user=user)
        if found is None:
            raise
        return found
    return authority


def _authority_for(draft: Draft, *, user) -> Authority:
    name = (draft.authority or "").strip()
    if not name:
        raise ValidationError({"authority": "Enter the authority's name"})
    return existing_authority(name, user=user) or _create_authority(name, user=user)


@transaction.atomic
def save_draft(
    *, draft: Draft, user, report_file: File | None = None, authority=None
) -> Inspection:
    """Create the inspection, its judgements and recommendations from a checked draft.

    `authority` (an Authority) overrides the draft's name. All or nothing: if any
    row is invalid nothing is kept, not even the stored report file.
    """
    permissions.require(
        permissions.can_import_reports(user),
        "Only an administrator can import inspection reports.",
    )
    dates = {
        "started_on": draft.inspection_start,
        "ended_on": draft.inspection_end,
        "published_on": draft.published,
    }
    require_a_date(**dates)
    if authority is None:
        authority = _authority_for(draft, user=user)
    else:
        permissions.require(
            Authority.objects.visible_to(user).filter(pk=authority.pk).exists()
        )
    # Saves of one authority's reports take turns (a double click, two tabs), so
    # the second finds the first's inspection rather than making a twin.
    authority = Authority.objects.select_for_update(no_key=True).get(pk=authority.pk)
    existing = inspection_services.find_duplicate(
        authority=authority, kind=draft.inspection_type, **dates
    )
    if existing:
        raise DuplicateInspection(existing)
    inspectorate = draft.inspectorate or (
        SELF_ASSESSED
        if draft.inspection_type == InspectionKind.SELF_ASSESSMENT
        else "Ofsted"
    )
    inspection = None
    try:
        inspection = inspection_services.create_inspection(
            authority=authority,
            kind=draft.inspection_type,
            user=user,
            inspectorate=inspectorate,
            report_file=report_file,
            report_filename=_basename(report_file.name) if report_file else "",
            **dates,
        )
        for position, judgement in enumerate(draft.judgements):
            inspection_services.add_judgement(
                inspection=inspection,
                user=user,
                area=judgement.area,
                grade=judgement.grade,
                tier=judgement.tier or "",
                section=judgement.section or "",
                position=position,
            )
        for position, item in enumerate(draft.recommendations):
            recommendation_services.create_recommendation(
                inspection=inspection,
                user=user,
                text=item.text,
                timescale=item.timescale,
                section=item.section or "",
                priority=item.priority,
                reference=str(position + 1),
                position=position,
            )
    except Exception:
        # The rows roll back with the transaction; the stored file would not.
        if inspection is not None and inspection.report_file:
            inspection.report_file.storage.delete(inspection.report_file.name)
        raise
    return inspection


def _basename(name: str) -> str:
    return re.split(r"[\\/]", name or "")[-1][-255:]
