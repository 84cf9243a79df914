"""Reads on leads, shaped for the admin and the staff API (bounded queries)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Count, F, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import TruncDate

from conversations.models import OutboundMessage, ReferenceMedia, TranscriptMessage
from leads.models import Answer, Appointment, ConsentForm, Lead, StatusChange
from leads.models.appointment import AppointmentStatus
from leads.models.lead import LeadStatus
from payments.models import Deposit


def lead_list(*, status: str | None = None, phone: str | None = None, artist: int | None = None) -> QuerySet[Lead]:
    """Leads newest first, with what a list row shows joined in."""
    queryset = Lead.objects.select_related("customer", "tour_stop").order_by("-created_at", "-id")
    if artist:
        queryset = queryset.filter(artist_id=artist)
    if status:
        queryset = queryset.filter(status=status)
    if phone:
        queryset = queryset.filter(customer__wa_id=phone)
    return queryset


def lead_detail_queryset() -> QuerySet[Lead]:
    """Leads with everything the detail view shows prefetched (a fixed number of queries)."""
    return Lead.objects.select_related("customer", "tour_stop").prefetch_related(
        Prefetch("answers", queryset=Answer.objects.order_by("answered_at", "id")),
        Prefetch("media", queryset=ReferenceMedia.objects.order_by("created_at", "id")),
        Prefetch("transcript", queryset=TranscriptMessage.objects.order_by("at", "id")),
        Prefetch("history", queryset=StatusChange.objects.order_by("at", "id")),
        Prefetch("deposits", queryset=Deposit.objects.order_by("created_at", "id")),
        Prefetch(
            "appointments",
            queryset=Appointment.objects.filter(status=AppointmentStatus.ACTIVE),
            to_attr="active_appointments",
        ),
        Prefetch("appointments", queryset=Appointment.objects.order_by("start", "id"), to_attr="all_appointments"),
        Prefetch("outbox", queryset=OutboundMessage.objects.order_by("id")),
        Prefetch("consent_forms", queryset=ConsentForm.objects.order_by("-created_at", "-id")),
    )


def consent_missing(*, now: datetime, within: timedelta) -> QuerySet[Appointment]:
    """Active appointments starting within ``within`` from ``now`` whose consent form is not signed
    (not sent yet, or sent and unsigned), soonest first, with the lead, customer and form joined."""
    return (
        Appointment.objects.filter(status=AppointmentStatus.ACTIVE, start__gt=now, start__lte=now + within)
        .exclude(consent_form__signed_at__isnull=False)
        .select_related("lead__customer", "artist", "consent_form")
        .order_by("start")
    )


CALENDAR_STATUSES = (AppointmentStatus.ACTIVE, AppointmentStatus.COMPLETED, AppointmentStatus.NO_SHOW)


def appointments_between(
    *, start: datetime, end: datetime, base: QuerySet[Appointment] | None = None, artist: int | None = None
) -> QuerySet[Appointment]:
    """The appointments of ``base`` (every one by default) that hold the chair at some time in
    [``start``, ``end``): active ones (booked, or held while the customer moves them) and sessions
    already marked done or a no-show, never released or cancelled ones; ``artist``: that artist's
    only. Soonest first, with the lead, its customer and the artist joined: one query for any range."""
    base = Appointment.objects.all() if base is None else base
    queryset = base.filter(status__in=CALENDAR_STATUSES, start__lt=end, end__gt=start)
    if artist is not None:
        queryset = queryset.filter(artist_id=artist)
    return queryset.select_related("lead__customer", "artist").order_by("start", "artist__position", "id")


def lead_ended_at(*, lead: Lead) -> datetime | None:
    """When an ended lead ended: its appointment's end if booked (None while still ahead); for a
    completed one, its last after-care request if later than the status change (the customer's
    answer, a healed photo, belongs to the piece: docs/booking.md "After the session"); else the
    status change."""
    if lead.status == LeadStatus.BOOKED:
        appointment = Appointment.objects.filter(lead=lead, status=AppointmentStatus.ACTIVE).order_by("-end").first()
        return appointment.end if appointment else lead.status_changed_at
    if lead.status == LeadStatus.COMPLETED:
        asked = Appointment.objects.filter(lead=lead).aggregate(
            checkin=Max("checkin_sent_at"), review=Max("review_asked_at"), photo=Max("healed_photo_asked_at")
        )
        stamps: list[datetime] = [lead.status_changed_at, *(at for at in asked.values() if at is not None)]
        return max(stamps)
    return lead.status_changed_at


FUNNEL_STAGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("qualified", (LeadStatus.PENDING_APPROVAL, LeadStatus.NEEDS_FOLLOW_UP)),
    ("approved", (LeadStatus.AWAITING_DEPOSIT,)),
    ("paid", (LeadStatus.DEPOSIT_PAID,)),
    ("booked", (LeadStatus.BOOKED,)),
)


def lead_funnel(*, days: int, now: datetime, base: QuerySet[Lead] | None = None) -> dict[str, object]:
    """Leads first seen in the last ``days`` days (of ``base``: one artist's, the studio's by
    default): counts by current status, and how many ever reached each stage (from the status
    history), as rates of all of them."""
    since = now - timedelta(days=days)
    base = Lead.objects.all() if base is None else base
    leads = base.filter(created_at__gte=since)
    by_status = dict.fromkeys(LeadStatus.values, 0)
    by_status.update(dict(leads.values_list("status").annotate(n=Count("id")).order_by()))
    total = sum(by_status.values())
    reached = {
        stage: StatusChange.objects.filter(lead__in=leads, to_status__in=statuses).values("lead").distinct().count()
        for stage, statuses in FUNNEL_STAGES
    }
    rates = {f"first_message_to_{stage}": round(count / total, 4) if total else 0.0 for stage, count in reached.items()}
    return {
        "days": days,
        "since": since.isoformat(),
        "leads": total,
        "by_status": by_status,
        "reached": reached,
        "conversion": rates,
    }


def lead_dashboard(*, days: int, now: datetime, base: QuerySet[Lead] | None = None) -> dict[str, object]:
    """The dashboard's figures (of ``base``, as the funnel): leads by status, the funnel, where
    qualifying stops, leads per day."""
    base = Lead.objects.all() if base is None else base
    funnel = lead_funnel(days=days, now=now, base=base)
    since = now - timedelta(days=days)
    stopped = (
        base.filter(status__in=[LeadStatus.ABANDONED, LeadStatus.QUALIFYING], created_at__gte=since)
        .exclude(current_question="")
        .values_list("current_question")
        .annotate(n=Count("id"))
        .order_by()
    )
    per_day = (
        base.filter(created_at__gte=since)
        .annotate(day=TruncDate("created_at"))
        .values_list("day")
        .annotate(n=Count("id"))
        .order_by("day")
    )
    return {
        **funnel,
        "drop_off": dict(stopped),
        "per_day": [(day.isoformat(), n) for day, n in per_day],
    }


# --- Today: what needs the artist now (docs/back-office.md "Today") --------------------------------

# A customer's message counts as waiting while it is newer than the artist's last message to them,
# for this long (older ones are history, not a to-do).
ATTENTION_DAYS = 14
# Leads whose booking stands or whose piece is over: their customers' messages are their own count.
AFTER_BOOKING_STATUSES = (LeadStatus.BOOKED, LeadStatus.COMPLETED, LeadStatus.NO_SHOW, LeadStatus.CANCELLED)
ATTENTION = ("pending", "waiting", "after_booking")


def _with_last_artist_message(base: QuerySet[Lead]) -> QuerySet[Lead]:
    last = TranscriptMessage.objects.filter(lead=OuterRef("pk"), by="artist").order_by("-at").values("at")[:1]
    return base.annotate(last_artist_at=Subquery(last))


def _attention_filters(now: datetime) -> dict[str, Q]:
    unanswered = Q(last_inbound_at__gte=now - timedelta(days=ATTENTION_DAYS)) & (
        Q(last_artist_at__isnull=True) | Q(last_artist_at__lt=F("last_inbound_at"))
    )
    after_booking = Q(status__in=AFTER_BOOKING_STATUSES)
    return {
        "pending": Q(status=LeadStatus.PENDING_APPROVAL),
        "waiting": Q(needs_artist=True) & ~after_booking & unanswered,
        "after_booking": after_booking & unanswered,
    }


def attention_counts(*, base: QuerySet[Lead], now: datetime) -> dict[str, int]:
    """How many leads of ``base`` wait on the artist, by kind: ``pending`` approval, ``waiting``
    for the artist's reply (handed over, the customer's last message not answered by the artist),
    ``after_booking`` (a booked or finished customer wrote and the artist has not answered). One query."""
    filters = _attention_filters(now)
    counts = _with_last_artist_message(base).aggregate(
        **{name: Count("id", filter=condition) for name, condition in filters.items()}
    )
    return {name: int(counts[name] or 0) for name in filters}


def attention_leads(*, base: QuerySet[Lead], kind: str, now: datetime) -> QuerySet[Lead]:
    """The leads of ``base`` that one of ``attention_counts``' kinds counts."""
    return _with_last_artist_message(base).filter(_attention_filters(now)[kind])
