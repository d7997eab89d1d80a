import pytest
from django.urls import reverse

from inspections.choices import Role
from inspections.context_processors import HEADER_NAMES
from tests.factories import AuthorityFactory, MembershipFactory


@pytest.mark.django_db
def test_login_page_renders_for_anonymous_users(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b"Sign in" in response.content


@pytest.mark.django_db
def test_home_page_redirects_anonymous_users_to_login(client):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.django_db
def test_home_page_renders_for_a_member(client, officer):
    client.force_login(officer)
    assert client.get(reverse("dashboard")).status_code == 200


@pytest.mark.django_db
def test_accessibility_statement_is_public(client):
    response = client.get(reverse("accessibility"))
    assert response.status_code == 200
    assert b"Accessibility statement" in response.content


def _header(response) -> str:
    html = response.content.decode()
    start = html.index('class="app-header__service"')
    return html[start : html.index("</div>", start)]


@pytest.mark.django_db
def test_the_header_names_a_users_few_authorities(client, manager, other_authority):
    MembershipFactory(user=manager, authority=other_authority, role=Role.MANAGER)
    client.force_login(manager)
    header = _header(client.get(reverse("accessibility")))
    assert "Authorities: </span>" in header
    # By name, escaped, in alphabetical order.
    assert header.index("Stockport") < header.index("Trafford")


@pytest.mark.django_db
def test_the_header_counts_a_regional_users_authorities(client, manager):
    for _ in range(HEADER_NAMES):
        MembershipFactory(user=manager, authority=AuthorityFactory(), role=Role.OFFICER)
    client.force_login(manager)
    header = _header(client.get(reverse("accessibility")))
    assert f"{HEADER_NAMES + 1} authorities" in header
    assert "Trafford" not in header


@pytest.mark.django_db
def test_the_header_escapes_an_authority_name(client, officer, authority):
    authority.name = "<b>Trafford</b>"
    authority.save()
    client.force_login(officer)
    header = _header(client.get(reverse("accessibility")))
    assert "&lt;b&gt;Trafford&lt;/b&gt;" in header
    assert "Authority: </span>" in header


@pytest.mark.django_db
@pytest.mark.parametrize("person", ["manager", "officer"])
def test_a_page_reads_the_users_memberships_once(
    client, request, person, django_assert_num_queries
):
    client.force_login(request.getfixturevalue(person))
    client.get(reverse("accessibility"))
    # Session, user, memberships (the header and the navigation, which offers the
    # managers' pages only to managers, share them).
    with django_assert_num_queries(3):
        client.get(reverse("accessibility"))
