"""Every URL in the URL conf refuses anonymous and non-staff users, except a short, reviewed public list.

The URLs are enumerated from the resolver, so a new endpoint cannot forget:
it either refuses strangers or is added to PUBLIC below on purpose.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

# Reviewed: each of these is reachable without a staff login, and why.
PUBLIC = {
    "": "the root: a redirect to /admin/, which asks for the staff login",
    "healthz": "liveness probe, says nothing",
    "readyz": "readiness probe, says only which dependency is down",
    "^webhooks/whatsapp/?$": "Meta's webhook: the X-Hub-Signature-256 HMAC is the authentication",
    "^webhooks/stripe/?$": "Stripe's webhook: the Stripe-Signature HMAC is the authentication",
    "a/<str:token>": "one-tap action link: the single-use 32-byte token is the authentication",
    "c/<str:token>.ics": "customer's calendar file: the signed token (lead and session) is the authentication",
    "payments/thanks/": "Stripe Checkout's success page: static text",
    "payments/cancelled/": "Stripe Checkout's cancel page: static text",
    "admin/login/": "the login form",
    "admin/logout/": "logging out",
}

SAMPLE = {"int": "1", "str": "x1", "path": "1/change", "slug": "x", "uuid": "00000000-0000-0000-0000-000000000000"}


def patterns(resolvers: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    for entry in resolvers:
        route = str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from patterns(entry.url_patterns, prefix + route)
        else:
            yield prefix + route


def concrete(route: str) -> str:
    route = route.lstrip("^").rstrip("$").replace("/?", "/").replace("\\Z", "")
    route = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE.get(m.group(1) or "str", "1"), route)
    route = re.sub(r"\(\?P<\w+>[^)]*\)", "1", route)
    return "/" + route.replace("\\", "")


ROUTES = sorted(set(patterns(get_resolver().url_patterns)))
PRIVATE = [r for r in ROUTES if r not in PUBLIC and not r.startswith("admin/")]
ADMIN = [r for r in ROUTES if r.startswith("admin/") and r not in PUBLIC]


def test_the_url_conf_was_enumerated() -> None:
    assert "api/leads/" in ROUTES
    assert "api/leads/<int:lead_id>/cancel/" in ROUTES
    assert any(r.startswith("admin/leads/lead/") for r in ROUTES)
    assert len(ROUTES) > 100


@pytest.mark.parametrize("route", PRIVATE)
def test_non_admin_endpoints_refuse_strangers(route: str) -> None:
    url = concrete(route)
    fan = Client()
    fan.force_login(User.objects.create_user("fan", password="pw-fan-12345"))
    for who, client in (("anonymous", Client()), ("non-staff", fan)):
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code in (401, 403, 404, 405) or (
                response.status_code == 302 and "/admin/login/" in response["Location"]
            ), (who, method, url, response.status_code)
            assert response.status_code != 200


@pytest.mark.parametrize("route", ADMIN)
def test_admin_pages_send_strangers_to_the_login(route: str) -> None:
    url = concrete(route)
    fan = Client()
    fan.force_login(User.objects.create_user("fan", password="pw-fan-12345"))
    for client in (Client(), fan):
        response = client.get(url)
        assert response.status_code in (302, 404), (url, response.status_code)
        if response.status_code == 302:
            assert "/admin/login/" in response["Location"], url
