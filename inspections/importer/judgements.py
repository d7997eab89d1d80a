"""Finding the graded judgements, family by family."""

from __future__ import annotations

import re

from .draft import DraftJudgement
from .grades import GRADE_AT_END_RE, tier_for
from .recommendations import LOCAL_AUTHORITY, LSCB

# --- 2009-2013 inspections: the "Record of main findings" table -------------

# The table's title, not its line in the contents (which ends in a page number).
RECORD_RE = re.compile(r"(?i)^record\s+of\s+main\s+findings\b(?!.*\d\s*$)")
# Rows of that table that start one of its parts.
RECORD_SECTION_RE = re.compile(
    r"(?i)^(?:safeguarding\s+services|services\s+for\s+looked\s+after\s+children"
    r"|(?:services\s+for\s+)?child\s+protection(?:\s+services)?"
    r"|local\s+authority\s+arrangements\s+for\s+the\s+protection\s+of\s+children)$"
)
CONTINUES_RE = re.compile(r"(?i)\b(?:and|of|to|in|for|the|that|with|by|including)$")


def record_of_main_findings(lines: list[str]) -> list[DraftJudgement]:
    """Rows "Area Grade" under "Record of main findings", by part.

    A row without a grade is either a subheading ("Outcomes for children and
    young people") or the first line of a wrapped area name; it is kept only
    when the next line plainly continues it.
    """
    start = next((i for i, line in enumerate(lines) if RECORD_RE.match(line)), None)
    if start is None:
        return []
    found: list[DraftJudgement] = []
    section: str | None = None
    pending = ""
    for index in range(start + 1, min(len(lines), start + 120)):
        line = lines[index]
        if not line:
            continue
        if RECORD_SECTION_RE.match(line):
            section, pending = line[:1].upper() + line[1:], ""
            continue
        match = GRADE_AT_END_RE.search(line)
        if match:
            area = " ".join(f"{pending} {line[: match.start()]}".split())
            grade = match.group(1)
            if area or pending:
                found.append(DraftJudgement(area, grade, tier_for(grade), section))
            pending = ""
            continue
        following = next((n for n in lines[index + 1 : index + 3] if n), "")
        lone_grade = GRADE_AT_END_RE.fullmatch(" " + following)
        if pending and line[:1].islower():
            pending = f"{pending} {line}"
        elif CONTINUES_RE.search(line) or following[:1].islower() or lone_grade:
            pending = line
        else:
            pending = ""
        if len(pending) > 300:
            break
    return found


# --- SIF: the summary table on the first page, and the LSCB's grade ----------

# A grade in prose ("are good", "require improvement to be good").
_GRADE = (
    r"(outstanding|good|adequate|inadequate"
    r"|requires?\s+improvement(?:\s+to\s+be\s+good)?)"
)
SIF_OVERALL_RE = re.compile(
    rf"(?i)(?:the\s+overall\s+judgement\s+is|children[’']s\s+services\s+in\s+"
    rf"[\w’' -]{{1,40}}?\s+(?:are|is)?)\s*{_GRADE}\b"
)
# "1. Children who need help and protection Requires improvement"
SIF_ROW_RE = re.compile(
    r"(?:^|\s)(\d(?:\.\d)?)\.?\s+([A-Z][A-Za-z,’' -]{5,90}?)\s+"
    r"(Outstanding|Good|Adequate|Inadequate|Requires\s+improvement"
    r"(?:\s+to\s+be\s+good)?)\b"
)
SIF_LSCB_RE = re.compile(
    rf"(?im)^(?:the\s+effectiveness\s+of\s+)?the\s+local\s+safeguarding\s+children"
    rf"\s+board(?:\s+\(lscb\))?\s+(?:is\s+)?{_GRADE}\b"
)
SUMMARY_END_RE = re.compile(r"(?i)^(?:contents|executive\s+summary|section\s+1\b)")


def sif(lines: list[str]) -> list[DraftJudgement]:
    """Overall effectiveness, the numbered key judgements, and the LSCB's grade."""
    end = next(
        (
            i
            for i, line in enumerate(lines[:120])
            if i > 5 and SUMMARY_END_RE.match(line)
        ),
        min(len(lines), 80),
    )
    head = " ".join(line for line in lines[:end] if line)
    found: list[DraftJudgement] = []
    overall = SIF_OVERALL_RE.search(head)
    if overall:
        grade = " ".join(overall.group(1).split())
        found.append(
            DraftJudgement(
                "Overall effectiveness", grade, tier_for(grade), LOCAL_AUTHORITY
            )
        )
    for match in SIF_ROW_RE.finditer(head):
        grade = " ".join(match.group(3).split())
        area = " ".join(match.group(2).split())
        found.append(DraftJudgement(area, grade, tier_for(grade), LOCAL_AUTHORITY))
    lscb = SIF_LSCB_RE.search("\n".join(lines))
    if lscb:
        grade = " ".join(lscb.group(1).split())
        found.append(
            DraftJudgement(
                "The effectiveness of the Local Safeguarding Children Board",
                grade,
                tier_for(grade),
                LSCB,
            )
        )
    return found


# --- ILACS: the judgement table at the top ------------------------------------

ILACS_TABLE_START_RE = re.compile(r"(?i)^judgement\s+grade$|^judgement$")


def ilacs(lines: list[str]) -> list[DraftJudgement]:
    """Rows of the "Judgement / Grade" table, ending at "Overall effectiveness"."""
    start = next(
        (i for i, line in enumerate(lines[:80]) if ILACS_TABLE_START_RE.match(line)),
        None,
    )
    if start is None:
        return []
    found: list[DraftJudgement] = []
    pending = ""
    for line in lines[start + 1 : start + 40]:
        if not line or line.casefold() == "grade":
            continue
        match = GRADE_AT_END_RE.search(line)
        if match:
            area = " ".join(f"{pending} {line[: match.start()]}".split())
            grade = " ".join(match.group(1).split())
            if area:
                found.append(DraftJudgement(area, grade, tier_for(grade)))
            pending = ""
            if area.casefold().startswith("overall effectiveness"):
                break
            continue
        pending = f"{pending} {line}".strip()
        if len(pending) > 200:
            break
    return found


# --- JARs: the "Grades" table (APA scale: 4 = outstanding) -------------------

JAR_SCALE_RE = re.compile(r"(?i)^4\s*:\s*outstanding\b")
# "Staying safe 2 2": local services overall, then council services if graded.
JAR_ROW_RE = re.compile(r"^([A-Z][^\d]{3,120}?)\s+([1-4])(?:\s+[1-4])?$")


def jar(lines: list[str]) -> list[DraftJudgement]:
    """Rows under the scale line "4: outstanding; 3: good; ..."; first column."""
    start = next((i for i, line in enumerate(lines) if JAR_SCALE_RE.match(line)), None)
    if start is None:
        return []
    found: list[DraftJudgement] = []
    for line in lines[start + 1 : start + 30]:
        match = JAR_ROW_RE.match(line)
        if match:
            grade = match.group(2)
            found.append(
                DraftJudgement(match.group(1), grade, tier_for(grade, scale="apa"))
            )
        elif found:
            break
    return found


# --- APA letters: the "Areas for judgement / Grade awarded" table -------------

APA_TABLE_START_RE = re.compile(r"(?i)areas\s+for\s+judgement|grade\s+awarded")
APA_TABLE_END_RE = re.compile(r"(?i)descriptors|^\|?\s*grade\s*\|")
APA_ROW_RE = re.compile(r"^\|?\s*(.{10,300}?)\s*\|?\s*([1-4])\s*\|?\s*$")


# 2008 letters give the overall grade on a line of its own before the table.
APA_OVERALL_RE = re.compile(
    r"(?i)^(overall\s+effectiveness\s+of\s+children[’']s\s+services)\s+grade\s+([1-4])$"
)


def apa(lines: list[str]) -> list[DraftJudgement]:
    """Rows ending in a 1-4 grade; APA grades run upwards (4 = outstanding)."""
    start = next(
        (i for i, line in enumerate(lines[:150]) if APA_TABLE_START_RE.search(line)),
        None,
    )
    if start is None:
        return []
    found: list[DraftJudgement] = []
    for line in lines[:start]:
        overall = APA_OVERALL_RE.match(line)
        if overall:
            grade = overall.group(2)
            found.append(
                DraftJudgement(overall.group(1), grade, tier_for(grade, scale="apa"))
            )
    for line in lines[start + 1 : start + 20]:
        if APA_TABLE_END_RE.search(line) or (not line and found):
            break
        match = APA_ROW_RE.match(line)
        if match and not set(match.group(1)) <= set("-| "):
            area = " ".join(match.group(1).strip(" |").split())
            found.append(
                DraftJudgement(
                    area, match.group(2), tier_for(match.group(2), scale="apa")
                )
            )
    return found
