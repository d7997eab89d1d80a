"""Project middleware: the request size cap and the session's idle timeout."""

import time

from django.conf import settings
from django.template.response import TemplateResponse

from inspections.files import file_size


class RequestSizeLimitMiddleware:
    """Refuse a request body that is too large before anything reads it.

    DATA_UPLOAD_MAX_MEMORY_SIZE does not count uploaded files, and Django's upload
    handlers stream a file of any size to a temporary file before a form can check
    it. The declared Content-Length is checked here instead, ahead of CSRF and the
    views; WSGI servers never pass on more bytes than it declares.
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
                {"limit": file_size(settings.EVIDENCE_MAX_UPLOAD_BYTES)},
                status=413,
            )
            response.render()
            return response
        return self.get_response(request)


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
