"""Signing in and out: lockout, password rules, idle timeout, sign-out, reset."""

import datetime
import re

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory

PASSWORD = "correct-horse-battery"


@pytest.fixture
def person(db):
    return UserFactory(username="pat", email="pat@example.org")


def sign_in(client, username, password, address="10.0.0.1"):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_signing_in_with_the_right_password_works(client, person):
    response = sign_in(client, "pat", PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200


def test_five_failures_lock_out_that_user_from_that_address(client, person):
    for _ in range(4):
        assert sign_in(client, "pat", "wrong").status_code == 200
    locked = sign_in(client, "pat", "wrong")
    assert locked.status_code == 429
    again = sign_in(client, "pat", PASSWORD)
    assert again.status_code == 429
    content = again.content.decode()
    assert "You cannot sign in for 15 minutes" in content
    assert "govuk-heading-l" in content
    assert reverse("password_reset") in content


def test_the_lockout_is_per_user_and_address_combined(client, person):
    UserFactory(username="sam")
    for _ in range(5):
        sign_in(client, "pat", "wrong")
    assert sign_in(client, "pat", PASSWORD, address="10.0.0.2").status_code == 302
    client.logout()
    assert sign_in(client, "sam", PASSWORD).status_code == 302


def through_the_proxy(client, password, forwarded_for):
    return client.post(
        reverse("login"),
        {"username": "pat", "password": password},
        REMOTE_ADDR="10.0.0.1",  # the proxy, for everyone
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_behind_the_proxy_a_stranger_cannot_lock_someone_out(client, person, settings):
    settings.BEHIND_PROXY = True
    for _ in range(5):
        through_the_proxy(client, "wrong", "203.0.113.9")
    assert through_the_proxy(client, "wrong", "203.0.113.9").status_code == 429
    assert through_the_proxy(client, PASSWORD, "198.51.100.7").status_code == 302


def test_behind_the_proxy_a_forged_address_does_not_dodge_the_lockout(
    client, person, settings
):
    """Only the entry the proxy appended counts, not what the client sent."""
    settings.BEHIND_PROXY = True
    codes = [
        through_the_proxy(client, "wrong", f"192.0.2.{n}, 203.0.113.9").status_code
        for n in range(1, 8)
    ]
    assert codes == [200] * 4 + [429] * 3


@pytest.mark.parametrize(
    "appended", ["203.0.113.9:4{n}", "[2001:db8::1]:44{n}", "2001:db8::1"]
)
def test_behind_the_proxy_a_port_is_not_part_of_the_address(
    client, person, settings, appended
):
    """Some proxies append 'address:port': a new port for every guess must not
    make a new address (nor, on PostgreSQL's inet column, a server error)."""
    settings.BEHIND_PROXY = True
    codes = [
        through_the_proxy(client, "wrong", appended.format(n=n)).status_code
        for n in range(7)
    ]
    assert codes == [200] * 4 + [429] * 3


def test_behind_the_proxy_an_entry_that_is_no_address_falls_back(
    client, person, settings
):
    settings.BEHIND_PROXY = True
    assert through_the_proxy(client, "wrong", "unknown").status_code == 200


def test_the_lockout_ends_after_15_minutes(client, person):
    for _ in range(5):
        sign_in(client, "pat", "wrong")
    assert sign_in(client, "pat", PASSWORD).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - datetime.timedelta(minutes=16)
    )
    assert sign_in(client, "pat", PASSWORD).status_code == 302


def test_a_successful_sign_in_resets_the_failure_count(client, person):
    for _ in range(4):
        sign_in(client, "pat", "wrong")
    assert sign_in(client, "pat", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        sign_in(client, "pat", "wrong")
    assert sign_in(client, "pat", PASSWORD).status_code == 302


def test_sign_out_refuses_get(client, person):
    client.force_login(person)
    assert client.get(reverse("logout")).status_code == 405
    assert client.get(reverse("dashboard")).status_code == 200


def test_sign_out_by_post_ends_the_session(client, person):
    client.force_login(person)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 302


def test_an_idle_session_expires(client, person):
    client.force_login(person)
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_each_request_extends_the_session(client, person):
    client.force_login(person)
    soon = timezone.now() + datetime.timedelta(minutes=5)
    Session.objects.update(expire_date=soon)
    client.get(reverse("dashboard"))
    assert Session.objects.get().expire_date > soon + datetime.timedelta(hours=7)


def test_the_session_is_saved_at_most_once_per_refresh_interval(
    client, person, settings
):
    client.force_login(person)
    client.get(reverse("dashboard"))  # refreshes: force_login bypasses middleware
    refreshed = Session.objects.get().expire_date
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("dashboard"))
    assert not [
        q for q in queries if "UPDATE" in q["sql"] and "django_session" in q["sql"]
    ]
    assert Session.objects.get().expire_date == refreshed

    settings.SESSION_REFRESH_SECONDS = 0  # the interval has passed
    client.get(reverse("dashboard"))
    assert Session.objects.get().expire_date > refreshed


def reset_link(email) -> str:
    return re.search(r"https?://[^/\s]+(/\S+/)", email.body).group(1)


def test_password_reset_by_email_end_to_end(client, person, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = client.post(reverse("password_reset"), {"email": "pat@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["pat@example.org"]

    form = client.get(reset_link(mail.outbox[0]), follow=True)
    assert form.status_code == 200
    set_password_url = form.redirect_chain[-1][0]

    weak = client.post(
        set_password_url, {"new_password1": "password", "new_password2": "password"}
    )
    assert weak.status_code == 200
    assert b"too short" in weak.content or b"too common" in weak.content

    new = "a long new passphrase 2026"
    done = client.post(set_password_url, {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    assert sign_in(client, "pat", new).status_code == 302

    client.logout()
    used_again = client.get(reset_link(mail.outbox[0]), follow=True)
    assert used_again.context["validlink"] is False


def test_password_reset_does_not_reveal_unknown_addresses(client, person, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    known = client.post(reverse("password_reset"), {"email": "pat@example.org"})
    unknown = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)
    assert len(mail.outbox) == 1


def test_password_reset_sends_one_email_per_address_per_interval(
    client, person, settings
):
    """Else anyone could fill a person's inbox from the sign-in page; the answer is
    the same either way."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    answers = [
        client.post(reverse("password_reset"), {"email": email})
        for email in ("pat@example.org", "PAT@example.org", "pat@example.org")
    ]
    assert len(mail.outbox) == 1
    assert {(a.status_code, a.url) for a in answers} == {(302, answers[0].url)}


def test_with_the_cache_down_a_password_reset_is_still_sent(
    client, person, settings, unreachable_cache, caplog
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = client.post(reverse("password_reset"), {"email": "pat@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "Password reset not throttled: the cache is unreachable" in caplog.text


@pytest.mark.parametrize(
    "password", ["short1", "password123456", "123456789012", "pat-example-org"]
)
def test_weak_passwords_are_refused(person, password):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password(password, user=person)
