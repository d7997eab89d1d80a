"""Filter ids the API cannot read get its JSON 400 error body, never a 500.

"²".isdigit() is True but int() refuses it; a number past 2**63 - 1 cannot be an id
and the database refuses to compare it.
"""

import pytest
from django.urls import reverse

from recommendations.filters import MAX_ID

NOT_IDS = ["\u00b2", "\u0661", "1_0", "-1", "0", str(MAX_ID + 1), "9" * 5000]
ID_FILTERS = [
    ("api:inspection-list", "authority"),
    ("api:recommendation-list", "authority"),
    ("api:recommendation-list", "inspection"),
    ("api:recommendation-list", "team"),
    ("api:action-list", "authority"),
    ("api:action-list", "recommendation"),
    ("api:action-list", "team"),
]


@pytest.mark.parametrize(("name", "param"), ID_FILTERS)
@pytest.mark.parametrize("value", NOT_IDS)
def test_a_filter_value_that_is_not_an_id_is_400_with_the_error_body(
    officer_api, name, param, value
):
    response = officer_api.get(reverse(name), {param: value})
    assert response.status_code == 400
    body = response.json()
    assert (body["status"], body["code"]) == (400, "invalid")
    assert set(body["errors"]) == {param}
    assert "is not a valid value" in body["errors"][param][0]


@pytest.mark.parametrize(("name", "param"), ID_FILTERS)
def test_the_largest_id_is_looked_up_and_found_to_be_no_choice(
    officer_api, name, param
):
    response = officer_api.get(reverse(name), {param: str(MAX_ID)})
    assert response.status_code == 400
    assert "Select a valid choice" in response.json()["errors"][param][0]


@pytest.mark.parametrize("value", ["\u00b2", str(MAX_ID + 1)])
def test_a_bad_id_among_good_ones_is_400(officer_api, team, value):
    response = officer_api.get(
        reverse("api:recommendation-list"), {"team": [team.pk, value]}
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"team"}


@pytest.mark.parametrize("value", NOT_IDS)
def test_the_owner_filter_reads_an_id_as_the_others_do(officer_api, value):
    """int() alone reads "1_0" as 10 and "١" as 1: not ids as anyone writes them."""
    response = officer_api.get(reverse("api:action-list"), {"owner": value})
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "owner": ["Enter an id: a whole number from 1"]
    }


@pytest.mark.parametrize(
    "path",
    [
        "/api/recommendations/{}/",
        "/api/actions/{}/",
        "/api/inspections/{}/",
        "/api/authorities/{}/",
        "/api/recommendations/{}/notes/",
    ],
)
@pytest.mark.parametrize("pk", ["9" * 5000, str(MAX_ID + 1)])
def test_an_id_no_row_can_have_is_404_not_a_500(officer_api, path, pk):
    response = officer_api.get(path.format(pk))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
