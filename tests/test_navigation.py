"""The service navigation offers only the pages the signed-in person may open."""

import pytest
from django.urls import reverse

from inspections.choices import Role
from tests.factories import MembershipFactory

MANAGERS_PAGES = ["recommendations:recommendation_list", "recommendations:overdue"]


def _navigation(response) -> str:
    html = response.content.decode()
    start = html.index('class="govuk-service-navigation__list"')
    return html[start : html.index("</ul>", start)]


@pytest.mark.django_db
def test_an_officers_navigation_does_not_link_to_managers_pages(client, officer):
    client.force_login(officer)
    navigation = _navigation(client.get(reverse("dashboard")))
    for name in MANAGERS_PAGES:
        assert f'href="{reverse(name)}"' not in navigation
    assert f'href="{reverse("recommendations:my_actions")}"' in navigation


@pytest.mark.django_db
def test_a_managers_navigation_links_to_managers_pages(client, manager):
    client.force_login(manager)
    navigation = _navigation(client.get(reverse("dashboard")))
    for name in MANAGERS_PAGES:
        assert f'href="{reverse(name)}"' in navigation


@pytest.mark.django_db
def test_a_manager_of_one_authority_and_officer_of_another_sees_them(
    client, officer, other_authority
):
    MembershipFactory(user=officer, authority=other_authority, role=Role.MANAGER)
    client.force_login(officer)
    response = client.get(reverse("recommendations:overdue"))
    assert response.status_code == 200
    navigation = _navigation(response)
    for name in MANAGERS_PAGES:
        assert f'href="{reverse(name)}"' in navigation
