"""One shape for every error body: {status, code, detail[, errors]}."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from recommendations.services import EditConflict


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Someone else changed this since you read it."
    default_code = "conflict"


def _as_api_exception(exc):
    """Map the errors our services raise onto DRF's, so they get the same treatment."""
    if isinstance(exc, EditConflict):
        return Conflict(exc.messages[0])
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(as_serializer_error(exc))
    if isinstance(exc, Http404):
        return exceptions.NotFound("No such object, or not yours to see.")
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(*exc.args)
    return exc


def _messages(value) -> list[str]:
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return [str(value)]


def exception_handler(exc, context):
    exc = _as_api_exception(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # not an API error: Django's 500 handling takes over
    if isinstance(exc, exceptions.ValidationError):
        detail = (
            exc.detail
            if isinstance(exc.detail, dict)
            else {"non_field_errors": exc.detail}
        )
        response.data = {
            "status": response.status_code,
            "code": "invalid",
            "detail": "The request is not valid: see errors.",
            "errors": {name: _messages(value) for name, value in detail.items()},
        }
        return response
    code = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
    response.data = {
        "status": response.status_code,
        "code": code if isinstance(code, str) else "error",
        "detail": str(getattr(exc, "detail", exc)),
    }
    return response
