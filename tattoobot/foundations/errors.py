"""One JSON error shape for every 4xx outside admin: ``{"error": code, "detail": message}``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.defaults import server_error
from rest_framework import exceptions as drf_exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler

ERROR_CODES = {
    400: ("bad_request", "The request could not be understood."),
    401: ("not_authenticated", "Authentication credentials were not provided."),
    403: ("forbidden", "You do not have permission to do this."),
    404: ("not_found", "Nothing here."),
    405: ("method_not_allowed", "Method not allowed."),
    409: ("conflict", "The request conflicts with the current state."),
    413: ("payload_too_large", "The request body is larger than 1 MiB."),
    429: ("throttled", "Too many requests."),
    500: ("server_error", "Something went wrong on our side."),
    503: ("unavailable", "The service is not ready."),
}


class ApplicationError(Exception):
    """The one error type services raise for callers to turn into a 4xx."""

    status_code = 400
    code = "bad_request"

    def __init__(self, detail: str, *, code: str | None = None, status_code: int | None = None, **extra: Any):
        super().__init__(detail)
        self.detail = detail
        if code is not None:
            self.code = code
        if status_code is not None:
            self.status_code = status_code
        self.extra = extra


def error_body(http_status: int, detail: str | None = None, code: str | None = None, **extra: Any) -> dict[str, Any]:
    default_code, default_detail = ERROR_CODES.get(http_status, ("error", "Error."))
    return {"error": code or default_code, "detail": detail or default_detail, **extra}


def json_error(http_status: int, detail: str | None = None, code: str | None = None, **extra: Any) -> JsonResponse:
    return JsonResponse(error_body(http_status, detail, code, **extra), status=http_status)


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF errors (and ``ApplicationError``) in the project's shape."""
    if isinstance(exc, ApplicationError):
        return Response(error_body(exc.status_code, exc.detail, exc.code, **exc.extra), status=exc.status_code)
    if isinstance(exc, Http404):
        exc = drf_exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = drf_exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None or not isinstance(exc, drf_exceptions.APIException):
        return response
    if isinstance(exc, drf_exceptions.ValidationError):
        response.data = error_body(400, "Invalid input.", "invalid", fields=response.data)
    else:
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        codes = exc.get_codes()
        response.data = error_body(response.status_code, detail, codes if isinstance(codes, str) else None)
    return response


def handler500(request: HttpRequest) -> HttpResponse:
    """JSON for the API and webhooks; Django's own page inside admin."""
    if request.path.startswith("/admin/"):
        return server_error(request)
    return json_error(500)
