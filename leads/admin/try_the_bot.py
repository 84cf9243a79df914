"""The "try the bot" admin page: staff chat with the bot as a sandbox customer (README.md)."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from conversations.models import OutboundMessage, TranscriptMessage
from conversations.sandbox import render_for_customer, sandbox_customer, sandbox_say
from leads.models import Lead


def sandbox_phone(user_id: int) -> str:
    """One sandbox number per staff user (a UK 070 personal number, never a real customer's)."""
    return f"+44700{user_id:07d}"


def try_the_bot_view(model_admin: admin.ModelAdmin[Lead], request: HttpRequest) -> HttpResponse:
    if not model_admin.has_change_permission(request):  # the sandbox makes and moves leads
        raise PermissionDenied
    user = request.user
    customer = sandbox_customer(phone=sandbox_phone(int(user.pk or 0)), name=f"Sandbox {user.get_username()}")
    text = request.POST.get("text", "").strip()[:1000] if request.method == "POST" else ""
    if text:
        sandbox_say(customer=customer, line=text)
        return HttpResponseRedirect(reverse("admin:leads_try_the_bot"))
    recent = list(TranscriptMessage.objects.filter(customer=customer).order_by("-at", "-id")[:40])
    outbound = OutboundMessage.objects.in_bulk(
        [t.payload["outbound_id"] for t in recent if t.payload.get("outbound_id")]
    )
    lines = []
    for line in recent:
        sent = outbound.get(line.payload.get("outbound_id", 0))
        shown = render_for_customer(sent) if sent else line.text
        lines.append({"direction": line.direction, "text": shown or f"[{line.message_type}]"})
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Lead._meta,
        "title": "Try the bot",
        "customer": customer,
        "transcript": list(reversed(lines)),
    }
    return TemplateResponse(request, "admin/leads/try_the_bot.html", context)
