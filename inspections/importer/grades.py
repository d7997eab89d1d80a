"""Grade wording -> normalised tier, across the inspection eras.

The report's own wording is kept as ``grade``; the tier lets the app compare an
APA "3", a 2010 "Grade 2 (good)" and an ILACS "Good" on one scale.
"""

from __future__ import annotations

import re

TIERS = ("outstanding", "good", "adequate", "requires_improvement", "inadequate")

# Word grades, longest first so "requires improvement to be good" is not read as
# "good", and "inadequate" is not read as "adequate".
GRADE_WORDS_RE = re.compile(
    r"(?i)\b(outstanding|excellent|requires?\s+improvement(?:\s+to\s+be\s+good)?"
    r"|inadequate|adequate|good)\b"
)

# A grade phrase that is the whole cell / the end of a table row.
GRADE_AT_END_RE = re.compile(
    r"(?i)(?:^|\s)(outstanding|requires?\s+improvement(?:\s+to\s+be\s+good)?"
    r"|inadequate|adequate|good)\s*\.?\s*$"
)

# "Grade 2 (good)", "Grade 4 (Inadequate)"
NUMBERED_GRADE_RE = re.compile(r"(?i)\bgrade\s+([1-4])\b(?:\s*\(\s*([a-z ]+?)\s*\))?")

_WORD_TIER = {
    "outstanding": "outstanding",
    "excellent": "outstanding",
    "good": "good",
    "adequate": "adequate",
    "inadequate": "inadequate",
}

# APA letters 2005-2008 grade upwards (4 is best); 2009-2012 inspections grade
# downwards (Grade 1 is best).  The scale is chosen by the caller from the kind.
_APA_SCALE = {"4": "outstanding", "3": "good", "2": "adequate", "1": "inadequate"}
_GRADE_SCALE = {"1": "outstanding", "2": "good", "3": "adequate", "4": "inadequate"}


def tier_for(grade: str, *, scale: str = "words") -> str | None:
    """Return the tier for a grade as written, or None when it is not a grade.

    ``scale`` is "apa" for APA letters' 1-4 numbers (4 = outstanding) and
    "grade" for the 2009-2012 "Grade 1-4" numbers (1 = outstanding); words are
    understood on any scale.
    """
    text = " ".join(grade.split()).casefold()
    if not text:
        return None
    if text.isdigit():
        table = _APA_SCALE if scale == "apa" else _GRADE_SCALE
        return table.get(text)
    numbered = NUMBERED_GRADE_RE.search(text)
    if numbered:
        if numbered.group(2):
            word_tier = tier_for(numbered.group(2))
            if word_tier:
                return word_tier
        return _GRADE_SCALE[numbered.group(1)]
    if re.search(r"requires?\s+improvement", text):
        return "requires_improvement"
    match = GRADE_WORDS_RE.search(text)
    if match:
        return _WORD_TIER.get(match.group(1).casefold())
    return None
