"""Helpers for CSV and XLSX exports."""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value):
    """Stop a spreadsheet reading text as a formula (CSV/formula injection).

    Text starting with = + - @ tab or carriage return gets a leading apostrophe,
    which spreadsheets show as text; anything else is returned unchanged.
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return f"'{value}"
    return value
