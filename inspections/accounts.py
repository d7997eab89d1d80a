"""Signing in: the address a failure is counted by, and password reset, throttled
to one email per address per PASSWORD_RESET_INTERVAL.

Django's reset form sends an email for every request, so anyone could fill a
person's inbox from the sign-in page. The page answers the same whether or not an
email went, so it reveals neither the throttle nor whether the address is known.
The throttle lives in the cache (CACHES): per server process with the default
local-memory cache, across processes with CACHE_URL's Redis.
"""

import hashlib
import ipaddress
import logging

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.core.cache import cache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


class ThrottledPasswordResetForm(PasswordResetForm):
    def save(self, *args, **kwargs):
        email = self.cleaned_data["email"].strip().lower()
        key = "password-reset:" + hashlib.sha256(email.encode()).hexdigest()
        try:
            first = cache.add(key, True, timeout=settings.PASSWORD_RESET_INTERVAL)
        except RedisError:  # CACHE_URL's Redis is down: send, as without a throttle
            logger.warning("Password reset not throttled: the cache is unreachable")
            first = True
        if first:
            super().save(*args, **kwargs)


def client_address(request) -> str:
    """The address django-axes counts sign-in failures by.

    Behind the reverse proxy (BEHIND_PROXY), every request comes from the proxy, so
    it is the right-most X-Forwarded-For entry: the one the proxy appended. Any
    entries before it are whatever the client sent, and trusting them would let an
    attacker name a new address for every guess."""
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        appended = _address(forwarded.rsplit(",", 1)[-1])
        if appended:
            return appended
    return request.META.get("REMOTE_ADDR", "")


def _address(entry: str) -> str:
    """The IP address an X-Forwarded-For entry names, without the port some proxies
    add ("203.0.113.9:41234", "[2001:db8::1]:443"); "" if it names none."""
    entry = entry.strip()
    if entry.startswith("["):  # an IPv6 address with a port
        entry = entry[1:].partition("]")[0]
    elif entry.count(":") == 1:  # an IPv4 address with a port
        entry = entry.partition(":")[0]
    try:
        return str(ipaddress.ip_address(entry))
    except ValueError:
        return ""
