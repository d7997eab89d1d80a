"""Query strings and form posts the lists never wrote: a clear answer, never a 500.

"²".isdigit() is True but int() refuses it; a number past 2**63 - 1 cannot be an id
and the database refuses to compare it (SQLite raises OverflowError, PostgreSQL an
out-of-range error).
"""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from recommendations.filters import MAX_ID, parse_id
from recommendations.views import lists
from tests.factories import RecommendationFactory, TeamFactory

LIST = "recommendations:recommendation_list"
NOT_IDS = ["\u00b2", "\u0661", "1_0", " 1", "-1", "0", str(MAX_ID + 1), "9" * 5000]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1", 1), ("007", 7), (str(MAX_ID), MAX_ID), ("0" * 30 + "5", 5), (42, 42)]
    # Past the 4,300 digits int() reads, once the zeros are counted.
    + [("0" * 5000 + "1", 1), ("0" * 5000, None)]
    + [(text, None) for text in NOT_IDS + ["", None, "1.0", "1e3"]],
)
def test_parse_id_takes_ascii_digits_within_the_id_columns_range(text, expected):
    assert parse_id(text) == expected


@pytest.mark.parametrize("name", ["authority", "inspection", "team", "owner"])
@pytest.mark.parametrize("value", ["\u00b2", str(MAX_ID + 1), str(MAX_ID), "-1"])
def test_a_filter_id_that_names_no_row_is_shown_in_the_error_summary(
    manager_client, inspection, name, value
):
    RecommendationFactory(inspection=inspection)
    response = manager_client.get(reverse(LIST), {name: value})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem with the filters" in html
    assert f'<a href="#id_{name}">' in html
    assert list(response.context["table"].paginated_rows) == []


@pytest.mark.parametrize("value", ["\u00b2", str(MAX_ID + 1)])
def test_a_bad_authority_id_asks_a_regional_view_to_choose_one(
    client, superuser, inspection, value
):
    client.force_login(superuser)
    response = client.get(reverse(LIST), {"authority": value, "team": value})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a href="#id_authority">' in html and '<a href="#id_team">' in html
    assert "Choose an authority and apply the filters to list its owning teams" in html


def test_a_bad_team_id_beside_a_chosen_authority_still_offers_its_teams(
    client, superuser, authority
):
    team = TeamFactory(authority=authority, name="Front Door")
    client.force_login(superuser)
    response = client.get(
        reverse(LIST), {"authority": authority.pk, "team": str(MAX_ID + 1)}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a href="#id_team">' in html
    assert f'<option value="{team.pk}">Front Door</option>' in html


@pytest.mark.parametrize(
    ("asked", "shown"), [("-5", 1), ("abc", 50), ("51", 51), ("100000", 52)]
)
def test_per_page_outside_its_range_is_brought_within_it(
    manager_client, inspection, monkeypatch, asked, shown
):
    monkeypatch.setattr(lists, "PRINT_ROWS", 52)
    RecommendationFactory.create_batch(55, inspection=inspection)
    response = manager_client.get(reverse(LIST), {"per_page": asked})
    assert response.status_code == 200
    assert len(list(response.context["table"].paginated_rows)) == shown


@pytest.mark.parametrize("pk", ["\u00b2", str(MAX_ID + 1), "9" * 5000])
def test_bulk_assign_without_a_real_id_goes_back_with_a_message(
    manager_client, inspection, pk
):
    response = manager_client.get(reverse("recommendations:bulk_assign"), {"pk": pk})
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Select at least one recommendation to reassign"
    ]


@pytest.mark.parametrize("pk", ["\u00b2", str(MAX_ID + 1)])
def test_bulk_assign_lists_only_the_real_ids_among_bad_ones(
    manager_client, inspection, pk
):
    chosen = RecommendationFactory(inspection=inspection)
    response = manager_client.get(
        reverse("recommendations:bulk_assign"), {"pk": [chosen.pk, pk]}
    )
    assert response.status_code == 200
    assert response.context["selected"] == [chosen]


@pytest.mark.parametrize("pk", ["\u00b2", str(MAX_ID + 1), str(MAX_ID)])
def test_bulk_assign_post_with_a_bad_id_changes_nothing_and_says_so(
    manager_client, inspection, authority, pk
):
    chosen = RecommendationFactory(inspection=inspection)
    new_team = TeamFactory(authority=authority)
    response = manager_client.post(
        reverse("recommendations:bulk_assign"),
        {"pk": [chosen.pk, pk], "team": new_team.pk},
    )
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content
    assert b"You cannot change some of the recommendations selected" in response.content
    chosen.refresh_from_db()
    assert chosen.team is None


@pytest.mark.parametrize("owner", ["\u00b2", str(MAX_ID + 1)])
def test_bulk_assign_post_with_a_bad_lead_officer_id_is_a_field_error(
    manager_client, inspection, owner
):
    chosen = RecommendationFactory(inspection=inspection)
    response = manager_client.post(
        reverse("recommendations:bulk_assign"), {"pk": [chosen.pk], "owner": owner}
    )
    assert response.status_code == 200
    assert "owner" in response.context["form"].errors
    chosen.refresh_from_db()
    assert chosen.owner is None


def test_an_id_padded_past_what_int_reads_is_refused_not_a_500(
    manager_client, inspection, authority
):
    chosen = RecommendationFactory(inspection=inspection)
    new_team = TeamFactory(authority=authority)
    padded = "0" * 5000 + str(chosen.pk)
    response = manager_client.post(
        reverse("recommendations:bulk_assign"), {"pk": [padded], "team": new_team.pk}
    )
    assert response.status_code == 200
    assert b"You cannot change some of the recommendations selected" in response.content
    chosen.refresh_from_db()
    assert chosen.team is None
    listed = manager_client.get(reverse(LIST), {"team": "0" * 5000 + str(new_team.pk)})
    assert listed.status_code == 200
