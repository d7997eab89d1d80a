"""Project middleware: the request size cap, the session's idle timeout, and no
copies kept of what a signed-in person is shown."""

import time

from django.conf import settings
from django.template.response import TemplateResponse
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control

from inspections.files import file_size


class RequestSizeLimitMiddleware:
    """Refuse a request body that is too large before anything reads it.

    DATA_UPLOAD_MAX_MEMORY_SIZE does not count uploaded files, and Django's upload
    handlers stream a file of any size to a temporary file before a form can check
    it. The declared Content-Length is checked here instead, before anything reads
    the body; WSGI servers never pass on more bytes than it declares.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.REQUEST_MAX_BYTES:
            response = TemplateResponse(
                request,
                "413.html",
                {"limit": file_size(_file_limit(request))},
                status=413,
            )
            response.render()
            return response
        return self.get_response(request)


def _file_limit(request) -> int:
    """The largest file the page posted to takes: a report where reports are
    uploaded (the importer, the admin's inspection page), else evidence."""
    try:
        view = resolve(request.path_info).view_name
    except Resolver404:
        view = ""
    if view == "inspections:import_report" or view.startswith(
        "admin:inspections_inspection_"
    ):
        return settings.REPORT_MAX_UPLOAD_BYTES
    return settings.EVIDENCE_MAX_UPLOAD_BYTES


class SessionIdleRefreshMiddleware:
    """Sign people out after SESSION_COOKIE_AGE idle, without a write per page.

    A session's expiry moves forward when the session is saved. Saving it on every
    request (SESSION_SAVE_EVERY_REQUEST) cost every page view a transaction and a
    commit to disk; this saves it when it is older than SESSION_REFRESH_SECONDS, so
    a session ends between AGE - REFRESH and AGE after the last request. Sits
    after SessionMiddleware, which saves a modified session on the way out.
    """

    KEY = "_refreshed_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Only a session this request already loaded: reading one costs a query.
        if session is not None and session.accessed and session.session_key:
            now = int(time.time())
            if session.modified or (
                now - session.get(self.KEY, 0) >= settings.SESSION_REFRESH_SECONDS
            ):
                session[self.KEY] = now
        return response


class NoStoreWhenSignedInMiddleware:
    """What a signed-in person is shown (pages, exports, API answers) is not kept by
    the browser or any cache on the way: council computers are shared, and a list
    exported or viewed must not be there for the next person after sign-out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Read after the view: DRF signs API clients in there (request.user too).
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response
