"""Schemathesis fuzzes the staff API from its own OpenAPI schema: no input gives a 5xx.

The requests go through the real WSGI application, as a staff user with a
token, against PostgreSQL; the throttle is lifted for the fuzzing user only so
the examples reach the views (the 429 path has its own tests).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.contrib.auth.models import User
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from rest_framework.throttling import UserRateThrottle

APP = get_wsgi_application()


def staff_token() -> str:
    user, _ = User.objects.get_or_create(username="fuzzer", defaults={"is_staff": True})
    return str(Token.objects.get_or_create(user=user)[0].key)


@pytest.fixture
def wsgi_inside_the_test_transaction() -> Iterator[None]:
    """As Django's test client does: a request's end must not close the test's connection."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def load_schema() -> Any:
    """The schema ``/api/schema/`` serves, generated in-process, called through the WSGI app."""
    document = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(json.loads(OpenApiJsonRenderer().render(document)))
    loaded.app = APP
    return loaded


schema = load_schema()


@pytest.fixture
def some_leads(make_lead: Any) -> None:
    make_lead(status="pending_approval", size_category="small")
    make_lead(status="qualifying")
    make_lead(status="booked")


@pytest.mark.django_db
@schema.parametrize()  # type: ignore[untyped-decorator]
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_input_makes_the_api_fail(
    case: Any, some_leads: None, wsgi_inside_the_test_transaction: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "100000/min"})
    response = case.call(headers={"Authorization": f"Token {staff_token()}"})
    assert response.status_code < 500, (case.method, case.formatted_path, response.text[:500])
    if response.status_code >= 400:
        content_type = {name.lower(): value for name, value in response.headers.items()}["content-type"]
        assert content_type[0].startswith("application/json"), (case.method, case.formatted_path, response.text[:200])
