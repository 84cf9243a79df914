"""Staff sign-in locks out after STAFF_LOGIN_ATTEMPTS failures, per username and per address, for
STAFF_LOCKOUT_MINUTES (django-axes); the admin's login page says so; API tokens are not affected."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.core.management import call_command
from django.http import HttpRequest
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from leads.models import SystemEvent
from tests.paths import ROOT
from tests.security.staff_auth import PASSWORD, make_staff, sign_in, signed_in_as

pytestmark = pytest.mark.django_db

START = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
HOME: dict[str, Any] = {"REMOTE_ADDR": "203.0.113.10"}
CAFE: dict[str, Any] = {"REMOTE_ADDR": "198.51.100.20"}


def fail(client: Client, username: str, times: int, **extra: Any) -> list[int]:
    return [sign_in(client, username, "wrong-password", **extra).status_code for _ in range(times)]


def test_five_wrong_passwords_lock_the_username_and_the_page_says_for_how_long() -> None:
    make_staff("mika")
    client = Client()
    assert fail(client, "mika", 4, **HOME) == [200, 200, 200, 200]
    locked = sign_in(client, "mika", "wrong-password", **HOME)
    assert locked.status_code == 429
    page = locked.content.decode()
    assert 'id="lockout-note"' in page
    assert "Try again in 15 minutes" in page
    assert 'id="login-form"' in page  # the admin's own login page, in its look
    assert locked["Retry-After"] == str(15 * 60)
    # The right password is refused while the lock-out lasts, and nobody is signed in.
    refused = sign_in(client, "mika", PASSWORD, **HOME)
    assert refused.status_code == 429
    assert "Try again in 15 minutes" in refused.content.decode()
    assert signed_in_as(client) is None


def test_the_lock_out_is_recorded_once_as_a_system_event() -> None:
    make_staff("mika")
    client = Client()
    fail(client, "mika", 5, **HOME)
    sign_in(client, "mika", PASSWORD, **HOME)  # refused during the lock-out: not a second lock-out
    events = list(SystemEvent.objects.filter(type="staff_lockout"))
    assert len(events) == 1
    assert events[0].level == SystemEvent.Level.WARNING
    assert events[0].payload == {"username": "mika", "ip_address": "203.0.113.10", "failures": 5, "minutes": 15}


def test_sign_in_works_again_after_the_cool_off_and_attempts_during_it_do_not_extend_it() -> None:
    make_staff("mika")
    client = Client()
    with time_machine.travel(START, tick=False) as clock:
        fail(client, "mika", 5, **HOME)
        clock.shift(timedelta(minutes=14))
        early = sign_in(client, "mika", PASSWORD, **HOME)
        assert early.status_code == 429
        assert "Try again in 1 minute." in early.content.decode()
        clock.shift(timedelta(minutes=1, seconds=1))
        done = sign_in(client, "mika", PASSWORD, **HOME)
        assert done.status_code == 302
        assert done["Location"] == "/admin/"
        assert signed_in_as(client) == "mika"


def test_the_settings_set_the_limit_and_the_length(settings) -> None:
    settings.STAFF_LOGIN_ATTEMPTS = 2
    settings.STAFF_LOCKOUT_MINUTES = 60
    make_staff("mika")
    client = Client()
    with time_machine.travel(START, tick=False) as clock:
        assert fail(client, "mika", 2, **HOME) == [200, 429]
        assert "Try again in 60 minutes" in sign_in(client, "mika", PASSWORD, **HOME).content.decode()
        clock.shift(timedelta(minutes=61))
        assert sign_in(client, "mika", PASSWORD, **HOME).status_code == 302


def test_one_address_trying_many_usernames_is_locked_out_and_other_addresses_are_not() -> None:
    make_staff("mika")
    client = Client()
    assert fail(client, "alice", 1, **HOME) + fail(client, "bob", 2, **HOME) + fail(client, "carol", 1, **HOME) == [
        200,
        200,
        200,
        200,
    ]
    assert fail(client, "dave", 1, **HOME) == [429]
    # Mika has no failures of her own, but her address is locked...
    assert sign_in(client, "mika", PASSWORD, **HOME).status_code == 429
    # ...and from anywhere else she signs in.
    elsewhere = Client()
    assert sign_in(elsewhere, "mika", PASSWORD, **CAFE).status_code == 302
    assert signed_in_as(elsewhere) == "mika"


def test_a_username_longer_than_axes_stores_is_a_failure_like_any_other() -> None:
    """Scanners send usernames of hundreds of characters: each is a refused sign-in that counts
    (it was a database error, a 500, and not counted)."""
    make_staff("mika")
    client = Client()
    long_names = [("x" * 300) + str(n) for n in range(4)]
    assert [sign_in(client, name, "wrong-password", **HOME).status_code for name in long_names] == [200] * 4
    assert {len(name) for name in AccessAttempt.objects.values_list("username", flat=True)} == {255}
    assert sign_in(client, "z" * 1000, "wrong-password", **HOME).status_code == 429
    assert sign_in(client, "mika", PASSWORD, **HOME).status_code == 429  # the address is locked


def test_one_username_tried_from_many_addresses_is_locked_out_everywhere() -> None:
    make_staff("mika")
    client = Client()
    for n in range(5):
        sign_in(client, "mika", "wrong-password", REMOTE_ADDR=f"192.0.2.{n + 1}")
    assert sign_in(client, "mika", PASSWORD, REMOTE_ADDR="192.0.2.99").status_code == 429
    # Another user from one of those addresses is not locked (each address failed once).
    make_staff("lea")
    assert sign_in(Client(), "lea", PASSWORD, REMOTE_ADDR="192.0.2.1").status_code == 302


def test_a_successful_sign_in_resets_the_count() -> None:
    make_staff("mika")
    client = Client()
    assert fail(client, "mika", 4, **HOME) == [200] * 4
    assert sign_in(client, "mika", PASSWORD, **HOME).status_code == 302
    assert not AccessAttempt.objects.filter(username="mika").exists()
    client.post("/admin/logout/")
    assert fail(client, "mika", 4, **HOME) == [200] * 4  # four more are not a lock-out: the count began again
    assert fail(client, "mika", 1, **HOME) == [429]


def test_x_forwarded_for_is_believed_only_from_a_trusted_proxy(settings) -> None:
    settings.TRUSTED_PROXIES = frozenset({"10.0.0.2"})
    make_staff("mika")
    proxy = Client()
    # Behind the proxy: the customer address in X-Forwarded-For is the one counted and locked.
    for name in ("a", "b", "c", "d", "e"):
        sign_in(proxy, name, "wrong-password", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}
    locked = sign_in(proxy, "mika", PASSWORD, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert locked.status_code == 429
    # Another client behind the same proxy is a different address and signs in.
    other = sign_in(Client(), "mika", PASSWORD, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert other.status_code == 302


def test_x_forwarded_for_from_anyone_else_is_ignored(settings) -> None:
    settings.TRUSTED_PROXIES = frozenset({"10.0.0.2"})
    make_staff("mika")
    client = Client()
    # A caller that is not a trusted proxy cannot dodge the lock-out by making up addresses.
    for n, name in enumerate(("a", "b", "c", "d", "e")):
        sign_in(client, name, "wrong-password", REMOTE_ADDR="192.0.2.50", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"192.0.2.50"}
    spoofed = sign_in(client, "mika", PASSWORD, REMOTE_ADDR="192.0.2.50", HTTP_X_FORWARDED_FOR="198.51.100.200")
    assert spoofed.status_code == 429


def test_api_tokens_and_signed_in_sessions_are_not_locked_out() -> None:
    mika = make_staff("mika")
    token = Token.objects.create(user=mika)
    session = Client()
    assert sign_in(session, "mika", **HOME).status_code == 302
    # Now someone locks out Mika's username and her address.
    fail(Client(), "mika", 5, **HOME)
    fail(Client(), "nobody", 5, **HOME)
    assert sign_in(Client(), "mika", PASSWORD, **HOME).status_code == 429
    # Her API token still works, from the same address (it is throttled as before, not locked out)...
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/leads/", REMOTE_ADDR="203.0.113.10").status_code == 200
    # ...a wrong token is a 401, never the login page's lock-out...
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    refused = api.get("/api/leads/", REMOTE_ADDR="203.0.113.10")
    assert refused.status_code == 401
    assert refused.json()["error"]
    # ...and a session signed in before the lock-out goes on working, in the admin and the API.
    assert session.get("/admin/", REMOTE_ADDR="203.0.113.10").status_code == 200
    assert session.get("/api/leads/", REMOTE_ADDR="203.0.113.10").status_code == 200


def test_failed_tokens_do_not_count_toward_a_lock_out() -> None:
    make_staff("mika")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    for _ in range(10):
        assert api.get("/api/leads/", **HOME).status_code == 401
    assert not AccessAttempt.objects.exists()
    assert sign_in(Client(), "mika", PASSWORD, **HOME).status_code == 302


def test_an_operator_unlocks_with_axes_management_commands() -> None:
    make_staff("mika")
    fail(Client(), "mika", 5, **HOME)
    assert sign_in(Client(), "mika", PASSWORD, **CAFE).status_code == 429
    call_command("axes_reset_username", "mika")
    assert sign_in(Client(), "mika", PASSWORD, **CAFE).status_code == 302


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("STAFF_LOGIN_ATTEMPTS", "five", "STAFF_LOGIN_ATTEMPTS must be an integer"),
        ("STAFF_LOGIN_ATTEMPTS", "0", "STAFF_LOGIN_ATTEMPTS must be at least 1"),
        ("STAFF_LOCKOUT_MINUTES", "-3", "STAFF_LOCKOUT_MINUTES must be at least 1"),
        ("STAFF_2FA_REQUIRED", "sometimes", "STAFF_2FA_REQUIRED must be one of"),
    ],
)
def test_a_bad_setting_stops_start_up(name: str, value: str, message: str) -> None:
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "tattoobot.settings",
        "DJANGO_SECRET_KEY": "k" * 60,
        name: value,
    }
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr
    assert message in done.stderr


def test_the_settings_reach_axes(settings) -> None:
    settings.STAFF_LOGIN_ATTEMPTS = 7
    settings.STAFF_LOCKOUT_MINUTES = 30
    assert get_failure_limit(HttpRequest(), {}) == 7
    assert get_cool_off(HttpRequest()) == timedelta(minutes=30)
