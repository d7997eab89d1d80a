import pytest
from django.urls import get_script_prefix, reverse, set_script_prefix

from inspections.links import path_to, paths_to

NAMES = (
    "recommendations:recommendation_detail",
    "recommendations:recommendation_revise_due_date",
    "inspections:inspection_detail",
)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("pk", [1, 42, 2147483646])
def test_path_to_is_reverse(name, pk):
    assert path_to(name, pk) == reverse(name, args=[pk])


def test_path_to_follows_the_script_prefix():
    """Served under a sub-path (SCRIPT_NAME), the links carry it as reverse's do."""
    name = "recommendations:recommendation_detail"
    before = get_script_prefix()
    try:
        set_script_prefix("/tracker/")
        assert path_to(name, 7) == reverse(name, args=[7])
        assert path_to(name, 7).startswith("/tracker/")
    finally:
        set_script_prefix(before)
    assert path_to(name, 7) == reverse(name, args=[7])
    assert not path_to(name, 7).startswith("/tracker/")


def test_paths_to_gives_the_same_paths():
    name = "inspections:inspection_detail"
    link = paths_to(name)
    assert [link(pk) for pk in (1, 99)] == [path_to(name, 1), path_to(name, 99)]
