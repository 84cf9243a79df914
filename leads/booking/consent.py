"""The consent form's page (docs/booking.md, "Consent form"): ``/consent/<token>`` opened and signed.

The token is the form's id signed with the project's secret (``django.core.signing``, its own
salt): it names one form, so one customer, and cannot be guessed or altered. It works until
the appointment ends, and only while the appointment stands (a released or cancelled one has
no form to sign). Signing locks the form's row: two submits at the same moment sign once, and
a signed form is never changed again.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone

from leads.booking.rules import slot_label, tz_label
from leads.models import ConsentForm, ConsentKind, ConsentQuestion, StudioSettings
from leads.models.appointment import AppointmentStatus
from tattoobot.foundations.errors import ApplicationError

SALT = "leads.consent-form"
YES, NO = "yes", "no"
TICKED = frozenset({"on", "yes", "true", "1"})
MAX_ANSWER = 2000
MAX_NAME = 150
NAME_FIELD = "typed_name"


class ConsentRefused(ApplicationError):
    """A link that opens nothing: unknown or altered (404), or no longer valid (410)."""

    status_code = 410
    code = "consent_link_not_valid"


class ConsentInvalid(ApplicationError):
    """The submitted form misses something; ``errors`` by field (``q<id>`` or ``typed_name``)."""

    status_code = 400
    code = "consent_invalid"

    def __init__(self, page: ConsentPage, errors: dict[str, str]) -> None:
        super().__init__("Some answers are missing.", errors=errors)
        self.page = page
        self.errors = errors


@dataclass(frozen=True)
class ConsentPage:
    """What the page shows: the form, the appointment in words, the questions to answer now."""

    form: ConsentForm
    when: str
    tz: str
    artist: str
    questions: list[ConsentQuestion] = field(default_factory=list)
    signed_on: str = ""


def consent_token(form: ConsentForm) -> str:
    return signing.Signer(salt=SALT).sign(str(form.pk))


def consent_link(form: ConsentForm) -> str:
    return f"{settings.PUBLIC_BASE_URL}/consent/{consent_token(form)}"


def _form_id(token: str) -> int:
    try:
        value = signing.Signer(salt=SALT).unsign(token)
    except signing.BadSignature as exc:
        raise ConsentRefused("This link is not valid.", code="consent_link_unknown", status_code=404) from exc
    if not value.isdigit():
        raise ConsentRefused("This link is not valid.", code="consent_link_unknown", status_code=404)
    return int(value)


def _check(form: ConsentForm | None, now: datetime) -> ConsentForm:
    if form is None:
        raise ConsentRefused("This link is not valid.", code="consent_link_unknown", status_code=404)
    appointment = form.appointment
    if appointment is None or appointment.status != AppointmentStatus.ACTIVE:
        raise ConsentRefused("This appointment was moved or cancelled, so this form is closed.", code="consent_closed")
    if appointment.end <= now:
        raise ConsentRefused("This link has expired: the appointment is over.", code="consent_link_expired")
    return form


def _page(form: ConsentForm, studio: StudioSettings) -> ConsentPage:
    appointment = form.appointment
    assert appointment is not None
    artist = appointment.artist.name if appointment.artist_id else studio.artist_name
    signed_on = f"{form.signed_at.astimezone(studio.tzinfo):%-d %B %Y, %H:%M}" if form.signed_at else ""
    questions = [] if form.signed_at else list(ConsentQuestion.objects.filter(active=True))
    when = slot_label(appointment.start, appointment.end, studio)
    return ConsentPage(
        form=form, when=when, tz=tz_label(studio), artist=artist, questions=questions, signed_on=signed_on
    )


def consent_form_open(*, token: str, now: datetime | None = None) -> ConsentPage:
    """The page behind a link; raises ``ConsentRefused``. A signed form shows when it was signed."""
    form_id = _form_id(token)
    form = ConsentForm.objects.select_related("appointment__artist").filter(pk=form_id).first()
    return _page(_check(form, now or timezone.now()), StudioSettings.load())


def _answer(question: ConsentQuestion, raw: str) -> tuple[str, str]:
    """The stored answer and the error ("" when none) for one question."""
    value = raw.strip()
    if question.kind == ConsentKind.CHECKBOX:
        ticked = value.lower() in TICKED
        if question.required and not ticked:
            return "", "Please tick this box to continue."
        return (YES if ticked else NO), ""
    if question.kind == ConsentKind.YES_NO:
        if value.lower() in (YES, NO):
            return value.lower(), ""
        if value or question.required:
            return "", "Please answer yes or no."
        return "", ""
    if len(value) > MAX_ANSWER:
        return "", f"Please keep this under {MAX_ANSWER} characters."
    if question.required and not value:
        return "", "Please answer this question."
    return value, ""


def _typed_name_error(name: str) -> str:
    if not name:
        return "Please type your full name to sign."
    if len(name) > MAX_NAME:
        return f"Please keep your name under {MAX_NAME} characters."
    if sum(ch.isalpha() for ch in name) < 2:
        return "Please type your full name, in letters."
    return ""


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def consent_sign(
    *,
    token: str,
    answers: Mapping[int, str],
    typed_name: str,
    ip: str,
    user_agent: str,
    now: datetime | None = None,
) -> tuple[str, ConsentPage]:
    """Sign the form behind ``token`` with ``answers`` (by question id) and the typed name.

    ``("signed", page)``, or ``("already_signed", page)`` with nothing changed; raises
    ``ConsentRefused`` for a bad or expired link and ``ConsentInvalid`` (nothing saved) when an
    answer or the name is missing. The answers are frozen with each question's text as it reads now.
    """
    now = now or timezone.now()
    form_id = _form_id(token)
    studio = StudioSettings.load()
    with transaction.atomic():
        found = (
            ConsentForm.objects.select_for_update(of=("self",))
            .select_related("appointment__artist")
            .filter(pk=form_id)
            .first()
        )
        form = _check(found, now)
        if form.signed_at is not None:
            return "already_signed", _page(form, studio)
        page = _page(form, studio)
        errors: dict[str, str] = {}
        frozen = []
        for question in page.questions:
            value, error = _answer(question, answers.get(question.pk, ""))
            if error:
                errors[f"q{question.pk}"] = error
            frozen.append({"question": question.text, "kind": question.kind, "answer": value})
        name = " ".join(typed_name.split())
        if name_error := _typed_name_error(name):
            errors[NAME_FIELD] = name_error
        if errors:
            raise ConsentInvalid(page, errors)
        form.answers = frozen
        form.typed_name = name
        form.signed_at = now
        form.ip = _valid_ip(ip)
        form.user_agent = user_agent[:300]
        form.save(update_fields=["answers", "typed_name", "signed_at", "ip", "user_agent"])
    return "signed", _page(form, studio)
