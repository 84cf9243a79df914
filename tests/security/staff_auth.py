"""Helpers for the staff sign-in tests: sign in through the admin's form, read TOTP codes as an app would."""

from __future__ import annotations

import hmac
import struct
import time
from hashlib import sha1
from typing import Any

from django.contrib.auth.models import User
from django.http import HttpResponse
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "pw-mika-correct-1"
LOGIN = "/admin/login/"


def make_staff(username: str = "mika") -> User:
    return User.objects.create_user(username, password=PASSWORD, is_staff=True)


def sign_in(client: Client, username: str, password: str = PASSWORD, **extra: Any) -> HttpResponse:
    """POST the admin's login form as a browser would (``extra`` carries e.g. REMOTE_ADDR)."""
    data = {"username": username, "password": password, "next": "/admin/"}
    return client.post(LOGIN, data, **extra)  # type: ignore[return-value]


def totp_code(key: bytes, at: float, *, step: int = 30, t0: int = 0, digits: int = 6) -> str:
    """The code an authenticator app shows at ``at`` (RFC 6238, written out here rather than asking django-otp)."""
    counter = int((at - t0) // step)
    digest = hmac.new(key, struct.pack(">Q", counter), sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


def totp_now(device: TOTPDevice, at: float | None = None) -> str:
    when = time.time() if at is None else at
    return totp_code(device.bin_key, when, step=device.step, t0=device.t0, digits=device.digits)


def signed_in_as(client: Client) -> str | None:
    """The username the admin index greets, or None when it sends us to the login page."""
    response = client.get("/admin/")
    if response.status_code != 200:
        return None
    return str(response.context["user"].get_username())
