import pytest
from django.urls import reverse


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
