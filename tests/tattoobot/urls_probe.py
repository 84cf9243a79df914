"""A test-only URLconf: the real routes plus a view that logs, to watch the correlation id."""

import logging

from django.http import HttpRequest, JsonResponse
from django.urls import path

from tattoobot.foundations.logging import get_correlation_id
from tattoobot.urls import urlpatterns as real_urlpatterns

logger = logging.getLogger("tests.probe")


def probe(request: HttpRequest) -> JsonResponse:
    logger.info("probe handled")
    return JsonResponse({"correlation_id": get_correlation_id()})


def explode(request: HttpRequest) -> JsonResponse:
    raise RuntimeError("boom")


def read_body(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"length": len(request.body)})


handler500 = "tattoobot.foundations.errors.handler500"

urlpatterns = [
    path("probe", probe),
    path("explode", explode),
    path("read-body", read_body),
    *real_urlpatterns,
]
