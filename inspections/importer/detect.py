"""Which kind of report this is, whose it is, and who inspected.

Detection reads the title region first (the first lines of the report), where
each family names itself; body text mentions other inspections ("since the
JTAI in 2018"), so the whole text is only a fallback.
"""

from __future__ import annotations

import re

TITLE_LINES = 60
# Kind detection looks at fewer lines: summaries soon mention other inspections.
KIND_TITLE_LINES = 25

# (kind, pattern) in order: the more specific titles before the general ones.
# The APA letter quotes its JAR, so APA is tested before JAR.
KIND_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("apa", re.compile(r"(?i)annual\s+performance\s+assessment")),
    ("self_assessment", re.compile(r"(?i)self[-\s]?assessment|peer\s+challenge")),
    ("jtai", re.compile(r"(?i)joint\s+targeted\s+area\s+inspection")),
    ("focused_visit", re.compile(r"(?i)focused\s+visit")),
    ("monitoring_visit", re.compile(r"(?i)monitoring\s+visit")),
    (
        "unannounced_referral_assessment",
        re.compile(r"(?i)(?:unannounced\s+)?inspection\s+of\s+contact,?\s+referral"),
    ),
    (
        "safeguarding_lac",
        re.compile(r"(?i)inspection\s+of\s+safeguarding\s+and\s+looked\s+after"),
    ),
    (
        "child_protection",
        re.compile(
            r"(?i)inspection\s+of\s+(?:local\s+authority\s+)?arrangements\s+for\s+"
            r"the\s+protection\s+of\s+children"
        ),
    ),
    (
        "looked_after_children",
        re.compile(
            r"(?i)inspection\s+of\s+(?:services\s+for\s+)?looked\s+after\s+children"
        ),
    ),
    (
        "sif",
        re.compile(
            r"(?i)inspection\s+of\s+services\s+for\s+children\s+in\s+need\s+of\s+help"
        ),
    ),
    (
        "ilacs",
        re.compile(
            r"(?i)inspection\s+of\s+(?:[\w’'.-]+\s+){0,8}?local\s+authority\s+"
            r"children[’']s\s+services|inspection\s+of\s+children[’']s\s+social\s+"
            r"care\s+services"
        ),
    ),
    ("jar", re.compile(r"(?i)joint\s+area\s+review")),
]

# ILACS titles name the area: "Inspection of Doncaster local authority
# children's services".  A few words at most, so prose cannot match.
# Focused and monitoring visit letters use the same shape: "Focused visit to
# Anytown local authority children's services", "Monitoring visit to Anytown
# children's services".
ILACS_AREA_RE = re.compile(
    r"(?i)(?:inspection|visit)\s+(?:of|to)\s+((?:[\w’'.-]+\s+){1,6}?)"
    r"(?:local\s+authority\s+)?children[’']s\s+services"
)
# A JTAI names the area at the end of its title: "Joint targeted area
# inspection of the multi-agency response to ... in Bristol".
JTAI_AREA_RE = re.compile(
    r"[Jj]oint\s+[Tt]argeted\s+[Aa]rea\s+[Ii]nspection\s+of\s+[^.]{0,300}?\s+in\s+"
    r"((?:the\s+)?[A-Z][\w’'.-]*(?:\s+(?:[A-Z][\w’'.-]*|of|upon|on|and|the)){0,5})"
    r"(?=\s*(?:$|[.,;:]|\s(?:Between|This|Dear|From|Ofsted|On)\b))"
)
# A JAR names the area it reviewed: "Calderbridge Children's Services
# Authority Area" (also the running head "Joint area review of ...").
JAR_AREA_RE = re.compile(
    r"^(?:joint\s+area\s+review\s+(?:of\s+)?)?([A-Z][\w’'.-]*(?:\s+(?:[A-Z][\w’'.-]*"
    r"|of|upon|on|and|the)){0,5}?)(?:[’']s)?\s+children[’']s\s+services\s+authority"
    r"\s+area$",
    re.IGNORECASE,
)
# Covers of 2009-2013 inspection reports give the area on the line after the
# title ("Inspection of safeguarding and looked after children services" /
# "Kirkdale"): a short run of capitalised words.
PLACE_LINE_RE = re.compile(
    r"^[A-Z][\w’'.-]*(?:\s+(?:[A-Z][\w’'.-]*|of|upon|on|and|the)){0,4}$"
)
TITLE_END_RE = re.compile(
    r"(?i)(?:children(?:[’']s)?\s+services|children|protection\s+of)$"
)
# A line that is a council's name, as report covers and letter addresses give it.
COUNCIL_LINE_RE = re.compile(
    r"^(?:(?:London|Royal)\s+Borough\s+of\s+[A-Z][\w’' -]{2,40}"
    r"|(?:The\s+)?(?:Metropolitan\s+Borough\s+of\s+|City\s+of\s+|Council\s+of\s+the\s+)?"
    r"[A-Z][\w’'.-]*(?:\s+(?:[A-Z][\w’'.-]*|of|upon|on|the|and)){0,5}\s+Council)$"
)
# In a letter's subject line: "... arrangements within Trafford Metropolitan
# Borough Council children's services" or "... YOUNG PEOPLE IN STOCKPORT ...".
LETTER_COUNCIL_RE = re.compile(
    r"(?i)\b(?:within|in|for|of)\s+((?:(?:london|royal)\s+borough\s+of\s+)?"
    r"[a-z][\w’'-]*(?:\s+(?:[a-z][\w’'-]*)){0,4}?\s+council)\b"
)
# Words that show a line is prose or a title, not a council's name.
NOT_A_NAME_RE = re.compile(
    r"(?i)\b(inspection|services|children|report|board|committee|agenda|director|dear)\b"
)
SMALL_WORDS = {"of", "upon", "on", "the", "and", "in"}

# Inspectorates named in a report, in the order they are listed.
OTHER_INSPECTORATES = [
    ("CSCI", re.compile(r"Commission\s+for\s+Social\s+Care\s+Inspection|\bCSCI\b")),
    ("CQC", re.compile(r"Care\s+Quality\s+Commission|\bCQC\b")),
    ("Healthcare Commission", re.compile(r"Healthcare\s+Commission")),
    (
        "HMICFRS",
        re.compile(r"HMI?\s+(?:Inspectorate\s+of\s+)?Constabulary|HMICF?R?S?\b"),
    ),
    (
        "HMI Probation",
        re.compile(r"HMI?\s+(?:Inspectorate\s+of\s+)?Probation|\bHMIP\b"),
    ),
]


def detect_kind(lines: list[str]) -> str:
    """The inspection kind, from the title region, else from the whole text."""
    head = " ".join([line for line in lines if line][:KIND_TITLE_LINES])
    return _earliest_kind(head) or _earliest_kind(" ".join(lines)) or "other"


def _earliest_kind(text: str) -> str | None:
    """The kind whose title wording comes first in ``text``.

    The earliest mention is the report's own title; later ones are references
    to other inspections.  On a tie the list order decides.
    """
    best: tuple[int, int, str] | None = None
    for order, (kind, pattern) in enumerate(KIND_PATTERNS):
        match = pattern.search(text)
        if match and (best is None or (match.start(), order) < best[:2]):
            best = (match.start(), order, kind)
    return best[2] if best else None


def _title_case(name: str) -> str:
    """Title-case a name written in capitals, keeping small words lower."""
    words = name.split()
    out = []
    for index, word in enumerate(words):
        lower = word.casefold()
        if index and lower in SMALL_WORDS:
            out.append(lower)
        else:
            out.append(
                "-".join(part[:1].upper() + part[1:] for part in lower.split("-"))
            )
    return " ".join(out)


def _tidy_name(name: str) -> str:
    name = " ".join(name.split()).strip(" ,.")
    if name.isupper():
        return _title_case(name)
    # "Southend-on-Sea city council" -> "Southend-on-Sea City Council"
    return re.sub(
        r"\b(city|county|borough|district|metropolitan)\b(?=.*\bcouncil$)|\bcouncil$",
        lambda m: m.group(0).capitalize(),
        name,
    )


def detect_authority(lines: list[str], kind: str | None = None) -> str | None:
    """The inspected authority's name as the report gives it.

    A JTAI's title ends with the area it covers, and a JAR names its
    "Children's Services Authority Area": those come first, as the letter's
    addressees include other bodies.  Then, in order: the council's name on
    its own line near the top (the cover of 2009-2019 reports, a letter's
    address); the area named in an ILACS title ("Inspection of Doncaster
    local authority children's services" gives "Doncaster": such reports do
    not give the council's formal name, and we do not guess it); the area on
    the line after a 2009-2013 report's title, or above a SIF title
    ("Wokingham"); the council named in a letter's subject line.
    """
    head = [line for line in lines[:TITLE_LINES] if line]
    joined = " ".join(head)
    if kind == "jtai":
        area = JTAI_AREA_RE.search(joined)
        if area:
            return _tidy_name(area.group(1))
    if kind == "jar":
        for line in lines[:TITLE_LINES]:
            area = JAR_AREA_RE.match(line)
            if area:
                return _tidy_name(area.group(1))
    for index, line in enumerate(head):
        candidate = line
        # "Metropolitan Borough of Barnsley" / "Council" on two lines.
        if index + 1 < len(head) and head[index + 1].casefold() == "council":
            candidate = f"{line} {head[index + 1]}"
        if candidate.isupper() and len(candidate) < 60:
            candidate = _title_case(candidate)
        if COUNCIL_LINE_RE.match(candidate) and not NOT_A_NAME_RE.search(candidate):
            return _tidy_name(candidate)
        if re.match(r"^(?:London|Royal) Borough of [A-Z]", candidate):
            return _tidy_name(candidate)
    area = ILACS_AREA_RE.search(joined)
    if area:
        return _tidy_name(area.group(1))
    if kind in {"safeguarding_lac", "child_protection", "looked_after_children"}:
        for index, line in enumerate(head[1:12], start=1):
            if (
                TITLE_END_RE.search(head[index - 1])
                and PLACE_LINE_RE.match(line)
                and not NOT_A_NAME_RE.search(line)
            ):
                return _tidy_name(line)
    for index, line in enumerate(head):
        if re.match(r"(?i)^(?:re-)?inspection of services for children", line):
            previous = head[index - 1] if index else ""
            if previous and not re.search(r"\d", previous) and len(previous) < 60:
                return _tidy_name(previous)
    letter = LETTER_COUNCIL_RE.search(" ".join(lines[:150]))
    if letter:
        return _tidy_name(letter.group(1))
    return None


def detect_inspectorate(lines: list[str], kind: str) -> str:
    """Ofsted, joined by the other inspectorates a joint report names.

    Only APA letters (signed by Ofsted and CSCI), JARs and JTAIs are joint;
    other reports mention CQC or the police in passing, which does not make
    them joint inspections.
    """
    if kind not in {"apa", "jar", "jtai"}:
        return "Ofsted"
    text = " ".join(lines)
    others = [name for name, pattern in OTHER_INSPECTORATES if pattern.search(text)]
    if not others:
        return "Ofsted"
    if len(others) == 1:
        return f"Ofsted and {others[0]}"
    return "Ofsted, " + ", ".join(others[:-1]) + f" and {others[-1]}"
