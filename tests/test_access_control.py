"""Nobody sees what is not theirs: every route, read from the URL resolver.

For each route the project defines (admin and Django's auth views aside):
- signed out: sent to sign in (the API answers 401/403); public pages leak nothing;
- another authority's user: 404 for an object of the home authority, and none of
  the home authority's rows on lists, exports and feeds;
- an officer on a manager-only view (`manager_only = True`, ManagerRequiredMixin): 403;
- a route whose argument is a credential (tests/routes.py TOKEN_ROUTES): a wrong one
  opens nothing, and a person's own one shows only their authorities' rows.
A route these rules cannot classify fails, so a new view is covered (or fails) here
by itself.
"""

import io
import zipfile

import pytest
from django.urls import reverse

from tests.routes import project_routes
from tests.scenarios import MARKER, build_scenario

ROUTES = project_routes()
OBJECT_ROUTES = [route for route in ROUTES if route.is_object and not route.is_public]
LIST_ROUTES = [route for route in ROUTES if not route.is_object]
TOKEN_ROUTES = [route for route in ROUTES if route.takes_token]
MANAGER_ROUTES = [route for route in ROUTES if route.manager_only]


def ids(route):
    return route.name


@pytest.fixture
def scenario(db):
    return build_scenario()


def fetch(client, route, url, *, data=None):
    """GET the page; a view that only takes POST is sent an empty form instead."""
    response = client.get(url, data)
    if response.status_code == 405 and route.accepts_post:
        response = client.post(url, data or {})
    return response


def readable(response) -> bytes:
    """The response's text; an XLSX (a zip) is unpacked so its cells can be read."""
    body = b"".join(response) if response.streaming else response.content
    if body.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            body = b"".join(archive.read(name) for name in archive.namelist())
    return body


def assert_classified(route):
    if route.problem:
        pytest.fail(route.problem)


@pytest.mark.parametrize("route", ROUTES, ids=ids)
def test_every_route_can_be_classified(route, scenario):
    assert_classified(route)
    if route.is_object:
        route.url(scenario.objects, scenario.manager)  # raises if it cannot


@pytest.mark.parametrize("route", ROUTES, ids=ids)
def test_anonymous_visitors_are_sent_to_sign_in(client, route, scenario):
    assert_classified(route)
    url = route.url(scenario.objects, scenario.manager)
    response = fetch(client, route, url)
    if route.is_public and route.takes_token:
        assert response.status_code == 404  # a wrong token opens nothing
    elif route.is_public:
        assert response.status_code < 400
        assert MARKER not in response.content.decode()
    elif route.is_api:
        assert response.status_code in (401, 403)
    else:
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("route", OBJECT_ROUTES, ids=ids)
def test_another_authoritys_user_gets_404_for_its_objects(client, route, scenario):
    assert_classified(route)
    client.force_login(scenario.manager)
    url = route.url(scenario.objects, scenario.manager, client)
    own = fetch(client, route, url)
    assert own.status_code not in (404, 500), (
        f"{url} should open for the authority's own manager"
    )
    client.force_login(scenario.outsider)
    assert fetch(client, route, url).status_code == 404


@pytest.mark.parametrize("route", LIST_ROUTES, ids=ids)
def test_another_authoritys_user_sees_none_of_its_rows(client, route, scenario):
    assert_classified(route)
    url = route.url(scenario.objects, scenario.outsider)
    client.force_login(scenario.outsider)
    queries = [None]
    view_formats = getattr(route.view_class, "export_formats", ())
    trigger = getattr(route.view_class, "export_trigger_param", "_export")
    queries += [{trigger: export_format} for export_format in view_formats]
    for query in queries:
        response = fetch(client, route, url, data=query)
        assert response.status_code < 500
        assert MARKER.encode() not in readable(response), (
            f"{url} {query or ''} shows another authority"
        )


@pytest.mark.parametrize("route", TOKEN_ROUTES, ids=ids)
def test_a_token_shows_only_its_holders_authorities(client, route, scenario):
    client.force_login(scenario.outsider)
    url = route.url(scenario.objects, scenario.outsider, client)
    response = fetch(client, route, url)
    assert response.status_code == 200
    assert MARKER.encode() not in readable(response), f"{url} shows another authority"
    client.force_login(scenario.manager)
    url = route.url(scenario.objects, scenario.manager, client)
    assert MARKER.encode() in readable(fetch(client, route, url)), (
        "the holder's own rows should show, so that the leak check can fail"
    )


@pytest.mark.parametrize("route", MANAGER_ROUTES, ids=ids)
def test_officers_are_refused_manager_only_views(client, route, scenario):
    assert_classified(route)
    url = route.url(scenario.objects, scenario.manager)
    client.force_login(scenario.officer)
    assert fetch(client, route, url).status_code == 403


def test_the_home_authoritys_manager_sees_its_rows_so_the_leak_check_can_fail(
    client, scenario
):
    client.force_login(scenario.manager)
    assert MARKER in client.get(reverse("dashboard")).content.decode()
