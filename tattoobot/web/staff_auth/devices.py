"""A staff user's second factor: the authenticator app (a TOTP device) and its recovery codes (a
static device). Every write to django-otp's devices goes through these functions."""

from __future__ import annotations

from base64 import b32encode

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django_otp import devices_for_user, user_has_device
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from leads.events import system_event_record
from leads.models import SystemEvent

RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


def second_factor_exists(user: AbstractBaseUser) -> bool:
    """Whether the user has set up an app (a confirmed device): sign-in then asks for a code."""
    return bool(user_has_device(user, confirmed=True))


def app_device_confirmed(user: AbstractBaseUser) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def app_device_pending(user: AbstractBaseUser) -> TOTPDevice:
    """The app being set up: kept until confirmed, so the QR code stays the same across reloads."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def app_secret(device: TOTPDevice) -> str:
    """The secret as people type it into an app: base32, in groups of four."""
    text = b32encode(device.bin_key).decode("ascii")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def normalise_code(raw: str) -> str:
    """Codes are typed with spaces or dashes and recovery codes in either case."""
    return "".join(raw.split()).replace("-", "").lower()


def app_device_confirm(*, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the app with a current code; returns fresh recovery codes, or None if the code is wrong."""
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if locked.confirmed or not locked.verify_token(normalise_code(code)):
            return None
        locked.confirmed = True
        locked.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user_id=locked.user_id).exclude(pk=locked.pk).delete()
        codes = recovery_codes_replace(locked.user)
    system_event_record(
        type="staff_2fa_enabled",
        level=SystemEvent.Level.INFO,
        message=f"Two-factor sign-in set up for user {locked.user_id}",
        payload={"username": locked.user.get_username()},
    )
    return codes


def recovery_codes_replace(user: AbstractBaseUser) -> list[str]:
    """Ten new single-use recovery codes; any earlier ones stop working."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(user: AbstractBaseUser) -> int:
    return int(StaticToken.objects.filter(device__user=user, device__confirmed=True).count())


def second_factor_verify(user: AbstractBaseUser, code: str) -> Device | None:
    """The device that accepts the code (the app's current code, or an unused recovery code, which is
    then spent), or None. django-otp throttles each device after a failure (1 s, 2 s, 4 s, ...)."""
    token = normalise_code(code)
    if not token:
        return None
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if device.verify_token(token):
                return device
    return None


def second_factor_reset(user: AbstractBaseUser, *, by: str) -> int:
    """Remove the user's app and recovery codes (a lost phone, or turned off); the next sign-in asks
    only for the password. Returns how many devices went."""
    with transaction.atomic():
        _, apps = TOTPDevice.objects.filter(user=user).delete()
        _, codes = StaticDevice.objects.filter(user=user).delete()
        count = int(apps.get(TOTPDevice._meta.label, 0)) + int(codes.get(StaticDevice._meta.label, 0))
    system_event_record(
        type="staff_2fa_reset",
        level=SystemEvent.Level.WARNING,
        message=f"Two-factor sign-in of user {user.pk} removed",
        payload={"username": user.get_username(), "by": by, "devices": count},
    )
    return count
