"""How the service names a person: one rule for pages, exports, emails and the API."""

from __future__ import annotations


def person_name(user) -> str:
    """Their full name, else their username; "" for nobody."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def person_name_from(first_name: str, last_name: str, username: str) -> str:
    """person_name() from the columns alone (choices read with values_list)."""
    return f"{first_name} {last_name}".strip() or username
