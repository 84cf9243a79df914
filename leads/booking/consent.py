"""The consent form's page (docs/booking.md, "Consent form"): ``/consent/<token>`` opened and signed.

The token is the form's id signed with the project's secret (``django.core.signing``, its own
salt): it names one form, so one customer, and cannot be guessed or altered. It works until
the appointment ends, and only while the appointment stands (a released or cancelled one has
no form to sign). Signing locks the form's row: two submits at the same moment sign once, and
a signed form is never changed again.

The page speaks the customer's language, by the rule of the messages that carry its link
(``copy_language("consent_link", …)``; English where the catalogs are incomplete): ``ConsentPage.language``
is what the view renders under, the validation messages are written in it, and each question is shown
in it where the studio translated it (``ConsentQuestion.text_in``), else in English.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import dateformat, timezone, translation
from django.utils.functional import lazy
from django.utils.translation import gettext

from conversations.messaging.copy import DEFAULT_LANGUAGE, copy_language, rendered_language
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
TEMPLATE = "consent_link"  # the message that carries the link: the page speaks its language
# When a form was signed, as each language writes a date in a sentence ("2 de diciembre de 2026, 09:00").
SIGNED_FORMATS = {
    "en": "j F Y, H:i",
    "es": r"j \d\e F \d\e Y, H:i",
    "fr": "j F Y, H:i",
    "de": "j. F Y, H:i",
    "pt": r"j \d\e F \d\e Y, H:i",
    "it": "j F Y, H:i",
}
LOWER_CASE_MONTHS = frozenset({"pt", "it"})  # Django's Portuguese and Italian month names are capitalised


class ConsentRefused(ApplicationError):
    """A link that opens nothing: unknown or altered (404), or no longer valid (410). ``language`` is
    the customer's when the link names a form, else "" (the page then speaks the studio's default)."""

    status_code = 410
    code = "consent_link_not_valid"

    def __init__(self, detail: str, *, code: str | None = None, status_code: int | None = None, language: str = ""):
        super().__init__(detail, code=code, status_code=status_code)
        self.language = language


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
    language: str = DEFAULT_LANGUAGE


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


def consent_language(form: ConsentForm | None, studio: StudioSettings) -> str:
    """The language the page is rendered in: the link message's (the lead's customer's, else the
    studio default), English where the catalogs are incomplete; the studio default without a form."""
    return rendered_language(copy_language(TEMPLATE, form.lead if form is not None else None, studio))


def _check(form: ConsentForm | None, now: datetime, studio: StudioSettings) -> ConsentForm:
    if form is None:
        raise ConsentRefused("This link is not valid.", code="consent_link_unknown", status_code=404)
    appointment = form.appointment
    language = consent_language(form, studio)
    if appointment is None or appointment.status != AppointmentStatus.ACTIVE:
        raise ConsentRefused(
            "This appointment was moved or cancelled, so this form is closed.", code="consent_closed", language=language
        )
    if appointment.end <= now:
        raise ConsentRefused(
            "This link has expired: the appointment is over.", code="consent_link_expired", language=language
        )
    return form


def _signed_text(at: datetime, studio: StudioSettings) -> str:
    language = (translation.get_language() or DEFAULT_LANGUAGE).split("-")[0]
    text = str(dateformat.format(at.astimezone(studio.tzinfo), SIGNED_FORMATS.get(language, SIGNED_FORMATS["en"])))
    return text.lower() if language in LOWER_CASE_MONTHS else text


_lazy_signed_text = lazy(_signed_text, str)


def _page(form: ConsentForm, studio: StudioSettings) -> ConsentPage:
    appointment = form.appointment
    assert appointment is not None
    artist = appointment.artist.name if appointment.artist_id else studio.artist_name
    signed_on = _lazy_signed_text(form.signed_at, studio) if form.signed_at else ""  # in the page's language
    questions = [] if form.signed_at else list(ConsentQuestion.objects.filter(active=True))
    when = slot_label(appointment.start, appointment.end, studio)
    return ConsentPage(
        form=form,
        when=when,
        tz=tz_label(studio),
        artist=artist,
        questions=questions,
        signed_on=signed_on,
        language=consent_language(form, studio),
    )


def consent_form_open(*, token: str, now: datetime | None = None) -> ConsentPage:
    """The page behind a link; raises ``ConsentRefused``. A signed form shows when it was signed."""
    form_id = _form_id(token)
    form = ConsentForm.objects.select_related("appointment__artist", "lead__customer").filter(pk=form_id).first()
    studio = StudioSettings.load()
    return _page(_check(form, now or timezone.now(), studio), studio)


def _answer(question: ConsentQuestion, raw: str) -> tuple[str, str]:
    """The stored answer and the error ("" when none) for one question, in the active language."""
    value = raw.strip()
    if question.kind == ConsentKind.CHECKBOX:
        ticked = value.lower() in TICKED
        if question.required and not ticked:
            return "", gettext("Please tick this box to continue.")
        return (YES if ticked else NO), ""
    if question.kind == ConsentKind.YES_NO:
        if value.lower() in (YES, NO):
            return value.lower(), ""
        if value or question.required:
            return "", gettext("Please answer yes or no.")
        return "", ""
    if len(value) > MAX_ANSWER:
        return "", gettext("Please keep this under %(count)s characters.") % {"count": MAX_ANSWER}
    if question.required and not value:
        return "", gettext("Please answer this question.")
    return value, ""


def _typed_name_error(name: str) -> str:
    if not name:
        return gettext("Please type your full name to sign.")
    if len(name) > MAX_NAME:
        return gettext("Please keep your name under %(count)s characters.") % {"count": MAX_NAME}
    if sum(ch.isalpha() for ch in name) < 2:
        return gettext("Please type your full name, in letters.")
    return ""


def _validate(page: ConsentPage, answers: Mapping[int, str], name: str) -> tuple[list[dict[str, str]], dict[str, str]]:
    """The answers to freeze and the errors by field, the messages in the page's language. Each answer
    keeps the question's English text (the studio's words, as the artist reads them) and the text the
    customer was shown, with its language."""
    errors: dict[str, str] = {}
    frozen = []
    with translation.override(page.language):
        for question in page.questions:
            value, error = _answer(question, answers.get(question.pk, ""))
            if error:
                errors[f"q{question.pk}"] = error
            shown, _help = question.text_in(page.language)
            frozen.append(
                {
                    "question": question.text,
                    "shown": shown,
                    "language": page.language,
                    "kind": question.kind,
                    "answer": value,
                }
            )
        if name_error := _typed_name_error(name):
            errors[NAME_FIELD] = name_error
    return frozen, errors


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
    ``ConsentRefused`` for a bad or expired link and ``ConsentInvalid`` (nothing saved, the errors
    in the customer's language) when an answer or the name is missing. The answers are frozen with
    each question's text as it reads now, in English and as shown.
    """
    now = now or timezone.now()
    form_id = _form_id(token)
    studio = StudioSettings.load()
    with transaction.atomic():
        found = (
            ConsentForm.objects.select_for_update(of=("self",))
            .select_related("appointment__artist", "lead__customer")
            .filter(pk=form_id)
            .first()
        )
        form = _check(found, now, studio)
        if form.signed_at is not None:
            return "already_signed", _page(form, studio)
        page = _page(form, studio)
        name = " ".join(typed_name.split())
        frozen, errors = _validate(page, answers, name)
        if errors:
            raise ConsentInvalid(page, errors)
        form.answers = frozen
        form.typed_name = name
        form.signed_at = now
        form.ip = _valid_ip(ip)
        form.user_agent = user_agent[:300]
        form.save(update_fields=["answers", "typed_name", "signed_at", "ip", "user_agent"])
    return "signed", _page(form, studio)
