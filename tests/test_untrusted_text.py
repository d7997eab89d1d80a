"""What people type is shown as text everywhere: pages, admin, exports."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from recommendations.exports import neutralise_cell
from tests.routes import project_routes
from tests.scenarios import HOSTILE, build_scenario

ROUTES = [route for route in project_routes() if not route.problem]


@pytest.fixture
def scenario(db):
    return build_scenario()


def assert_escaped(content: str, where: str):
    for value in HOSTILE.values():
        assert value not in content, f"{where} shows {value!r} as markup"


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.name)
def test_pages_show_hostile_text_as_text(client, route, scenario):
    client.force_login(scenario.manager)
    url = route.url(scenario.objects, scenario.manager)
    response = client.get(url)
    assert response.status_code < 500
    if not response.streaming:
        assert_escaped(response.content.decode(), url)


def test_the_recommendation_page_shows_the_escaped_text(client, scenario):
    from recommendations.models import Recommendation

    client.force_login(scenario.manager)
    recommendation = scenario.objects[Recommendation]
    content = client.get(recommendation.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(&#x27;recommendation&#x27;)&lt;/script&gt;" in content


ADMIN_MODELS = [
    model
    for model in admin.site._registry
    if model._meta.app_label in ("inspections", "recommendations")
]


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda model: model._meta.label)
def test_admin_pages_show_hostile_text_as_text(client, scenario, model):
    superuser = get_user_model().objects.create_superuser("root", "root@example.org")
    client.force_login(superuser)
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert_escaped(client.get(changelist).content.decode(), changelist)
    obj = scenario.objects.get(model)
    if obj is not None:
        for view in ("change", "history"):
            url = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk]
            )
            response = client.get(url)
            assert response.status_code == 200
            assert_escaped(response.content.decode(), url)


def test_stored_file_names_are_generated_not_taken_from_the_upload(scenario):
    from recommendations.models import Evidence

    evidence = scenario.objects[Evidence]
    assert evidence.original_filename == HOSTILE["filename"]
    assert evidence.file.name.startswith("evidence/")
    assert "<" not in evidence.file.name and "onerror" not in evidence.file.name


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Improve practice", "Improve practice"),
        (42, 42),
        (None, None),
    ],
)
def test_spreadsheet_cells_cannot_start_a_formula(value, expected):
    assert neutralise_cell(value) == expected
