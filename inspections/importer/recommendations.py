"""Finding recommendations, family by family.

Every family lists its recommendations under a heading ("Areas for
improvement", "What needs to improve?", "Recommendations", "Areas for
development"), as bulleted or numbered items or as plain paragraphs, sometimes
grouped under timescale subheadings ("Immediately:", "Within three months:").
``read_block`` reads one such list; the family functions decide where the
lists are and which section they belong to.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .draft import DraftRecommendation
from .text import SUB_MARKER_RE, ends_sentence, join_lines, strip_marker

# Subheadings that set the timescale (and priority) of the items below them.
# Matched against a whole line, lower-cased, without trailing ":?." or a
# footnote number.
TIMESCALE_HEADINGS: list[tuple[re.Pattern[str], str, bool]] = [
    (
        re.compile(
            r"^(?:priority\s+and\s+immediate\s+action|areas?\s+for\s+priority\s+action"
            r"|priority\s+action)$"
        ),
        "immediate",
        True,
    ),
    (
        re.compile(
            r"^(?:for\s+)?immediate(?:ly)?(?:\s+action)?$|^(?:action\s+)?to\s+be\s+"
            r"taken\s+immediately$|^immediate\s+action\s+required$"
        ),
        "immediate",
        False,
    ),
    (
        re.compile(
            r"^(?:for\s+action\s+)?(?:within|over|in)\s+(?:the\s+next\s+)?(?:3|three)"
            r"\s+months$|^next\s+(?:3|three)\s+months$"
        ),
        "3_months",
        False,
    ),
    (
        re.compile(
            r"^(?:for\s+action\s+)?(?:within|over|in)\s+(?:the\s+next\s+)?(?:6|six)"
            r"\s+months$|^next\s+(?:6|six)\s+months$"
        ),
        "6_months",
        False,
    ),
    (
        re.compile(
            r"^(?:for\s+action\s+)?(?:(?:in|over)\s+the\s+)?longer\s+term$"
            r"|^(?:for\s+action\s+)?(?:within|over|in)\s+(?:the\s+next\s+)?"
            r"(?:12|twelve)\s+months$|^next\s+(?:12|twelve)\s+months$"
        ),
        "longer_term",
        False,
    ),
    (
        re.compile(
            r"^(?:areas?\s+(?:for|of)\s+(?:improvement|development)|recommendations"
            r"|what\s+needs\s+to\s+improve)$"
        ),
        "unspecified",
        False,
    ),
]

# Lines that are the heading of a recommendation list in each family.
SIF_HEADING_RE = re.compile(
    r"^(?:what\s+does\s+the\s+(?:local\s+authority|lscb|board)\s+need\s+to\s+improve"
    r"|recommendations|priority\s+and\s+immediate\s+action|areas\s+for\s+improvement)$"
)
ILACS_HEADING_RE = re.compile(r"^what\s+needs\s+to\s+improve(?:\s+in\s+this\s+area)?$")
AREAS_HEADING_RE = re.compile(r"^(?:areas\s+for\s+improvement|recommendations)$")
LETTER_HEADING_RE = re.compile(
    r"^(?:areas?\s+for\s+(?:priority\s+action|development|improvement)"
    r"|priority\s+action|recommendations"
    r"|what\s+needs\s+to\s+improve(?:\s+in\s+this\s+area(?:\s+of\s+social\s+work"
    r"\s+practice)?)?)$"
)
SELF_ASSESSMENT_HEADING_RE = re.compile(r"(?i)\bareas?\s+(?:for|of)\s+development\b")

# Paragraphs inside a list that are not recommendations: the lead-in sentence
# and "none found" statements.
NOT_A_RECOMMENDATION_RE = re.compile(
    r"(?i)^in\s+order\s+to\s+improve\b|following\s+action[s]?\s*[.:]?$"
    r"|\b(?:did\s+not\s+(?:find|identify)|identified\s+no|there\s+are\s+no)\s+"
    r"(?:any\s+)?areas?\s+for\b|^none\.?$"
    # the lead-in of a JAR's list: "The local partnership should:"
    r"|^[^.]{0,80}\bshould\s*:$"
    # a letter's closing remark about its own lists
    r"|^(?:any\s+|the\s+)?areas?\s+for\s+(?:priority\s+action|development|improvement)"
    r"\b[^.]{0,60}\bwill\b"
)
# Verbs that open a recommendation ("ensure that ...", "Improve the ...").
# When extraction has lost the bullets, a line that starts with one after the
# previous item's end starts the next item.
IMPERATIVE_RE = re.compile(
    r"(?i)^(?:ensure|improve|develop|review|increase|reduce|establish|strengthen"
    r"|implement|undertake|provide|complete|secure|embed|raise|consolidate"
    r"|introduce|monitor|evaluate|narrow|extend|make|take|agree|address|enable"
    r"|continue|clarify|consider)\b"
)
# A judgement heading in the body: "... families and carers Adequate",
# "Outcomes for looked after children and young people Grade 3 (adequate)".
JUDGEMENT_HEADING_RE = re.compile(
    r"(?:\s|^)(?:Outstanding|Good|Adequate|Inadequate|Requires\s+improvement"
    r"(?:\s+to\s+be\s+good)?)$|\bGrade\s+[1-4]\s*(?:\([A-Za-z ]+\))?$"
)

# Words that end a line in the middle of a sentence.
CONNECTOR_END_RE = re.compile(
    r"(?i)(?:\b(?:and|or|of|to|the|a|an|in|for|with|that|by|on|at|from|as|their|is"
    r"|are|be)|[,:;(–-])$"
)
# Headings of other report sections that always end a list.
STOP_LINE_RE = re.compile(
    r"(?i)^(?:grade\s+[1-4]\b|record\s+of\s+main\s+findings|yours\s+sincerely"
    r"|the\s+local\s+authority\s+has\s+the\s+following\s+strengths"
    r"|summary\s+for\s+children|key\s+strengths\s+and\s+weaknesses"
    r"|inspection\s+findings\b|information\s+about\s+this"
    r"|the\s+experiences\s+and\s+progress\s+of\b|the\s+impact\s+of\s+leaders\b"
    r"|ofsted\s+will\s+take\b|next\s+steps$|case\s+study\b)"
)
MAX_BLOCK_LINES = 400


def heading_key(line: str) -> str:
    """A line reduced for heading comparison: lower case, no trailing marks."""
    key = " ".join(line.split()).casefold()
    key = re.sub(r"[\s:?.]*\d{0,2}$", "", key)
    return key.rstrip(" :?.")


def timescale_heading(line: str) -> tuple[str, bool] | None:
    """(timescale, priority) when a line is a timescale subheading."""
    if len(line) > 80:
        return None
    key = heading_key(strip_marker(line)[1])
    for pattern, timescale, priority in TIMESCALE_HEADINGS:
        if pattern.match(key):
            return timescale, priority
    return None


def is_heading_like(line: str) -> bool:
    """A short line starting with a capital and not ending a sentence."""
    stripped = line.strip()
    return (
        bool(stripped)
        and len(stripped) < 160
        and stripped[0].isupper()
        and not ends_sentence(stripped)
        and not stripped.endswith(":")
    )


@dataclass
class _Item:
    parts: list[str] = field(default_factory=list)
    subitems: list[str] = field(default_factory=list)
    timescale: str = "unspecified"
    priority: bool = False
    numbered: bool = False
    section: str | None = None

    def text(self) -> str:
        text = join_lines(self.parts)
        if self.subitems:
            text = f"{text} {'; '.join(self.subitems)}"
        return text


def _numbered(line: str) -> bool:
    """True when a line's marker is list numbering rather than a bullet glyph."""
    return bool(re.match(r"^\s*\(?\w{1,4}[.)]\s", line))


def _is_sub_item(item: _Item, line: str) -> bool:
    """Bullets inside a numbered recommendation ("5. Improve ... by:") belong to it."""
    if not item.numbered or _numbered(line):
        return False
    return bool(item.subitems) or join_lines(item.parts).endswith(":")


def _judgement_heading_ahead(lines: list[str], index: int) -> bool:
    """A body heading with its grade ("... carers Adequate") starts here.

    The heading may wrap over up to three lines; only its last carries the grade.
    """
    if not lines[index][:1].isupper():
        return False
    for line in lines[index : index + 3]:
        if not line or strip_marker(line)[0]:
            return False
        if JUDGEMENT_HEADING_RE.search(line):
            return True
        if ends_sentence(line):
            return False
    return False


def _starts_next_item(current: _Item, body: str, previous: str) -> bool:
    """Lost bullets: an imperative after the end of an imperative item starts a new one.

    "ensure that ... health" / "assessment" / "ensure that care leavers ...":
    lower-case items end wherever the line does not run on; capitalised ones
    ("Ensure ...") at a full stop.
    """
    first = current.parts[0] if current.parts else ""
    if not (IMPERATIVE_RE.match(body) and IMPERATIVE_RE.match(first)):
        return False
    if body[:1].islower() != first[:1].islower():
        return False
    if body[:1].islower():
        return not CONNECTOR_END_RE.search(previous) and not re.search(
            r"(?i)\bshould$", previous
        )
    return ends_sentence(previous)


def read_block(
    lines: list[str],
    start: int,
    *,
    timescale: str,
    priority: bool,
    section: str | None,
    max_items: int | None = None,
    bullets_only: bool = False,
    stop_headings: re.Pattern[str] | None = None,
    split_sentences: bool = False,
    subsections: re.Pattern[str] | None = None,
) -> tuple[list[DraftRecommendation], int]:
    """Read the recommendation list that starts at ``lines[start]``.

    Items start at a bullet or number; without markers each paragraph is an
    item.  The list ends at a line that starts a new sentence outside any item
    (after a finished sentence or a gap), at a report heading, or after
    ``max_items``.  Returns the recommendations and the index where it ended.

    ``split_sentences``: items are single sentences even without bullets (the
    short lists of letters).  ``subsections``: subheadings inside the list
    ("Police", "Health") that become the section of the items below them.
    """
    items: list[_Item] = []
    current: _Item | None = None
    mode: str | None = None  # "marker" or "paragraph", per timescale group
    gap = False
    previous = ""
    index = start
    end = min(len(lines), start + MAX_BLOCK_LINES)

    def close() -> None:
        nonlocal current
        if current and current.parts:
            items.append(current)
        current = None

    while index < end:
        line = lines[index]
        if not line:
            gap = True
            if mode == "paragraph":
                close()
            index += 1
            continue
        if stop_headings and len(line) < 90 and stop_headings.match(heading_key(line)):
            break  # a list of its own, with its own section
        heading = timescale_heading(line)
        if heading:
            close()
            timescale, priority = heading
            mode, gap, previous = None, False, ""
            index += 1
            continue
        if STOP_LINE_RE.match(line):
            break
        if (gap or not current or ends_sentence(previous)) and _judgement_heading_ahead(
            lines, index
        ):
            break
        if subsections and len(line) < 60 and subsections.match(heading_key(line)):
            close()
            section, mode, gap, previous = _heading_text(line), None, False, ""
            index += 1
            continue
        if current and SUB_MARKER_RE.match(line):
            current.subitems.append(SUB_MARKER_RE.sub("", line, count=1))
            previous, gap = line, False
            index += 1
            continue
        has_marker, body = strip_marker(line)
        if has_marker and current and _is_sub_item(current, line):
            current.subitems.append(body)
        elif has_marker:
            close()
            if max_items is not None and len(items) >= max_items:
                break
            if mode == "paragraph" and items and items[-1].text().endswith(":"):
                mode = "marker"  # the paragraph was the list's lead-in
            mode = mode or "marker"
            current = _Item(
                [body],
                timescale=timescale,
                priority=priority,
                numbered=_numbered(line),
                section=section,
            )
        elif mode is None:
            if bullets_only:
                if items:
                    break
                index += 1
                continue
            if is_heading_like(line) and not ends_sentence(line) and gap:
                break
            mode = "paragraph"
            current = _Item(
                [body], timescale=timescale, priority=priority, section=section
            )
        elif mode == "paragraph":
            new_sentence = ends_sentence(previous) and body[:1].isupper()
            if current is not None and (
                _starts_next_item(current, body, previous)
                or (split_sentences and new_sentence)
            ):
                close()
                if max_items is not None and len(items) >= max_items:
                    break
                current = _Item(
                    [body], timescale=timescale, priority=priority, section=section
                )
            elif current and current.parts[0][:1].islower() and new_sentence:
                break  # a list of lower-case clauses ends at a new sentence
            elif current is None:
                if is_heading_like(line):
                    break
                if max_items is not None and len(items) >= max_items:
                    break
                current = _Item(
                    [body], timescale=timescale, priority=priority, section=section
                )
            else:
                current.parts.append(body)
        else:
            # Items run on over several sentences and page breaks; a list ends
            # at a new sentence after a gap, or at a heading after a sentence.
            starts_new = body[:1].isupper() or body[:1].isdigit()
            if gap:
                finished = ends_sentence(previous) or not CONNECTOR_END_RE.search(
                    previous
                )
            else:
                following = lines[index + 1] if index + 1 < len(lines) else ""
                finished = (
                    ends_sentence(previous)
                    and is_heading_like(line)
                    and not CONNECTOR_END_RE.search(line)
                    and not following[:1].islower()
                )
            if current is None or (starts_new and finished):
                break
            if current.subitems:
                current.subitems[-1] += " " + body
            else:
                current.parts.append(body)
        previous, gap = line, False
        index += 1
    close()
    recommendations = []
    for item in items:
        text = item.text()
        if not text or NOT_A_RECOMMENDATION_RE.search(text):
            continue
        if max_items is not None and len(recommendations) >= max_items:
            break
        recommendations.append(
            DraftRecommendation(
                text=text,
                timescale=item.timescale,
                section=item.section,
                priority=item.priority,
                source=text,
            )
        )
    return recommendations, index


def _heading_text(line: str) -> str:
    """The heading as written, without trailing marks and footnote numbers."""
    return re.sub(r"[\s:?.]*\d{0,2}$", "", line.strip()).rstrip(" :?.")


CONTENTS_RE = re.compile(r"(?i)^(?:table\s+of\s+)?contents$")
PAGE_REF_RE = re.compile(r"\s\d{1,3}$")


def _contents_lines(lines: list[str]) -> range:
    """The lines of the table of contents, whose entries name every heading.

    It runs from "Contents" to the first gap after its entries; entries may
    lack page numbers ("Recommendations" / "Main report").
    """
    start = next(
        (i for i, line in enumerate(lines[:200]) if CONTENTS_RE.match(line)), None
    )
    if start is None:
        return range(0)
    end = start + 1
    while end < len(lines) and not lines[end]:
        end += 1
    while end < len(lines) and lines[end] and not ends_sentence(lines[end]):
        end += 1
    return range(start, end)


def _is_contents_entry(lines: list[str], index: int, contents: range) -> bool:
    """A heading's line in the contents: inside them, or amid page references."""
    if index in contents:
        return True
    if not PAGE_REF_RE.search(lines[index]):
        return False
    neighbours = [lines[i] for i in (index - 1, index + 1) if 0 <= i < len(lines)]
    return any(PAGE_REF_RE.search(line) for line in neighbours)


def _scan(
    lines: list[str],
    heading_re: re.Pattern[str],
    section_for: Callable[[int, str], str],
    *,
    start: int = 0,
    separate_lists: bool = False,
    split_sentences: bool = False,
    subsections: re.Pattern[str] | None = None,
) -> list[DraftRecommendation]:
    """Read every list whose heading matches ``heading_re``."""
    found: list[DraftRecommendation] = []
    contents = _contents_lines(lines)
    index = start
    while index < len(lines):
        line = lines[index]
        if (
            line
            and len(line) < 90
            and heading_re.match(heading_key(line))
            and not _is_contents_entry(lines, index, contents)
        ):
            timescale, priority = timescale_heading(line) or ("unspecified", False)
            items, index = read_block(
                lines,
                index + 1,
                timescale=timescale,
                priority=priority,
                section=section_for(index, line),
                stop_headings=heading_re if separate_lists else None,
                split_sentences=split_sentences,
                subsections=subsections,
            )
            found.extend(items)
            index = max(index, 1)
            continue
        index += 1
    return found


# "The inspection outcomes: safeguarding services" (or the bare part name)
# starts a part of a 2009-2012 report; its recommendations take the part's
# name as section.
PART_RE = re.compile(
    r"(?i)^(?:the\s+inspection\s+outcomes\s*:\s*(.+)"
    r"|(safeguarding\s+services|services\s+for\s+looked\s+after\s+children))$"
)


def areas_for_improvement(lines: list[str]) -> list[DraftRecommendation]:
    """2009-2013 inspections and JARs: "Areas for improvement" with timescales."""
    parts: list[tuple[int, str]] = []
    for index, line in enumerate(lines):
        match = PART_RE.match(line)
        if match:
            name = (match.group(1) or match.group(2)).strip()
            parts.append((index, name[:1].upper() + name[1:]))

    def section_for(index: int, line: str) -> str:
        current = [name for start, name in parts if start < index]
        return current[-1] if current else _heading_text(line)

    return _scan(lines, AREAS_HEADING_RE, section_for)


# Where the review of the Local Safeguarding Children Board starts in a SIF
# report (after the title page, which names it too).
LSCB_START_RE = re.compile(
    r"(?i)^(?:section\s+2\b|the\s+local\s+safeguarding\s+children\s+board\b"
    r"|the\s+effectiveness\s+of\s+the\s+(?:lscb|local\s+safeguarding))"
)
LOCAL_AUTHORITY = "Local authority"
LSCB = "Local Safeguarding Children Board"


def sif(lines: list[str]) -> list[DraftRecommendation]:
    """SIF reports: the local authority's list, then the LSCB's own list."""
    lscb_start = next(
        (
            index
            for index, line in enumerate(lines)
            if index > 60
            and LSCB_START_RE.match(line)
            # not its line in the contents, which ends in a page number
            and not re.search(r"\d\s*$", line)
        ),
        len(lines),
    )

    def section_for(index: int, line: str) -> str:
        return LSCB if index >= lscb_start else LOCAL_AUTHORITY

    return _scan(lines, SIF_HEADING_RE, section_for)


def ilacs(lines: list[str]) -> list[DraftRecommendation]:
    """ILACS reports: the "What needs to improve?" bullet list."""
    return _scan(lines, ILACS_HEADING_RE, lambda index, line: "What needs to improve")


# Agencies a JTAI letter groups its areas for improvement by.
AGENCY_RE = re.compile(
    r"^(?:(?:the\s+)?local\s+authority(?:\s+children[’']s\s+social\s+care)?"
    r"|children[’']s\s+social\s+care|(?:children[’']s\s+)?social\s+care"
    r"|health(?:\s+services|\s+partners|\s+agencies)?|police|probation(?:\s+services)?"
    r"|(?:the\s+)?national\s+probation\s+service|community\s+rehabilitation\s+company"
    r"|youth\s+offending\s+(?:team|service)|education|schools"
    r"|(?:the\s+)?(?:local\s+)?safeguarding\s+(?:children\s+)?(?:board|partnership)"
    r"|(?:local\s+)?safeguarding\s+partners|partnership)$"
)


def letter(lines: list[str]) -> list[DraftRecommendation]:
    """Letters and visits: "Areas for priority action", "Areas for development".

    Their lists hold one sentence per item, so lines that lost their bullets
    are split at sentence ends; a JTAI's subheadings by agency become sections.
    """
    return _scan(
        lines,
        LETTER_HEADING_RE,
        lambda index, line: _heading_text(line).capitalize(),
        separate_lists=True,
        split_sentences=True,
        subsections=AGENCY_RE,
    )


def self_assessment(lines: list[str]) -> list[DraftRecommendation]:
    """A council's self-assessment: the bullets under "Areas for development".

    These papers are slides: the heading may carry a topic ("SEND Areas for
    Development / Next Steps") or sit under one ("Help and Protection"), which
    becomes the section.
    """
    found: list[DraftRecommendation] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        match = SELF_ASSESSMENT_HEADING_RE.search(line) if len(line) < 90 else None
        if not match or strip_marker(line)[0]:
            index += 1
            continue
        topic = line[: match.start()].strip(" :/-")
        if not topic:
            topic = next(
                (
                    lines[back]
                    for back in range(index - 1, max(index - 6, -1), -1)
                    if lines[back]
                ),
                "Areas for development",
            )
        lead_in = _lead_in_list(lines, index + 1, topic)
        if lead_in:
            items, index = lead_in
        else:
            items, index = read_block(
                lines,
                index + 1,
                timescale="unspecified",
                priority=False,
                section=topic,
                bullets_only=True,
            )
        found.extend(items)
        index = max(index, 1)
    return found


def _lead_in_list(
    lines: list[str], start: int, topic: str
) -> tuple[list[DraftRecommendation], int] | None:
    """A slide whose areas are announced: "... through 5 key pillars:" and lines.

    The short unbulleted lines after the lead-in are the areas for development;
    the bullets after them report what has been done ("We have created ..."),
    so they are not taken.  None when the slide does not have this shape.
    """
    index = start
    while index < len(lines) and not lines[index]:
        index += 1
    if index >= len(lines) or strip_marker(lines[index])[0]:
        return None
    if not lines[index].endswith(":"):
        return None
    areas: list[DraftRecommendation] = []
    index += 1
    while index < len(lines) and len(areas) <= 12:
        line = lines[index]
        if line and (strip_marker(line)[0] or len(line) > 120):
            break
        if line:
            areas.append(DraftRecommendation(text=line, section=topic, source=line))
        index += 1
    return (areas, index) if areas else None


# APA letters: "The JAR highlighted two actions to be taken over the next six
# months", then the quoted recommendations, then the council's progress.
APA_TRIGGER_RE = re.compile(
    r"(?i)\b(?:JAR|joint\s+area\s+review)\b[^.]{0,40}\b(?:highlighted|recommended"
    r"|identified|made|set\s+out)\b(?![^.]{0,20}\bno\b)[^.]{0,40}\b(?:actions?"
    r"|recommendations?|areas?)\b"
)
NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "a single": 1,
    "an": 1,
}
APA_COUNT_RE = re.compile(
    r"(?i)\b(one|two|three|four|five|six|seven|eight|nine|ten|a\s+single|an|\d+)\s+"
    r"(?:further\s+)?(?:actions?|recommendations?|areas?)\b"
)


def phrase_timescale(text: str) -> str:
    """The timescale a sentence gives ("over the next six months")."""
    lower = text.casefold()
    if re.search(r"\bimmediate(?:ly)?\b", lower):
        return "immediate"
    if re.search(r"\b(?:3|three)\s+months\b", lower):
        return "3_months"
    if re.search(r"\b(?:6|six)\s+months\b", lower):
        return "6_months"
    if re.search(r"\blonger\s+term\b", lower):
        return "longer_term"
    return "unspecified"


# The lists of a 2007-2008 APA letter's outcome sections: "Major strengths"
# (not recommendations), then "Areas for development".
APA_LIST_HEADING_RE = re.compile(
    r"^(?:key\s+)?areas?\s+for\s+(?:development|improvement)|recommendations$"
)
APA_NOT_SECTION_RE = re.compile(
    r"(?i)^(?:grade\s+[1-4]|major\s+strengths|important\s+weaknesses|summary"
    r"|(?:key\s+)?areas?\s+for\s+(?:development|improvement|judgement))\b"
)


def apa(lines: list[str]) -> list[DraftRecommendation]:
    """APA letters: the JAR's recommendations quoted in each outcome section.

    The letter's own bullets list the council's progress, so only the items
    right after a sentence that introduces the JAR's actions are taken; when
    that sentence counts them ("two actions"), exactly that many.  Letters of
    2007-2008 list "Areas for development" under each outcome instead.
    """
    found: list[DraftRecommendation] = []
    section: str | None = None
    index = 0
    while index < len(lines):
        line = lines[index]
        previous_blank = index == 0 or not lines[index - 1]
        following_blank = index + 1 >= len(lines) or not lines[index + 1]
        if (
            previous_blank
            and following_blank
            and is_heading_like(line)
            and not strip_marker(line)[0]
            and not timescale_heading(line)
            and not APA_NOT_SECTION_RE.match(line)
        ):
            section = line
        if len(line) < 60 and APA_LIST_HEADING_RE.match(heading_key(line)):
            items, index = read_block(
                lines,
                index + 1,
                timescale="unspecified",
                priority=False,
                section=section or _heading_text(line),
                split_sentences=True,
            )
            found.extend(items)
            continue
        if APA_TRIGGER_RE.search(line):
            count_match = APA_COUNT_RE.search(line)
            count = None
            if count_match:
                word = count_match.group(1).casefold()
                count = int(word) if word.isdigit() else NUMBER_WORDS.get(word)
            items, index = read_block(
                lines,
                index + 1,
                timescale=phrase_timescale(line),
                priority=False,
                section=section,
                max_items=count,
            )
            found.extend(items)
            continue
        index += 1
    return found
