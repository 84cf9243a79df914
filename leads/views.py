"""The one-tap action page ``/a/<token>``: GET shows what will happen, POST does it. The customer's
calendar file ``/c/<token>.ics``."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from leads.artist.links import action_token_use
from leads.booking.calendar_file import calendar_file_for
from leads.booking.ics import CONTENT_TYPE, FILENAME
from leads.models import ActionToken
from leads.tokens import TokenRefused, action_token_peek
from tattoobot.foundations.errors import ApplicationError, json_error


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
