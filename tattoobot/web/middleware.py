"""Request plumbing: correlation ids, the 1 MiB body limit, and JSON errors outside admin."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse

from tattoobot.foundations.errors import error_body, json_error
from tattoobot.foundations.logging import HEADER, clean_correlation_id, reset_correlation_id, set_correlation_id

logger = logging.getLogger(__name__)

GetResponse = Callable[[HttpRequest], HttpResponse]

# Statuses whose non-JSON bodies are rewritten into the project's JSON shape.
JSON_ERROR_STATUSES = frozenset({400, 401, 403, 404, 405, 409, 413, 429})
# Headers that carry meaning for the client and survive the rewrite.
KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate", HEADER)
# Pages people read keep their HTML errors: admin, the artist's one-tap links, the consent form.
HTML_PREFIXES = ("/admin/", "/a/", "/consent/")


class CorrelationIdMiddleware:
    """Takes ``X-Correlation-ID`` (or makes one), exposes it to logs and tasks, echoes it."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        correlation_id = clean_correlation_id(request.headers.get(HEADER))
        request.correlation_id = correlation_id  # type: ignore[attr-defined]
        token = set_correlation_id(correlation_id)
        try:
            response = self.get_response(request)
        finally:
            reset_correlation_id(token)
        response[HEADER] = correlation_id
        return response


class BodySizeLimitMiddleware:
    """Refuses bodies over ``MAX_REQUEST_BODY_BYTES`` with 413 before any view reads them."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        raw_length = request.META.get("CONTENT_LENGTH") or "0"
        try:
            length = int(raw_length)
        except ValueError:
            return json_error(400, "Content-Length is not a number.")
        if length < 0:
            return json_error(400, "Content-Length is negative.")
        if length > settings.MAX_REQUEST_BODY_BYTES:
            return json_error(413)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, RequestDataTooBig):
            return json_error(413)
        return None


def _is_json(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").split(";")[0].strip() == "application/json"


class JsonErrorMiddleware:
    """Every 4xx outside ``/admin/`` answers ``{"error", "detail"}`` JSON, whoever produced it."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code not in JSON_ERROR_STATUSES
            or request.path.startswith(HTML_PREFIXES)
            or getattr(response, "streaming", False)
            or _is_json(response)
        ):
            return response
        replacement = HttpResponse(
            json.dumps(error_body(response.status_code)),
            status=response.status_code,
            content_type="application/json",
        )
        for header in KEPT_HEADERS:
            if header in response:
                replacement[header] = response[header]
        return replacement
