"""How long parsing a long report takes: ``python -m inspections.importer.bench``.

Builds a ~100-page text by repeating a real report's text (a seed, or a PDF
from the test corpus when pypdf can read it) and times parse_text on it.  Not
a test: timings vary by machine; this is for spotting a slow regex.
"""

from __future__ import annotations

import time
from pathlib import Path

from .parse import parse_text

FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures"
# A report page holds about 3,000 characters of text.
PAGE_CHARS = 3000


def build_text(pages: int = 100) -> str:
    """A real report's text repeated to about ``pages`` pages, with page breaks."""
    seed = FIXTURES / "seeds" / "001_308c94baf749f55b.txt"
    text = (
        seed.read_text(encoding="utf-8") if seed.exists() else "Areas for improvement\n"
    )
    repeats = max(1, -(-pages * PAGE_CHARS // len(text)))  # rounded up
    return "\f".join([text] * repeats)


def main() -> None:
    text = build_text()
    start = time.perf_counter()
    draft = parse_text(text)
    elapsed = time.perf_counter() - start
    print(
        f"parsed {len(text):,} characters (~{len(text) // PAGE_CHARS} pages) "
        f"in {elapsed:.3f}s: {len(draft.recommendations)} recommendations, "
        f"{len(draft.judgements)} judgements"
    )


if __name__ == "__main__":
    main()
