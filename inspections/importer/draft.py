"""The result of parsing a report: a draft for a person to check and save."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

INSPECTION_TYPES = (
    "apa",
    "jar",
    "safeguarding_lac",
    "unannounced_referral_assessment",
    "child_protection",
    "looked_after_children",
    "sif",
    "ilacs",
    "focused_visit",
    "monitoring_visit",
    "jtai",
    "self_assessment",
    "other",
)
TIMESCALES = ("immediate", "3_months", "6_months", "longer_term", "unspecified")


@dataclass
class DraftRecommendation:
    """One recommendation as found; ``source`` is the report paragraph it came from."""

    text: str
    timescale: str = "unspecified"
    section: str | None = None
    priority: bool = False
    source: str = ""

    def to_json_dict(self) -> dict[str, Any]:
        # ``source`` is for showing beside the row in the review screen only.
        return {
            "text": self.text,
            "timescale": self.timescale,
            "section": self.section,
            "priority": self.priority,
        }


@dataclass
class DraftJudgement:
    """One graded area: the grade as written and its normalised tier."""

    area: str
    grade: str
    tier: str | None
    section: str | None = None

    def to_json_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"area": self.area, "grade": self.grade}
        # The seed format leaves "section" out when a report has one table only.
        if self.section is not None:
            data["section"] = self.section
        data["tier"] = self.tier
        return data


@dataclass
class Draft:
    """Everything the importer could read from one report, plus what it could not."""

    authority: str | None = None
    inspection_type: str = "other"
    inspectorate: str | None = None
    inspection_start: dt.date | None = None
    inspection_end: dt.date | None = None
    published: dt.date | None = None
    recommendations: list[DraftRecommendation] = field(default_factory=list)
    judgements: list[DraftJudgement] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_json_dict(self) -> dict[str, Any]:
        """The import result in the shape of shared/seeds/*.json."""

        def iso(day: dt.date | None) -> str | None:
            return day.isoformat() if day else None

        return {
            "authority": self.authority,
            "inspection_type": self.inspection_type,
            "inspectorate": self.inspectorate,
            "inspection_start": iso(self.inspection_start),
            "inspection_end": iso(self.inspection_end),
            "published": iso(self.published),
            "recommendations": [r.to_json_dict() for r in self.recommendations],
            "judgements": [j.to_json_dict() for j in self.judgements],
        }
