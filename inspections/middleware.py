"""Refuse a request body that is too large before anything reads it.

DATA_UPLOAD_MAX_MEMORY_SIZE does not count uploaded files, and Django's upload
handlers stream a file of any size to a temporary file before a form can check it.
The declared Content-Length is checked here instead, ahead of CSRF and the views;
WSGI servers never pass on more bytes than it declares.
"""

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse


class RequestSizeLimitMiddleware:
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
                {"limit": filesizeformat(settings.EVIDENCE_MAX_UPLOAD_BYTES)},
                status=413,
            )
            response.render()
            return response
        return self.get_response(request)
