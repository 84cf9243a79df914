"""Writes on customers and leads. The only callers of the lead's FSM transitions.

Every function runs in a transaction and takes keyword arguments. Transition
names are the ``@transition`` methods of ``Lead``; each records a history row.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django_fsm import TransitionNotAllowed

from leads.models import Customer, Lead, StatusChange
from leads.models.customer import hash_phone
from leads.models.lead import ALL_STATUSES, ENDED_STATUSES, LeadStatus
from leads.selectors import lead_ended_at
from tattoobot.foundations.db import insert_or_skip, update_returning
from tattoobot.foundations.errors import ApplicationError
from tattoobot.foundations.phones import to_e164

logger = logging.getLogger(__name__)

# A customer whose last lead ended longer ago than this starts a new one (docs/conversation.md).
NEW_LEAD_AFTER = timedelta(days=30)


class TransitionRefused(ApplicationError):
    """The lead's status does not allow what was asked (the API answers 409)."""

    status_code = 409
    code = "transition_not_allowed"


def customer_get_or_create(
    *, wa_id: str, profile_name: str = "", lock: bool = False, inbound_at: datetime | None = None
) -> Customer:
    """The customer for a WhatsApp number (``wa_id`` with or without '+'), created on first contact.

    With ``lock`` the row is locked (``SELECT … FOR UPDATE``, or the ``UPDATE`` that writes
    ``inbound_at``) for the rest of the caller's transaction, so one customer's messages run one
    at a time.
    Customers are found by the hash of their number, so an erased customer
    (number gone, hash kept) is still recognised, opted out. ``inbound_at``
    (a message just arrived) is written as ``last_inbound_at`` in the same statement.
    """
    phone = to_e164(wa_id)
    phone_hash = hash_phone(phone)
    name = profile_name[:200]
    queryset = Customer.objects.select_for_update() if lock else Customer.objects.all()
    stamped = False
    if lock and inbound_at is not None:
        # A message: for a known customer the lock and last_inbound_at are one statement; none
        # updated means a first contact (the insert below), or one being created concurrently.
        values = {"last_inbound_at": inbound_at, "updated_at": timezone.now()}
        customer = update_returning(Customer, where={"phone_hash": phone_hash}, values=values)
        stamped = customer is not None
    else:
        customer = queryset.filter(phone_hash=phone_hash).first()
    if customer is None:
        fresh = Customer(
            wa_id=phone,
            phone_hash=phone_hash,
            profile_name=name,
            opted_in_at=timezone.now(),
            last_inbound_at=inbound_at,
        )
        # Our own new row is invisible to others until commit, so it needs no lock; a concurrent
        # first contact waits on the unique index, then reads (and locks) the committed row.
        if insert_or_skip(fresh):
            return fresh
        customer = queryset.get(phone_hash=phone_hash)
    changed: list[str] = []
    if name and customer.profile_name != name and not customer.opted_out:
        customer.profile_name, changed = name, [*changed, "profile_name"]
    if inbound_at is not None and not stamped:
        customer.last_inbound_at, changed = inbound_at, [*changed, "last_inbound_at"]
    if changed:
        customer.save(update_fields=[*changed, "updated_at"])
    return customer


def lead_create(*, customer: Customer, actor: str = "customer", reason: str = "first_contact") -> Lead:
    with transaction.atomic(savepoint=False):  # all or nothing; part of the caller's transaction if any
        lead = Lead.objects.create(customer=customer)
        StatusChange.objects.create(lead=lead, from_status="", to_status=lead.status, reason=reason, actor=actor)
    return lead


def lead_locked(lead_id: int) -> Lead:
    """The lead, locked for the caller's transaction, with its customer read (not locked). Only the
    lead row: inbound processing locks the customer, then the lead, so taking the customer's lock
    here too (in the other order) could deadlock with it."""
    return Lead.objects.select_for_update(of=("self",)).select_related("customer").get(pk=lead_id)


def lead_current_or_new(*, customer: Customer, now: datetime | None = None, lock: bool = False) -> Lead:
    """The customer's open lead, or a new one when the last lead ended over 30 days ago.

    A lead in an unknown status is recovered to ``new`` first (docs/conversation.md). With
    ``lock`` the lead returned is locked (``SELECT … FOR UPDATE``; a new lead
    is the caller's own uncommitted row) for the rest of the caller's transaction.
    """
    now = now or timezone.now()
    leads = Lead.objects.select_for_update() if lock else Lead.objects.all()
    latest = leads.filter(customer=customer).order_by("-created_at", "-id").first()
    if latest is None:
        return lead_create(customer=customer)
    if latest.status not in ALL_STATUSES:
        return lead_recover_unknown_status(lead=latest, locked=lock)
    if latest.status in ENDED_STATUSES:
        ended = lead_ended_at(lead=latest)
        if ended is not None and now - ended > NEW_LEAD_AFTER:
            return lead_create(customer=customer)
    return latest


def lead_transition(
    *, lead: Lead, name: str, reason: str | None = None, actor: str | None = None, locked: bool = False
) -> Lead:
    """Run the transition ``name`` on the lead and save it, or raise ``TransitionRefused``.

    The lead row is re-read under a lock so two callers never both apply a
    transition from the same status. ``locked`` says the caller already holds
    that lock on this instance in its transaction (a conversation turn): the
    transition then runs on it directly, with no second read.
    """
    method = getattr(Lead, name, None)
    if method is None or not hasattr(method, "_django_fsm"):
        raise ValueError(f"{name!r} is not a lead transition")
    kwargs = {key: value for key, value in (("reason", reason), ("actor", actor)) if value is not None}
    if locked:
        _apply(lead, name, kwargs)
        return lead
    with transaction.atomic():
        current = Lead.objects.select_for_update().get(pk=lead.pk)
        _apply(current, name, kwargs)
    return current


def _apply(lead: Lead, name: str, kwargs: dict[str, str]) -> None:
    try:
        getattr(lead, name)(**kwargs)
    except TransitionNotAllowed as exc:
        raise TransitionRefused(f"Lead {lead.pk} is {lead.status}; {name} is not allowed.", status=lead.status) from exc
    lead.save()


def lead_recover_unknown_status(*, lead: Lead, locked: bool = False) -> Lead:
    """Move a lead whose status the code does not know back to ``new`` (logged at WARNING)."""
    return lead_transition(
        lead=lead, name="recover_unknown_status", reason="unknown_status", actor="system", locked=locked
    )


__all__ = [
    "NEW_LEAD_AFTER",
    "LeadStatus",
    "TransitionRefused",
    "customer_get_or_create",
    "lead_create",
    "lead_current_or_new",
    "lead_recover_unknown_status",
    "lead_transition",
]
