"""The report importer: inspection report text or PDF in, a Draft out.

Pure functions, no database: the web flow and the management command show the
Draft to a person, who corrects it and saves it through the services.

    from inspections.importer import parse_file
    draft = parse_file("report.pdf")
    draft.to_json_dict()
"""

from __future__ import annotations

from .draft import Draft, DraftJudgement, DraftRecommendation
from .parse import parse_text
from .pdf import ReportReadError, parse_file, read_pdf

__all__ = [
    "Draft",
    "DraftJudgement",
    "DraftRecommendation",
    "ReportReadError",
    "parse_file",
    "parse_text",
    "read_pdf",
]
