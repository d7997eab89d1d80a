import pytest

from inspections.people import person_name, person_name_from
from tests.factories import UserFactory


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [("Asha", "Patel", "Asha Patel"), ("Asha", "", "Asha"), ("", "", "apatel")],
)
def test_a_person_is_named_by_full_name_else_username(first, last, expected):
    user = UserFactory(username="apatel", first_name=first, last_name=last)
    assert person_name(user) == expected
    assert person_name_from(first, last, "apatel") == expected


def test_nobody_has_no_name():
    assert person_name(None) == ""
