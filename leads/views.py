"""The pages behind links: the artist's one-tap action page ``/a/<token>`` (GET shows what will
happen, POST does it), the customer's calendar file ``/c/<token>.ics`` and consent form
``/consent/<token>`` (docs/booking.md)."""

from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_GET, require_http_methods

from leads.artist.links import action_token_use
from leads.booking.calendar_file import calendar_file_for
from leads.booking.consent import (
    ConsentInvalid,
    ConsentPage,
    ConsentRefused,
    consent_form_open,
    consent_language,
    consent_sign,
)
from leads.booking.ics import CONTENT_TYPE, FILENAME
from leads.models import ActionToken, StudioSettings
from leads.tokens import TokenRefused, action_token_peek
from tattoobot.foundations.client_ip import client_ip
from tattoobot.foundations.errors import ApplicationError, json_error

CONSENT_ANSWER = re.compile(r"q\d{1,18}")


@require_http_methods(["GET", "POST"])
def action_link_view(request: HttpRequest, token: str) -> HttpResponse:
    """The token is the permission (it reached the artist's phone); a signed-in staff user of
    another artist is still refused, as "not valid"."""
    user = request.user if request.user.is_authenticated else None
    try:
        row = action_token_peek(token=token, user=user)
    except TokenRefused as refused:
        return TemplateResponse(
            request, "leads/action_link.html", {"error": refused.detail}, status=refused.status_code
        )
    if row.action == ActionToken.Action.OPEN:
        return HttpResponseRedirect(reverse("admin:leads_lead_change", args=[row.lead_id]))
    if request.method == "GET":
        return TemplateResponse(request, "leads/action_link.html", {"row": row, "confirm": True})
    try:
        action_token_use(token=token, user=user)
    except ApplicationError as refused:
        return TemplateResponse(
            request, "leads/action_link.html", {"error": refused.detail}, status=refused.status_code
        )
    row.lead.refresh_from_db()
    return TemplateResponse(request, "leads/action_link.html", {"row": row, "done": True})


@require_GET
def calendar_file_view(request: HttpRequest, token: str) -> HttpResponse:
    """No sign-in: the signed token is the permission (it reached the customer's phone)."""
    try:
        content = calendar_file_for(token=token, now=timezone.now())
    except ApplicationError as refused:
        return json_error(refused.status_code, refused.detail, refused.code)
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{FILENAME}"'
    response["Cache-Control"] = "private, no-cache"  # a reschedule or a cancellation changes it
    response["X-Robots-Tag"] = "noindex"
    return response


@require_http_methods(["GET", "POST"])
def consent_form_view(request: HttpRequest, token: str) -> HttpResponse:
    """The customer's consent and health form: the signed link is the permission (it reached the
    customer's phone). GET shows the questions; POST signs (or shows what is missing). Every page
    is in the customer's language (``ConsentPage.language``); a link that names no form, in the
    studio's default."""
    try:
        if request.method == "GET":
            page = consent_form_open(token=token)
            return _consent_page(request, page, done=page.form.signed_at is not None)
        answers = {
            int(key[1:]): str(request.POST.get(key, "")) for key in request.POST if CONSENT_ANSWER.fullmatch(key)
        }
        outcome, page = consent_sign(
            token=token,
            answers=answers,
            typed_name=request.POST.get("typed_name", ""),
            ip=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
        )
    except ConsentRefused as refused:
        language = refused.language or consent_language(None, StudioSettings.load())
        return _rendered(request, language, {"error": refused}, status=refused.status_code)
    except ConsentInvalid as invalid:
        return _consent_page(request, invalid.page, answers=answers, errors=invalid.errors)
    return _consent_page(request, page, done=True, just_signed=outcome == "signed")


def _consent_page(
    request: HttpRequest,
    page: ConsentPage,
    *,
    done: bool = False,
    just_signed: bool = False,
    answers: dict[int, str] | None = None,
    errors: dict[str, str] | None = None,
) -> HttpResponse:
    answers, errors = answers or {}, errors or {}
    rows = []
    for q in page.questions:
        text, help_line = q.text_in(page.language)
        name = f"q{q.pk}"
        rows.append(
            {
                "q": q,
                "text": text,
                "help": help_line,
                "name": name,
                "value": answers.get(q.pk, "").strip(),
                "error": errors.get(name, ""),
            }
        )
    context = {
        "page": page,
        "rows": rows,
        "done": done,
        "just_signed": just_signed,
        "typed_name": request.POST.get("typed_name", "") if errors else "",
        "name_error": errors.get("typed_name", ""),
        "has_errors": bool(errors),
    }
    return _rendered(request, page.language, context)


def _rendered(request: HttpRequest, language: str, context: dict[str, object], status: int = 200) -> HttpResponse:
    """The page rendered now, under ``language`` (a ``TemplateResponse`` would render after the
    override ends)."""
    with translation.override(language):
        response = render(request, "leads/consent_form.html", context, status=status)
    response["Content-Language"] = language
    return response
