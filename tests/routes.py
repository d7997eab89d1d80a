"""Every route the project defines, read from the URL resolver, with what it serves.

Used by the access-control, untrusted-text and fuzz tests, so a new view is checked
by them the moment its URL is added. Django's admin and auth views are left out:
they have their own tests (tests/test_admin.py, tests/test_login_and_sessions.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.http import HttpRequest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.views import APIView

from recommendations import services

EXCLUDED_NAMESPACES = {"admin"}
EXCLUDED_VIEW_MODULES = ("django.contrib.auth.", "django.contrib.admin.")
REPORT_TEXT = Path(__file__).parent / "fixtures" / "seeds" / "001_308c94baf749f55b.txt"
# A well-formed token that opens nothing.
UNKNOWN_TOKEN = "0" * 32


def _calendar_token(user, client) -> str:
    """The token a calendar app sends: the feed's only credential."""
    return services.create_calendar_feed(user=user)


def _pending_import_token(user, client) -> str:
    """A report uploaded in the session of `client` (signed in as `user`)."""
    response = client.post(
        reverse("inspections:import_report"), {"text": REPORT_TEXT.read_text()}
    )
    assert response.status_code == 302, "the report upload should succeed"
    return response.url.rstrip("/").rsplit("/", 1)[-1]


# Routes whose argument is a credential rather than a record, and how to get a real
# one for a person. Without a client (so nobody to get it for), such a route's URL
# carries UNKNOWN_TOKEN instead, which must open nothing.
TOKEN_ROUTES = {
    "calendar_feed": _calendar_token,
    "inspections:import_review": _pending_import_token,
}


@dataclass
class Route:
    name: str  # "namespace:name", for reverse()
    route: str  # the pattern, for messages
    callback: object
    kwargs: list[str] = field(default_factory=list)
    problem: str = ""

    @property
    def view_class(self):
        return getattr(self.callback, "view_class", None) or getattr(
            self.callback, "cls", None
        )

    @property
    def is_public(self) -> bool:
        # DRF marks its views login_not_required: they authenticate by themselves.
        return (
            getattr(self.callback, "login_required", True) is False and not self.is_api
        )

    @property
    def is_api(self) -> bool:
        """A REST API view: it answers 401/403, not a redirect to the sign-in page."""
        return isinstance(self.view_class, type) and issubclass(
            self.view_class, APIView
        )

    @property
    def takes_token(self) -> bool:
        return self.name in TOKEN_ROUTES

    @property
    def manager_only(self) -> bool:
        return bool(getattr(self.view_class, "manager_only", False))

    @property
    def is_object(self) -> bool:
        return bool(self.kwargs)

    @property
    def accepts_post(self) -> bool:
        actions = getattr(self.callback, "actions", None)  # a DRF viewset's routes
        if actions is not None:
            return "post" in actions
        return hasattr(self.view_class, "post")

    def model(self, user=None):
        """The model a view shows: its `model`, `queryset`, or `get_queryset()`."""
        view_class = self.view_class
        if view_class is None:
            return None
        model = getattr(view_class, "model", None)
        if model is not None:
            return model
        queryset = getattr(view_class, "queryset", None)
        if queryset is not None:
            return queryset.model
        if user is None:
            return None
        request = HttpRequest()
        request.user = user
        view = view_class(**getattr(self.callback, "initkwargs", {}))
        view.request, view.args, view.kwargs = request, (), {}
        view.action = "retrieve"  # DRF viewsets choose their queryset by action
        try:
            return view.get_queryset().model
        except Exception:  # noqa: BLE001 - a view we cannot introspect is unclassified
            return None

    def url(self, objects: dict[type, object], user, client=None) -> str:
        """This route's URL, its kwargs filled from one object of the right model.

        A token route gets a real token for `user` when `client` (signed in as them)
        is given, else UNKNOWN_TOKEN.
        """
        values = {}
        for name in self.kwargs:
            if name == "format":
                values[name] = "json"
                continue
            if self.takes_token:
                values[name] = (
                    TOKEN_ROUTES[self.name](user, client) if client else UNKNOWN_TOKEN
                )
                continue
            obj = _object_for(name, self.model(user), objects)
            if obj is None:
                raise LookupError(
                    f"{self.route}: cannot tell which object `{name}` names. Give the "
                    "view a `model`, name the argument `pk` or `<model>_pk`, or "
                    "teach tests/routes.py about it."
                )
            values[name] = obj.slug if name.endswith("slug") else obj.pk
        return reverse(self.name, kwargs=values)


def _object_for(name: str, view_model, objects):
    if name in ("pk", "id", "slug"):
        model = view_model
    else:
        stem = name.removesuffix("_pk").removesuffix("_id").removesuffix("_slug")
        model = next(
            (
                m
                for m in apps.get_models()
                if m._meta.model_name == stem.replace("_", "")
            ),
            None,
        )
    return objects.get(model) if model is not None else None


def project_routes() -> list[Route]:
    routes: list[Route] = []
    _walk(get_resolver().url_patterns, "", "", routes)
    return routes


def _walk(patterns, prefix: str, namespace: str, routes: list[Route]) -> None:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in EXCLUDED_NAMESPACES:
                continue
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}{pattern.namespace}:"
            _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner, routes)
        elif isinstance(pattern, URLPattern):
            callback = pattern.callback
            view_class = getattr(callback, "view_class", None) or getattr(
                callback, "cls", None
            )
            module = (view_class or callback).__module__ + "."
            if module.startswith(EXCLUDED_VIEW_MODULES):
                continue
            route = Route(
                name=f"{namespace}{pattern.name}",
                route=prefix + str(pattern.pattern),
                callback=callback,
                kwargs=sorted(pattern.pattern.regex.groupindex),
            )
            if not pattern.name:
                route.problem = f"{route.route}: give the URL pattern a name"
            routes.append(route)
