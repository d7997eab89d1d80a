"""Cleaning text extracted from report PDFs.

PDF text comes with page furniture (running heads, page numbers), tabs from
tables, bullet glyphs from symbol fonts, words split by the extractor
("ins pection") and line-end hyphens.  The family parsers work on the clean
lines this module returns; blank lines are kept because they separate
paragraphs.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

# Glyphs that start a list item.  Symbol-font bullets land in the private use
# area (U+F0B7, U+F06E, U+F0A7); the rest are ordinary Unicode bullets/dashes.
BULLETS = "\uf0b7\uf06e\uf0a7\uf0d8\uf076\uf0fc•●◼■▪◾►➢✓✔∨·*-–—"
# Glyphs that start a sub-item, joined onto the item above.
SUB_BULLETS = "\u0336\uf02d―o"

# An item marker at the start of a line: a bullet glyph, or list numbering such
# as "12.", "3)", "(a)", "a.".  Numbering needs a following space, so "2.1" or
# "1989" never count.
MARKER_RE = re.compile(
    rf"^\s*(?:[{re.escape(BULLETS)}](?=\s|[A-Za-z‘'\"(])"
    r"|\(?(?:\d{1,3}|[a-z]|[ivx]{1,4})[.)](?=\s))\s*"
)
SUB_MARKER_RE = re.compile(rf"^\s*[{re.escape(SUB_BULLETS)}]\s+")

# Markdown/HTML left by some extractors: **bold**, <i>italic</i>.
MARKUP_RE = re.compile(r"\*\*|</?(?:i|b|em|strong|u)>")

# A page number alone on a line ("7", "Page 7", "7 of 40"), or after a short
# footer ("Lancashire Page 5 of 18").
PAGE_NUMBER_RE = re.compile(
    r"(?i)^\s*(?:page\s+)?\d{1,3}(?:\s+of\s+\d{1,3})?\s*$"
    r"|^.{0,60}\bpage\s+\d{1,3}\s+of\s+\d{1,3}\s*$"
)
# Letters repeat the inspectorate's name in every page's footer.
FOOTER_NAMES = {"ofsted"}
# Footers appear after the letterhead, which names the inspectorate too.
LETTERHEAD_LINES = 20

# Running heads: the report's title repeated on every page, possibly followed
# by the dates and page number ("20 to 31 January 2025 2").
RUNNING_HEAD_RE = re.compile(
    r"(?i)^\s*(?:.{0,80}\b(?:inspection|joint\s+area\s+review)\s+of\b.{0,120}"
    r"|.{0,60}children[’']s services"
    r"\s+inspection.{0,60})$"
)
# A running head that names the area and then the report, with capitals where
# a title has them ("Kirkdale Inspection of safeguarding ..."): strict enough
# to drop even when it occurs once, beside a page number.
AREA_AND_TITLE_RE = re.compile(
    r"^(?:(?:[A-Z][\w’'.-]*\s+){1,6}Inspection|(?:[A-Z][\w’'.-]*\s+){0,6}Joint\s+"
    r"area\s+review)\s+of\s+"
    r"[\w’' ,-]{5,120}$"
)
DATES_AND_PAGE_RE = re.compile(
    r"(?i)^\s*\d{1,2}(?:\s+\w+)?(?:\s+\d{4})?\s*(?:[-–]|to)\s*\d{1,2}\s+\w+\s+\d{4}"
    r"\s+\d{1,3}\s*$"
)

# A word split by extraction: two runs of letters separated by spaces or a tab.
SPLIT_WORD_RE = re.compile(r"\b([A-Za-z]{2,})([ \t]+)(?=([a-z]{2,})\b)")
WORD_RE = re.compile(r"[A-Za-z]+")

# Characters to drop: zero-width and soft hyphen.
INVISIBLE_RE = re.compile("[\u00ad\u200b\u200c\u200d\ufeff]")
# A soft hyphen at a line end marks where the typesetter broke a word
# ("adminis\u00ad" / "trative"): the two halves are one word, so the line break
# goes with it rather than becoming a space when the lines are joined.
SOFT_HYPHEN_BREAK_RE = re.compile(r"\u00ad[ \t]*(?:\r\n|\r|\n)[ \t]*(?=\w)")

TERMINAL = (".", "?", "!", ")", ";", "”", "’", '"', "'")


def normalise_unicode(text: str) -> str:
    """NFC-normalise and drop invisible characters; keep bullet glyphs."""
    text = unicodedata.normalize("NFC", text)
    text = SOFT_HYPHEN_BREAK_RE.sub("", text)
    text = INVISIBLE_RE.sub("", text)
    for ligature, letters in (("ﬁ", "fi"), ("ﬂ", "fl"), ("ﬀ", "ff"), ("ﬃ", "ffi")):
        text = text.replace(ligature, letters)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")


def mend_split_words(text: str) -> str:
    """Join words the extractor split ("ins pection") where that is safe.

    Two fragments are joined only when the joined word occurs elsewhere in the
    same document and the second fragment never stands alone as a word there,
    so real word pairs ("a round", "in form") are never merged.
    """
    counts = Counter(word.casefold() for word in WORD_RE.findall(text))

    def join(match: re.Match[str]) -> str:
        first, gap, second = match.group(1), match.group(2), match.group(3)
        joined = (first + second).casefold()
        if counts[joined] >= 1 and counts[second.casefold()] <= 1:
            return first
        return first + gap

    return SPLIT_WORD_RE.sub(join, text)


def _furniture_lines(lines: list[str]) -> set[int]:
    """Indexes of page furniture: page numbers, and running heads that repeat."""
    keyed = [re.sub(r"\d+", "#", " ".join(line.split())).casefold() for line in lines]
    repeats = Counter(key for key in keyed if key)
    furniture: set[int] = set()
    for index, line in enumerate(lines):
        page_number = PAGE_NUMBER_RE.match(line) or line.strip() in {"\f", "©"}
        footer = index > LETTERHEAD_LINES and line.strip().casefold() in FOOTER_NAMES
        if page_number or footer:
            furniture.add(index)
        elif (repeats[keyed[index]] >= 3 and RUNNING_HEAD_RE.match(line)) or (
            AREA_AND_TITLE_RE.match(line.strip()) and _next_to_page_number(lines, index)
        ):
            furniture.add(index)
            following = index + 1
            if following < len(lines) and DATES_AND_PAGE_RE.match(lines[following]):
                furniture.add(following)
    return furniture


def _next_to_page_number(lines: list[str], index: int) -> bool:
    """A running head printed once in a short extract still sits on a page number."""
    neighbours = (lines[i] for i in (index - 1, index + 1) if 0 <= i < len(lines))
    return any(PAGE_NUMBER_RE.match(line) for line in neighbours)


def clean_lines(text: str) -> list[str]:
    """Clean report text and return its lines (blank lines kept as "")."""
    text = normalise_unicode(text)
    text = MARKUP_RE.sub("", text)
    text = text.replace("\f", "\n\f\n")
    text = mend_split_words(text)
    raw = [line.replace("\t", " ") for line in text.split("\n")]
    furniture = _furniture_lines(raw)
    lines: list[str] = []
    for index, line in enumerate(raw):
        if index in furniture:
            continue
        lines.append(" ".join(line.split()))
    return lines


def strip_marker(line: str) -> tuple[bool, str]:
    """Split a list marker off a line: (had a marker, the rest of the line)."""
    match = MARKER_RE.match(line)
    if match:
        return True, line[match.end() :].strip()
    return False, line.strip()


def join_lines(parts: Iterable[str]) -> str:
    """Join the lines of one paragraph or item into a single string.

    A line-end hyphen after a letter ("child-" / "focused") joins without a
    space and keeps the hyphen: Ofsted reports do not hyphenate ordinary words,
    so a hyphen at a line end is almost always part of a compound.
    """
    out = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if not out:
            out = part
        elif re.search(r"[A-Za-z]-$", out) and part[:1].isalpha():
            out += part
        else:
            out += " " + part
    return " ".join(out.split())


def ends_sentence(line: str) -> bool:
    """True when a line ends with sentence-ending punctuation."""
    return line.rstrip().endswith(TERMINAL)


def normalise_for_compare(text: str) -> str:
    """Casefolded, punctuation-free, whitespace-collapsed text for comparisons."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[^\w\s]|_", " ", text)
    return " ".join(text.split())
