"""Paths to objects' pages, for pages that link to many of them.

reverse() costs about 20 µs a call, and the officer's home and the managers' lists
link every row two or three times. path_to() reverses a URL name once per process
(and script prefix) and puts each id into that path. For URL patterns whose only
argument is an integer id.
"""

from __future__ import annotations

import functools

from django.urls import get_script_prefix, reverse

_MARKER = "2147483647"  # an id no row has, so it appears once in the path


@functools.lru_cache(maxsize=64)
def _around_id(name: str, script_prefix: str) -> tuple[str, str]:
    head, tail = reverse(name, args=[int(_MARKER)]).split(_MARKER)
    return head, tail


def path_to(name: str, pk: int) -> str:
    """reverse(name, args=[pk]), without resolving `name` again."""
    head, tail = _around_id(name, get_script_prefix())
    return f"{head}{pk}{tail}"


def paths_to(name: str):
    """pk -> path_to(name, pk), for a loop over many rows of one request."""
    head, tail = _around_id(name, get_script_prefix())
    return lambda pk: f"{head}{pk}{tail}"
