"""parse_text: report text in, Draft out, whatever the text."""

from __future__ import annotations

import logging

from . import judgements, recommendations
from .dates import find_inspection_dates, find_letter_date, find_published
from .detect import detect_authority, detect_inspectorate, detect_kind
from .draft import INSPECTION_TYPES, Draft
from .text import clean_lines

logger = logging.getLogger(__name__)

RECOMMENDATION_READERS = {
    "apa": recommendations.apa,
    "jar": recommendations.areas_for_improvement,
    "safeguarding_lac": recommendations.areas_for_improvement,
    "child_protection": recommendations.areas_for_improvement,
    "looked_after_children": recommendations.areas_for_improvement,
    "sif": recommendations.sif,
    "ilacs": recommendations.ilacs,
    "self_assessment": recommendations.self_assessment,
}
JUDGEMENT_READERS = {
    "apa": judgements.apa,
    "jar": judgements.jar,
    "safeguarding_lac": judgements.record_of_main_findings,
    "child_protection": judgements.record_of_main_findings,
    "looked_after_children": judgements.record_of_main_findings,
    "sif": judgements.sif,
    "ilacs": judgements.ilacs,
}


def parse_text(
    text: str, *, authority: str | None = None, kind: str | None = None
) -> Draft:
    """Read a report's text into a Draft.

    ``authority`` and ``kind`` override detection when the user already knows
    them.  Never raises: what cannot be read is reported in ``Draft.warnings``
    so the person importing can fill it in.
    """
    draft = Draft()
    try:
        _fill(draft, text or "", authority=authority, kind=kind)
    except Exception:  # a parser bug must not lose the user's upload
        logger.exception("report parser failed")
        draft.warnings.append(
            "The importer failed part-way through this report; check every field."
        )
    return draft


def _fill(draft: Draft, text: str, *, authority: str | None, kind: str | None) -> None:
    lines = clean_lines(text)
    if kind is not None and kind not in INSPECTION_TYPES:
        draft.warnings.append(
            f"Unknown inspection type {kind!r}; detecting it instead."
        )
        kind = None
    draft.inspection_type = kind or detect_kind(lines)
    if draft.inspection_type == "other":
        draft.warnings.append("Could not tell which kind of inspection this is.")
    draft.authority = authority or detect_authority(lines, draft.inspection_type)
    if not draft.authority:
        draft.warnings.append("Could not find the authority's name.")
    draft.inspectorate = (
        None
        if draft.inspection_type == "self_assessment"
        else detect_inspectorate(lines, draft.inspection_type)
    )
    joined = " ".join(line for line in lines if line)
    draft.inspection_start, draft.inspection_end = find_inspection_dates(joined)
    draft.published = find_published(joined) or find_letter_date(lines)
    if not (draft.inspection_start or draft.published):
        draft.warnings.append("Could not find the inspection or publication dates.")
    elif not draft.published:
        draft.warnings.append(
            "No publication date in the report; due dates will count from the "
            "last inspection day."
        )
    reader = RECOMMENDATION_READERS.get(draft.inspection_type, recommendations.letter)
    draft.recommendations = reader(lines)
    if not draft.recommendations and draft.inspection_type not in {
        "monitoring_visit",
        "other",
    }:
        draft.recommendations = recommendations.letter(lines)
    if not draft.recommendations:
        draft.warnings.append("No recommendations found.")
    judgement_reader = JUDGEMENT_READERS.get(draft.inspection_type)
    if judgement_reader:
        draft.judgements = judgement_reader(lines)
        if not draft.judgements:
            draft.warnings.append("No judgements (grades) found.")
