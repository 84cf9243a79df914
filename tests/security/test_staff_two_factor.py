"""Two-factor staff sign-in (django-otp): set-up with a QR code and recovery codes, the code after the
password, wrong codes counted toward the lock-out, STAFF_2FA_REQUIRED, and the lost-phone reset."""

from __future__ import annotations

import re
from base64 import b32encode
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from leads.models import SystemEvent
from tattoobot.web.staff_auth.devices import recovery_codes_replace
from tests.security.staff_auth import PASSWORD, make_staff, sign_in, signed_in_as, totp_now

pytestmark = pytest.mark.django_db

START = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
SETUP = "/admin/two-factor/"
CODE = "/admin/login/code/"


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def mika() -> User:
    return make_staff("mika")


def with_app(user: User) -> tuple[TOTPDevice, list[str]]:
    """A user who has set up the app: a confirmed TOTP device and ten recovery codes."""
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return device, recovery_codes_replace(user)


def enter_code(client: Client, code: str):
    return client.post(CODE, {"code": code})


class TestSetUp:
    def test_the_page_shows_a_qr_code_drawn_here_and_the_secret(self, mika: User) -> None:
        client = Client()
        client.force_login(mika)
        page = client.get(SETUP)
        assert page.status_code == 200
        html = page.content.decode()
        device = TOTPDevice.objects.get(user=mika)
        assert device.confirmed is False
        qr = html.split('id="qr-code">', 1)[1].split("</div>", 1)[0]
        assert qr.lstrip().startswith("<svg")
        assert "<path" in qr
        assert "<img" not in qr
        assert "http" not in qr.replace("http://www.w3.org/2000/svg", "")
        links = re.findall(r'(?:src|href)="([^"]*)"', html)
        assert links
        assert all(link.startswith(("/", "#")) for link in links), links  # nothing from another host
        secret = b32encode(device.bin_key).decode()
        shown = html.split('id="secret">', 1)[1].split("<", 1)[0]
        assert shown.replace(" ", "") == secret
        # A reload keeps the same secret (the app may already hold it).
        assert secret in client.get(SETUP).content.decode().replace(" ", "")
        assert TOTPDevice.objects.filter(user=mika).count() == 1

    def test_a_wrong_code_does_not_turn_it_on(self, mika: User, clock) -> None:
        client = Client()
        client.force_login(mika)
        client.get(SETUP)
        page = client.post(SETUP, {"code": "000000" if totp_now(TOTPDevice.objects.get()) != "000000" else "111111"})
        assert page.status_code == 200
        assert "That code is not right" in page.content.decode()
        assert not TOTPDevice.objects.filter(confirmed=True).exists()
        assert not StaticToken.objects.exists()

    def test_a_current_code_turns_it_on_and_shows_ten_recovery_codes_once(self, mika: User, clock) -> None:
        client = Client()
        client.force_login(mika)
        client.get(SETUP)
        device = TOTPDevice.objects.get(user=mika)
        done = client.post(SETUP, {"code": totp_now(device)})
        assert done.status_code == 200
        html = done.content.decode()
        shown = re.findall(r"<li>([a-z2-7]{8})</li>", html)
        assert len(shown) == 10
        assert sorted(shown) == sorted(StaticToken.objects.filter(device__user=mika).values_list("token", flat=True))
        device.refresh_from_db()
        assert device.confirmed
        assert client.session["otp_device_id"] == device.persistent_id  # this session is now verified
        # Shown once: the page afterwards tells how many are left, never the codes.
        later = client.get(SETUP).content.decode()
        assert "Two-factor sign-in is on" in later
        assert "10 unused recovery codes" in later
        assert not any(code in later for code in shown)
        assert SystemEvent.objects.filter(type="staff_2fa_enabled").count() == 1

    def test_the_page_is_reached_from_the_user_tools(self, mika: User) -> None:
        client = Client()
        client.force_login(mika)
        assert f'href="{SETUP}"' in client.get("/admin/").content.decode()


class TestSignIn:
    def test_the_password_alone_does_not_sign_in_a_user_with_an_app(self, mika: User, clock) -> None:
        device, _ = with_app(mika)
        client = Client()
        first = sign_in(client, "mika")
        assert first.status_code == 302
        assert first["Location"] == CODE
        assert signed_in_as(client) is None
        page = client.get(CODE)
        assert page.status_code == 200
        assert "mika" in page.content.decode()
        done = enter_code(client, totp_now(device))
        assert done.status_code == 302
        assert done["Location"] == "/admin/"
        assert signed_in_as(client) == "mika"
        assert client.session["otp_device_id"] == device.persistent_id

    def test_a_user_without_an_app_signs_in_with_the_password(self, mika: User) -> None:
        client = Client()
        done = sign_in(client, "mika")
        assert done.status_code == 302
        assert done["Location"] == "/admin/"
        assert signed_in_as(client) == "mika"

    def test_the_page_asked_for_comes_after_the_code(self, mika: User, clock) -> None:
        device, _ = with_app(mika)
        client = Client()
        client.post("/admin/login/?next=/admin/leads/lead/", {"username": "mika", "password": PASSWORD})
        assert enter_code(client, totp_now(device))["Location"] == "/admin/leads/lead/"

    def test_a_wrong_code_is_refused_and_counts_toward_the_lock_out(self, mika: User, clock) -> None:
        device, _ = with_app(mika)
        client = Client()
        sign_in(client, "mika")
        wrong = "123456" if totp_now(device) != "123456" else "654321"
        page = enter_code(client, wrong)
        assert page.status_code == 200
        assert "That code is not right" in page.content.decode()
        assert signed_in_as(client) is None
        assert AccessAttempt.objects.get(username="mika").failures_since_start == 1
        statuses = []
        for _ in range(4):
            clock.shift(timedelta(seconds=20))  # past django-otp's own back-off
            statuses.append(enter_code(client, wrong).status_code)
        assert statuses == [200, 200, 200, 429]
        assert SystemEvent.objects.filter(type="staff_lockout", payload__username="mika").count() == 1
        # Locked: neither the password nor a right code gets in now.
        clock.shift(timedelta(seconds=40))
        assert sign_in(client, "mika").status_code == 429
        assert enter_code(client, totp_now(device)).get("Location") != "/admin/"
        assert signed_in_as(client) is None

    def test_a_lock_out_that_begins_between_the_steps_stops_the_code_step(self, mika: User, clock) -> None:
        device, _ = with_app(mika)
        client = Client()
        sign_in(client, "mika")
        for _ in range(5):
            sign_in(Client(), "mika", "wrong-password", REMOTE_ADDR="192.0.2.66")
        refused = enter_code(client, totp_now(device))
        assert refused.status_code == 429
        assert 'id="lockout-note"' in refused.content.decode()
        assert signed_in_as(client) is None

    def test_each_recovery_code_works_once(self, mika: User, clock) -> None:
        _, codes = with_app(mika)
        client = Client()
        sign_in(client, "mika")
        done = enter_code(client, codes[0].upper())  # typed in capitals: still the code
        assert done.status_code == 302
        assert "You signed in with a recovery code; 9 left" in client.get("/admin/").content.decode()
        assert signed_in_as(client) == "mika"
        client.post("/admin/logout/")
        clock.shift(timedelta(minutes=1))
        sign_in(client, "mika")
        assert enter_code(client, codes[0]).status_code == 200  # spent
        assert signed_in_as(client) is None
        clock.shift(timedelta(minutes=1))
        assert enter_code(client, codes[1]).status_code == 302
        assert StaticToken.objects.filter(device__user=mika).count() == 8

    def test_the_code_must_follow_the_password_within_five_minutes(self, mika: User, clock) -> None:
        device, _ = with_app(mika)
        client = Client()
        sign_in(client, "mika")
        clock.shift(timedelta(minutes=6))
        late = enter_code(client, totp_now(device))
        assert late.status_code == 302
        assert late["Location"] == "/admin/login/"
        assert signed_in_as(client) is None

    def test_the_code_step_without_a_password_first_goes_back_to_the_login(self) -> None:
        response = Client().post(CODE, {"code": "123456"})
        assert response.status_code == 302
        assert response["Location"] == "/admin/login/"

    def test_a_session_that_skipped_the_code_is_ended(self, mika: User) -> None:
        with_app(mika)
        client = Client()
        client.force_login(mika)  # another way in than the sign-in form: no code given
        response = client.get("/admin/")
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
        assert "_auth_user_id" not in client.session
        api = Client()
        api.force_login(mika)
        assert api.get("/api/leads/").status_code == 403


class TestRequired:
    def test_staff_without_an_app_reach_only_the_set_up_page(self, mika: User, settings, clock) -> None:
        settings.STAFF_2FA_REQUIRED = True
        client = Client()
        assert sign_in(client, "mika").status_code == 302
        for url in ("/admin/", "/admin/leads/lead/", "/admin/auth/user/"):
            response = client.get(url)
            assert (response.status_code, response["Location"]) == (302, SETUP), url
        refused = client.get("/api/leads/")
        assert refused.status_code == 403
        assert refused.json()["error"]
        page = client.get(SETUP).content.decode()
        assert "asks every staff member" in page
        device = TOTPDevice.objects.get(user=mika)
        assert client.post(SETUP, {"code": totp_now(device)}).status_code == 200
        assert client.get("/admin/").status_code == 200
        assert client.get("/api/leads/").status_code == 200

    def test_the_app_cannot_be_turned_off_while_required(self, mika: User, settings, clock) -> None:
        settings.STAFF_2FA_REQUIRED = True
        device, _ = with_app(mika)
        client = Client()
        sign_in(client, "mika")
        enter_code(client, totp_now(device))
        clock.shift(timedelta(seconds=30))
        page = client.get(SETUP).content.decode()
        assert 'value="turn-off"' not in page
        client.post(SETUP, {"code": totp_now(device), "action": "turn-off"})
        assert TOTPDevice.objects.filter(user=mika, confirmed=True).exists()

    def test_api_tokens_are_not_asked_for_a_code(self, mika: User, settings) -> None:
        from rest_framework.authtoken.models import Token
        from rest_framework.test import APIClient

        settings.STAFF_2FA_REQUIRED = True
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=mika).key}")
        assert api.get("/api/leads/").status_code == 200


class TestChangesAndResets:
    def signed_in(self, user: User, device: TOTPDevice, clock) -> Client:
        client = Client()
        sign_in(client, user.get_username())
        assert enter_code(client, totp_now(device)).status_code == 302
        clock.shift(timedelta(seconds=30))  # the next code is a new one
        return client

    def test_new_recovery_codes_replace_the_old(self, mika: User, clock) -> None:
        device, old = with_app(mika)
        client = self.signed_in(mika, device, clock)
        page = client.post(SETUP, {"code": totp_now(device), "action": "new-codes"}).content.decode()
        new = re.findall(r"<li>([a-z2-7]{8})</li>", page)
        assert len(new) == 10
        assert not set(new) & set(old)
        assert set(StaticToken.objects.values_list("token", flat=True)) == set(new)

    def test_staff_turn_it_off_themselves_with_a_code(self, mika: User, clock) -> None:
        device, _ = with_app(mika)
        client = self.signed_in(mika, device, clock)
        done = client.post(SETUP, {"code": totp_now(device), "action": "turn-off"})
        assert done.status_code == 302
        assert not TOTPDevice.objects.filter(user=mika).exists()
        assert client.get("/admin/").status_code == 200  # still signed in
        client.post("/admin/logout/")
        assert sign_in(client, "mika")["Location"] == "/admin/"  # the password alone again

    def test_a_superuser_resets_a_lost_phone_from_the_users_page(self, mika: User, clock) -> None:
        with_app(mika)
        boss = User.objects.create_superuser("boss", password=PASSWORD)
        admin = Client()
        admin.force_login(boss)
        response = admin.post(
            "/admin/auth/user/", {"action": "reset_two_factor", "_selected_action": [mika.pk]}, follow=True
        )
        assert "Two-factor sign-in removed for mika" in response.content.decode()
        assert not TOTPDevice.objects.filter(user=mika).exists()
        assert not StaticToken.objects.exists()
        event = SystemEvent.objects.get(type="staff_2fa_reset")
        assert event.payload["by"] == "boss"
        assert sign_in(Client(), "mika")["Location"] == "/admin/"

    def test_staff_who_are_not_superusers_have_no_reset_action(self, mika: User) -> None:
        from django.contrib.auth.models import Permission

        lea = make_staff("lea")
        lea.user_permissions.add(*Permission.objects.filter(codename__in=["view_user", "change_user"]))
        with_app(mika)
        client = Client()
        client.force_login(lea)
        assert "reset_two_factor" not in client.get("/admin/auth/user/").content.decode()
        client.post("/admin/auth/user/", {"action": "reset_two_factor", "_selected_action": [mika.pk]})
        assert TOTPDevice.objects.filter(user=mika).exists()

    def test_the_reset_command(self, mika: User, capsys) -> None:
        with_app(mika)
        call_command("reset_two_factor", "mika")
        assert "removed for mika" in capsys.readouterr().out
        assert not TOTPDevice.objects.filter(user=mika).exists()
