"""The one-tap action page ``/a/<token>``: GET shows what will happen, POST does it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from leads.artist.links import action_token_use
from leads.models import ActionToken
from leads.tokens import TokenRefused, action_token_peek
from tattoobot.foundations.errors import ApplicationError


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
