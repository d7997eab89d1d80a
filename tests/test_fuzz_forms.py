"""Hostile and random input to every form: never a 500, nothing saved on a 4xx.

Forms are found, not listed: every admin add page, and every route (tests/routes.py)
whose view takes POST. The fields are read from the page's own HTML form (for the
REST API, from its OpenAPI schema), so a new field or a new form is fuzzed without
changing this file.
"""

import re
from functools import cache
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.routes import project_routes
from tests.scenarios import build_scenario

HOSTILE_TEXT = [
    "",
    " ",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE recommendations_recommendation; --",
    '=HYPERLINK("http://evil.example")',
    "../../etc/passwd",
    "\x00",
    "\u202e\u0000\ufeff",
    "-1",
    "0",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "2026-02-30",
    "31/02/2026",
    "x" * 5000,
    "😀" * 300,
]
values = st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=300))


class FormFields(HTMLParser):
    """Names, types and choices of the fields of the page's POST forms."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, dict] = {}
        self._in_post_form = False
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._in_post_form = (attrs.get("method") or "").lower() == "post"
        elif not self._in_post_form or not attrs.get("name"):
            if tag == "option" and self._select is not None:
                self._select["choices"].append(attrs.get("value", ""))
        elif tag in ("input", "textarea"):
            self.fields[attrs["name"]] = {
                "type": attrs.get("type", "textarea" if tag == "textarea" else "text"),
                "value": attrs.get("value", ""),
                "choices": [],
            }
        elif tag == "select":
            self._select = {"type": "select", "value": "", "choices": []}
            self.fields[attrs["name"]] = self._select

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_post_form = False
        elif tag == "select":
            self._select = None


def form_fields(html: str) -> dict[str, dict]:
    parser = FormFields()
    parser.feed(html)
    parser.fields.pop("csrfmiddlewaretoken", None)
    return parser.fields


def fill(fields: dict[str, dict], draw) -> dict:
    """A value for every field: often hostile, sometimes a valid choice."""
    data = {}
    for name, field in fields.items():
        kind = field["type"]
        if kind in ("submit", "button", "image"):
            continue
        if name.endswith(("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS")):
            data[name] = draw(st.sampled_from([field["value"], "1", "-1", "1000", "x"]))
        elif kind == "file":
            data[name] = SimpleUploadedFile(
                draw(st.sampled_from(["a.pdf", "../../x.php", "<b>.pdf", "a" * 300])),
                draw(st.binary(max_size=64)),
            )
        elif kind == "select":
            # Only offered choices: Django's admin answers a non-numeric or huge id
            # in an autocomplete or multiple-choice select with a 500 (README).
            data[name] = draw(st.sampled_from(field["choices"] or [""]))
        elif kind == "checkbox":
            if draw(st.booleans()):
                data[name] = draw(st.sampled_from(["on", field["value"] or "on"]))
        else:
            data[name] = draw(values)
    return data


@cache
def api_schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def api_fields(url: str) -> dict[str, list]:
    """The writable fields of a POST to `url` (each with its choices, if any)."""
    schema = api_schema()
    components = schema["components"]["schemas"]
    for path, methods in schema["paths"].items():
        if "post" in methods and re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", path), url):
            body = methods["post"]["requestBody"]["content"]["application/json"]
            name = body["schema"]["$ref"].rsplit("/", 1)[-1]
            fields = {}
            for field, spec in components[name]["properties"].items():
                if spec.get("readOnly"):
                    continue
                refs = [spec, *spec.get("allOf", [])]
                enum = next(
                    (
                        components[r["$ref"].rsplit("/", 1)[-1]].get("enum", [])
                        for r in refs
                        if "$ref" in r
                    ),
                    spec.get("enum", []),
                )
                fields[field] = list(enum)
            return fields
    raise LookupError(f"{url}: no POST in the API schema")


def fill_json(fields: dict[str, list], draw) -> dict:
    """A JSON body: hostile text, wrong types, and sometimes a valid choice."""
    any_value = st.one_of(
        values, st.integers(), st.none(), st.booleans(), st.lists(values, max_size=2)
    )
    return {
        name: draw(
            st.sampled_from(choices) if choices and draw(st.booleans()) else any_value
        )
        for name, choices in fields.items()
        if draw(st.integers(0, 5))  # sometimes missing
    }


def row_counts() -> dict[str, int]:
    models = [
        *apps.get_app_config("inspections").get_models(),
        *apps.get_app_config("recommendations").get_models(),
        get_user_model(),
    ]
    return {model._meta.label: model._default_manager.count() for model in models}


def admin_add_urls():
    for model in admin.site._registry:
        opts = model._meta
        if opts.app_label == "axes":
            continue
        yield reverse(f"admin:{opts.app_label}_{opts.model_name}_add")


def app_form_routes():
    return [r for r in project_routes() if not r.problem and r.accepts_post]


FORM_TARGETS = [("admin", url) for url in admin_add_urls()] + [
    ("route", route) for route in app_form_routes()
]


def target_id(target):
    kind, value = target
    return value if kind == "admin" else value.name


@pytest.fixture
def world(db):
    """Built once per form; its examples share it, as real users share data."""
    scenario = build_scenario()
    root = get_user_model().objects.create_superuser("fuzz-root", "root@example.org")
    return scenario, root


@pytest.mark.parametrize("target", FORM_TARGETS, ids=target_id)
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_hostile_posts_get_an_answer_never_a_server_error(client, world, target, data):
    scenario, root = world
    kind, value = target
    if kind == "admin":
        client.force_login(root)
        url = value
    else:
        client.force_login(scenario.manager)
        url = value.url(scenario.objects, scenario.manager, client)
    page = client.get(url)
    assert page.status_code < 500
    fields = form_fields(page.content.decode()) if page.status_code == 200 else {}
    before = row_counts()
    response = client.post(url, fill(fields, data.draw))
    assert response.status_code < 500, f"{url} answered {response.status_code}"
    # The admin answers bad input with the form again (200); elsewhere with a 4xx.
    refused = 400 <= response.status_code < 500 or (
        kind == "admin" and response.status_code == 200
    )
    if refused:
        assert row_counts() == before, f"{url} saved something yet refused"
