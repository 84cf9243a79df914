"""The lead page as the conversation (docs/back-office.md "The lead page"): the thread of the
customer's, the bot's and the artist's messages in order, the latest ``PAGE_SIZE`` with a link to
earlier ones; beside it the summary, the key facts and the actions; under it a box to reply.

The reply posts to the lead page itself and is sent by ``lead_send_message``, the service behind
the "Send a message" action and the API's ``POST /api/leads/{id}/messages/``: it hands a lead the
bot is talking to over to the artist (``artist_replied``) and writes the message to the outbox."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from conversations.admin import thumbnail
from conversations.engine.completion import summary_context
from conversations.messaging.formatting import format_money
from conversations.messaging.reasons import describe_reason
from conversations.models import Author, ReferenceMedia, TranscriptMessage
from leads.admin.action_pages import TITLES, MessageForm
from leads.artist.actions import available_actions
from leads.artist.decisions import lead_send_message
from leads.models import Appointment, Lead, StudioSettings
from leads.models.appointment import AppointmentStatus
from payments.models import Deposit, DepositStatus
from tattoobot.foundations.errors import ApplicationError

PAGE_SIZE = 50
REPLY_PREFIX = "reply"
REPLY_BUTTON = "_reply"  # the reply box's submit: a post that carries it is a reply, not the lead's form
EARLIER = "before"  # the query string of the "earlier messages" link: the oldest line shown
LABELS: dict[str, str] = {Author.CUSTOMER: "Customer", Author.BOT: "Bot", Author.ARTIST: "Artist"}
TIME = "%a %-d %b %Y %H:%M"


@dataclass(frozen=True)
class Line:
    """One message of the thread, as the page shows it."""

    pk: int
    by: str
    label: str
    text: str
    at: datetime  # in the studio's time zone
    when: str  # ``at`` for reading ("Mon 1 Jun 2026 13:00")
    kind: str  # the message type when it is not plain text ("image", "audio", …)
    processed: bool  # False: stored but not run (it came out of order)
    media: tuple[SafeString, ...] = ()


@dataclass(frozen=True)
class Thread:
    lines: list[Line]
    earlier: int | None  # the ``before`` of the previous page; None at the start of the conversation
    paged: bool  # an earlier page is shown (the latest messages are a link away)
    zone: str = ""


def _cursor(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 12 else None


def thread_page(lead: Lead, tz: tzinfo, before: str | None = None) -> Thread:
    """The ``PAGE_SIZE`` messages of ``lead`` before the message ``before`` (the latest ones when it
    is missing, not a number or not one of this lead's), oldest first, their media joined: three
    queries at most, however long the conversation."""
    rows = (
        TranscriptMessage.objects.filter(lead=lead)
        .prefetch_related(Prefetch("media", queryset=ReferenceMedia.objects.order_by("created_at", "id")))
        .order_by("-at", "-id")
    )
    cursor = _cursor(before)
    at = TranscriptMessage.objects.filter(lead=lead, pk=cursor).values_list("at", flat=True).first() if cursor else None
    if at is not None:
        rows = rows.filter(Q(at__lt=at) | Q(at=at, pk__lt=cursor))
    page = list(rows[: PAGE_SIZE + 1])
    shown = page[:PAGE_SIZE][::-1]
    lines = [_line(row, lead, tz) for row in shown]
    earlier = shown[0].pk if len(page) > PAGE_SIZE else None
    return Thread(lines=lines, earlier=earlier, paged=at is not None, zone=str(tz))


def _line(row: TranscriptMessage, lead: Lead, tz: tzinfo) -> Line:
    label = LABELS.get(row.by, row.by)
    if row.by == Author.CUSTOMER and lead.customer.profile_name:
        label = f"{label} · {lead.customer.profile_name}"
    media = tuple(_media(item) for item in row.media.all())
    at = row.at.astimezone(tz)
    return Line(
        pk=row.pk,
        by=row.by,
        label=label,
        text=row.text,
        at=at,
        when=f"{at:{TIME}}",
        kind="" if row.message_type == "text" else row.message_type,
        processed=row.processed,
        media=media,
    )


def _media(item: ReferenceMedia) -> SafeString:
    if item.healed:  # sent after the healed-photo request (docs/booking.md "After the session")
        return format_html('{}<br><strong class="lead-msg-healed">The healed piece</strong>', thumbnail(item))
    return SafeString(thumbnail(item))


def summary_html(lead: Lead, studio: StudioSettings) -> SafeString:
    """What the artist's WhatsApp summary says, on the page."""
    context = summary_context(lead, studio)
    lines = [f"{label}: {value}" for label, value in context["answers"]]  # type: ignore[attr-defined]
    lines += [
        f"Size category: {context['size_category'] or 'unknown'}",
        f"Suggested deposit: {context['deposit']}",
        f"Estimate: {context['estimate']}"
        + (f", about {context['price_estimate']}" if context["price_estimate"] else ""),
    ]
    if context["reason"]:
        lines.append(f"Needs you: {context['reason']}")
    if context["questions"]:
        lines.append("Questions for you:")
        lines += [f"- {question}" for question in context["questions"]]  # type: ignore[attr-defined]
    return format_html_join(mark_safe("<br>"), "{}", ((line,) for line in lines))


def lead_facts(lead: Lead, tz: tzinfo) -> list[tuple[str, str]]:
    """Status, artist, language, the next appointment and the deposit: two queries."""
    status = lead.get_status_display()
    if lead.needs_artist:
        status += " — needs you" + (f": {describe_reason(lead.handover_reason)}" if lead.handover_reason else "")
    appointment = Appointment.objects.filter(lead=lead, status=AppointmentStatus.ACTIVE).order_by("start", "id").first()
    deposit = Deposit.objects.filter(lead=lead).exclude(status=DepositStatus.SUPERSEDED).order_by("-id").first()
    return [
        ("Status", status),
        ("Artist", lead.artist.name if lead.artist is not None else "not assigned"),
        ("Language", lead.customer.get_language_display() or "not known yet"),
        (
            "Appointment",
            f"{appointment.start.astimezone(tz):{TIME}} (session {appointment.session})" if appointment else "none",
        ),
        (
            "Deposit",
            f"{format_money(deposit.amount, deposit.currency)}, {deposit.get_status_display().lower()}"
            if deposit
            else "none yet",
        ),
    ]


def page_context(
    request: HttpRequest, lead: Lead, reply: MessageForm | None = None, *, may_act: bool = True
) -> dict[str, Any]:
    """What the conversation part of the lead page shows (``admin/leads/lead/conversation.html``);
    ``may_act``: the user may change the lead (a view-only user gets no actions and no reply box)."""
    studio = StudioSettings.load()
    tz = studio.tzinfo
    allowed = available_actions(lead) if may_act else []
    can_write = "message" in allowed
    return {
        "lead_actions": [(action, TITLES[action]) for action in allowed],
        "lead_may_act": may_act,
        "thread": thread_page(lead, tz, request.GET.get(EARLIER)),
        "thread_param": EARLIER,
        "lead_summary": summary_html(lead, studio),
        "lead_facts": lead_facts(lead, tz),
        "reply_form": (reply or MessageForm(prefix=REPLY_PREFIX)) if can_write else None,
        "reply_button": REPLY_BUTTON,
        "reply_refused": "" if can_write else _why_not(lead) if may_act else VIEW_ONLY,
    }


VIEW_ONLY = "Your login may view this lead but not act on it: nothing can be sent from here."


def _why_not(lead: Lead) -> str:
    if not lead.customer.address:
        return "The customer's details were erased: nothing can be sent."
    return "The customer has opted out: nothing can be sent."


def is_reply(request: HttpRequest) -> bool:
    return request.method == "POST" and REPLY_BUTTON in request.POST


def reply(model_admin: admin.ModelAdmin[Lead], request: HttpRequest, lead: Lead) -> MessageForm | HttpResponse:
    """Send the reply box's message: back to the lead page when it went, else the bound form with
    its error (the page is shown again and nothing changed)."""
    if not model_admin.has_change_permission(request, lead):  # a reply changes the lead: never view-only
        raise PermissionDenied
    form = MessageForm(request.POST, prefix=REPLY_PREFIX)
    if "message" not in available_actions(lead):
        form.add_error(None, _why_not(lead))
        return form
    if not form.is_valid():
        return form
    try:
        actor = f"artist:{request.user.get_username()}"
        lead_send_message(lead_id=lead.pk, actor=actor, text=form.cleaned_data["text"])
    except ApplicationError as exc:
        form.add_error(None, exc.detail)
        return form
    status = Lead.objects.values_list("status", flat=True).get(pk=lead.pk)
    messages.success(request, f"Message queued: lead #{lead.pk} is now {status}.")
    return HttpResponseRedirect(reverse("admin:leads_lead_change", args=[lead.pk]) + "#lead-thread-end")


def as_page_request(request: HttpRequest) -> HttpRequest:
    """The request as a plain view of the page: a refused reply shows the page again, and the
    lead's own form must not read the reply's post as its own."""
    shown = copy.copy(request)
    shown.method = "GET"
    return shown
