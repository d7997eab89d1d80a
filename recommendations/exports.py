"""Helpers for CSV and XLSX exports."""

import csv
from collections.abc import Iterable, Iterator

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value):
    """Stop a spreadsheet reading text as a formula (CSV/formula injection).

    Text starting with = + - @ tab or carriage return gets a leading apostrophe,
    which spreadsheets show as text; anything else is returned unchanged.
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return f"'{value}"
    return value


class _Echo:
    """A file that hands back what is written to it (csv.writer's target)."""

    def write(self, value: str) -> str:
        return value


def csv_chunks(rows: Iterable[list], rows_per_chunk: int = 500) -> Iterator[str]:
    """CSV text (Excel's dialect, as tablib writes it), a few hundred rows at a
    time, for a StreamingHttpResponse: a national export of 100,000 rows then
    needs the memory of one chunk, not of the whole file and every row object."""
    writer = csv.writer(_Echo())
    chunk = []
    for row in rows:
        chunk.append(writer.writerow(row))
        if len(chunk) == rows_per_chunk:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)
