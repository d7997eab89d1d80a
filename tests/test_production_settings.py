"""Production mode refuses insecure settings; the documented environment is clean.

Settings are read once per process, so each production case runs manage.py in a
subprocess with DJANGO_DEBUG off and no .env defaults leaking in.
"""

import datetime
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils.formats import date_format, get_format

BASE_DIR = Path(__file__).resolve().parent.parent
# The production environment README.md documents (see "Deployment").
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "x7Gq2-vN9pLr4sT8wYb3mKd6hJf1cZa5eRu0oIiQ-PlMnBvCxZ",
    "DJANGO_ALLOWED_HOSTS": "tracker.example.gov.uk",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://tracker.example.gov.uk",
    "DJANGO_BEHIND_PROXY": "1",
}


def run(args, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST"))
    }
    environment.update(env)
    return subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_start_up_refuses_a_missing_secret_key():
    env = {**PRODUCTION, "DJANGO_SECRET_KEY": ""}
    result = run(["manage.py", "check"], **env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set to a long random value" in result.stderr


@pytest.mark.parametrize(
    "key", ["django-insecure-development-only-key", "too-short-a-key"]
)
def test_start_up_refuses_the_default_or_a_short_secret_key(key):
    result = run(["manage.py", "check"], **{**PRODUCTION, "DJANGO_SECRET_KEY": key})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_start_up_refuses_empty_allowed_hosts():
    result = run(["manage.py", "check"], **{**PRODUCTION, "DJANGO_ALLOWED_HOSTS": ""})
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS must list the host names" in result.stderr


def test_the_documented_production_environment_passes_check_deploy():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_turns_on_secure_cookies_hsts_and_https_redirect():
    script = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({name: getattr(s, name) for name in ["
        "'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_SSL_REDIRECT', "
        "'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', "
        "'SECURE_PROXY_SSL_HEADER', 'X_FRAME_OPTIONS', 'SESSION_COOKIE_HTTPONLY', "
        "'DEBUG']}))"
    )
    result = run(["-c", script], DJANGO_SETTINGS_MODULE="config.settings", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "X_FRAME_OPTIONS": "DENY",
        "SESSION_COOKIE_HTTPONLY": True,
        "DEBUG": False,
    }


def test_https_pages_send_hsts_and_http_is_redirected(client, db, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_SSL_REDIRECT = True
    assert client.get(reverse("login"), secure=False).status_code == 301
    response = client.get(reverse("login"), secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_pages_are_never_framed_and_keep_the_referrer_on_site(client, db):
    response = client.get(reverse("login"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_nothing_a_signed_in_person_is_shown_is_kept_by_a_cache(
    client, manager, inspection
):
    """Council computers are shared: no page, export or API answer for someone
    signed in stays in the browser's cache after they sign out."""
    from rest_framework.authtoken.models import Token

    client.force_login(manager)
    for url in (
        reverse("dashboard"),
        reverse("recommendations:overdue") + "?_export=csv",
        reverse("inspections:inspection_detail", args=[inspection.pk]),
    ):
        cache_control = client.get(url)["Cache-Control"]
        assert "no-store" in cache_control and "private" in cache_control, url
    client.logout()
    token = Token.objects.create(user=manager)
    answer = client.get(
        reverse("api:recommendation-list"), HTTP_AUTHORIZATION=f"Token {token.key}"
    )
    assert answer.status_code == 200 and "no-store" in answer["Cache-Control"]


def test_the_content_security_policy_is_strict_and_nonced(client, db):
    response = client.get(reverse("login"))
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    nonce = policy["script-src"].split("'nonce-")[1].split("'")[0]
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == f"'self' 'nonce-{nonce}'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["form-action"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'none'"
    content = response.content.decode()
    scripts = content.count("<script")
    assert scripts and content.count(f'nonce="{nonce}"') == scripts


def test_every_page_template_is_free_of_inline_styles_and_handlers():
    import re

    offenders = []
    for template in (BASE_DIR / "templates").rglob("*.html"):
        text = template.read_text()
        if re.search(r"\sstyle=|\son[a-z]+=|<style|javascript:", text):
            offenders.append(str(template.relative_to(BASE_DIR)))
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "nonce=" not in tag:
                offenders.append(f"{template.relative_to(BASE_DIR)}: {tag}")
    assert offenders == []


def test_a_server_process_loads_its_urls_and_freezes_them_out_of_the_collector():
    """config/wsgi.py (what gunicorn loads) leaves the collector only what
    requests make; a full collection no longer walks the whole of Django."""
    script = (
        "import gc, sys, config.wsgi; "
        "print(gc.get_freeze_count(), 'recommendations.views.lists' in sys.modules)"
    )
    result = run(["-c", script], **PRODUCTION)
    assert result.returncode == 0, result.stderr
    frozen, views_loaded = result.stdout.split()
    assert int(frozen) > 50_000
    assert views_loaded == "True"


def test_dates_stay_british_without_translation():
    """USE_I18N is off (English only); the en-gb formats must still apply."""
    day = datetime.date(2027, 3, 27)
    assert date_format(day, "SHORT_DATE_FORMAT") == "27/03/2027"
    assert date_format(day) == "27 Mar 2027"
    assert get_format("DATE_INPUT_FORMATS")[0] == "%d/%m/%Y"
    assert get_format("FIRST_DAY_OF_WEEK") == 1  # Monday


def test_a_cache_url_must_name_a_redis():
    result = run(["manage.py", "check"], CACHE_URL="memcached://127.0.0.1:11211")
    assert result.returncode != 0
    assert "CACHE_URL must be a Redis address" in result.stderr


REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_or_skip():
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.ConnectionError:
        if os.environ.get("CI"):
            raise  # CI's machine runs Redis: a shared cache must be checked there
        pytest.skip(f"no Redis at {REDIS_URL}")


@pytest.mark.parametrize(
    "cache_url, second_sees_first", [("", False), (REDIS_URL, True)]
)
def test_server_processes_count_together_only_with_a_shared_cache(
    cache_url, second_sees_first
):
    """What the API's rate and the password reset's interval rely on: a count one
    process (one gunicorn worker) keeps is seen by the next, or not."""
    if cache_url:
        _redis_or_skip()
    key = f"test-shared-{uuid.uuid4()}"
    script = (
        "import django; django.setup(); from django.core.cache import cache; "
        f"print(cache.add({key!r}, 1, timeout=60))"
    )
    env = {"DJANGO_SETTINGS_MODULE": "config.settings", "CACHE_URL": cache_url}
    first, second = (run(["-c", script], **env) for _ in range(2))
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    assert first.stdout.split()[-1] == "True"
    assert second.stdout.split()[-1] == str(not second_sees_first)
