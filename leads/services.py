"""Writes on customers and leads. The only callers of the lead's FSM transitions.

Every function runs in a transaction and takes keyword arguments. Transition
names are the ``@transition`` methods of ``Lead``; each records a history row.
"""

from __future__ import annotations

import contextlib
import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django_fsm import TransitionNotAllowed

from leads.models import Artist, Customer, Lead, StatusChange
from leads.models.customer import hash_phone, hash_user_id
from leads.models.lead import ALL_STATUSES, ENDED_STATUSES, LeadStatus
from leads.selectors import lead_ended_at
from tattoobot.foundations.db import insert_or_skip, update_returning
from tattoobot.foundations.errors import ApplicationError
from tattoobot.foundations.phones import InvalidPhoneNumber, to_e164

logger = logging.getLogger(__name__)

# A customer whose last lead ended longer ago than this starts a new one (docs/conversation.md).
NEW_LEAD_AFTER = timedelta(days=30)


class TransitionRefused(ApplicationError):
    """The lead's status does not allow what was asked (the API answers 409)."""

    status_code = 409
    code = "transition_not_allowed"


def customer_get_or_create(
    *,
    wa_id: str = "",
    user_id: str = "",
    parent_user_id: str = "",
    username: str = "",
    profile_name: str = "",
    lock: bool = False,
    inbound_at: datetime | None = None,
) -> Customer:
    """The customer for a WhatsApp number (``wa_id``, with or without '+') and/or Meta's user id,
    created on first contact; a message that carries both links them on one customer.

    Found by the user id first, then by the number: a customer known by number who starts to
    arrive with a user id (or the reverse) stays one customer. With ``lock`` the row is locked
    (``SELECT … FOR UPDATE``, or the ``UPDATE`` that writes ``inbound_at``) for the rest of the
    caller's transaction, so one customer's messages run one at a time. Customers are found by
    the hashes of their number and user id, so an erased customer (identifiers gone, hashes kept)
    is still recognised, opted out, and given nothing back until they write START. ``inbound_at``
    (a message just arrived) is written as ``last_inbound_at`` in the same statement.
    """
    phone = to_e164(wa_id) if wa_id else ""
    if not phone and not user_id:
        raise ValueError("a customer needs a number or a user id")
    keys = [
        ("user_id_hash", hash_user_id(user_id)) if user_id else None,
        ("phone_hash", hash_phone(phone)) if phone else None,
    ]
    found_by = [key for key in keys if key is not None]
    queryset = Customer.objects.select_for_update() if lock else Customer.objects.all()
    customer, stamped = _customer_found(queryset, found_by, lock=lock, inbound_at=inbound_at)
    if customer is None:
        fresh = Customer(
            wa_id=phone or None,
            phone_hash=hash_phone(phone) if phone else None,
            user_id=user_id or None,
            user_id_hash=hash_user_id(user_id) if user_id else None,
            parent_user_id=parent_user_id[:128],
            username=username[:100],
            profile_name=profile_name[:200],
            opted_in_at=timezone.now(),
            last_inbound_at=inbound_at,
        )
        # Our own new row is invisible to others until commit, so it needs no lock; a concurrent
        # first contact waits on the unique index, then reads (and locks) the committed row.
        if insert_or_skip(fresh):
            return fresh
        customer, _ = _customer_found(queryset, found_by, lock=False, inbound_at=None)
        assert customer is not None, "a unique clash on an identity no row holds"
    changed = _customer_changes(
        customer, phone=phone, user_id=user_id, parent_user_id=parent_user_id, username=username, name=profile_name
    )
    if inbound_at is not None and not stamped:
        customer.last_inbound_at, changed = inbound_at, [*changed, "last_inbound_at"]
    if changed:
        customer.save(update_fields=[*changed, "updated_at"])
    return customer


def customer_user_id_change(*, previous: str, current: str, wa_id: str = "", new_wa_id: str = "") -> Customer | None:
    """Meta's ``user_id_update`` (or a ``system`` message saying the user id changed): the customer
    known by ``previous`` (or, when none is, the one known by the number ``wa_id`` Meta sent with
    it) is known by ``current`` from now on (the same row, re-keyed; an erased customer's kept hash
    follows, so they stay opted out); ``new_wa_id`` (the user changed their number) re-keys the
    number too, so the replies follow them. None when no customer matched, or another already holds
    ``current`` (logged)."""
    if Customer.objects.filter(user_id_hash=hash_user_id(current)).exists():
        logger.warning("user id change: the new user id already belongs to a customer; not re-keyed")
        return None
    locked = Customer.objects.select_for_update()
    customer = locked.filter(user_id_hash=hash_user_id(previous)).first()
    if customer is None and wa_id:
        with contextlib.suppress(InvalidPhoneNumber):  # a number that is none: nobody by it
            customer = locked.filter(phone_hash=hash_phone(to_e164(wa_id))).first()
    if customer is None:
        return None
    customer.user_id_hash = hash_user_id(current)
    fields = ["user_id", "user_id_hash", "updated_at"]
    if customer.erased_at is None:
        customer.user_id = current
    new_phone = ""
    with contextlib.suppress(InvalidPhoneNumber):
        new_phone = to_e164(new_wa_id) if new_wa_id else ""
    if new_phone and not Customer.objects.filter(phone_hash=hash_phone(new_phone)).exclude(pk=customer.pk).exists():
        customer.phone_hash = hash_phone(new_phone)
        if customer.erased_at is None:
            customer.wa_id = new_phone
        fields += ["wa_id", "phone_hash"]
    customer.save(update_fields=fields)
    return customer


def customer_marketing_preference(*, wa_id: str = "", user_id: str = "", stop: bool, at: datetime) -> Customer | None:
    """Meta's ``user_preferences``: the customer stopped (or resumed) marketing messages in
    WhatsApp. Found by user id, then number; a preference older than the one recorded changes
    nothing (Meta may deliver them out of order). None when no customer matched."""
    keys = [("user_id_hash", hash_user_id(user_id))] if user_id else []
    with contextlib.suppress(InvalidPhoneNumber):
        keys += [("phone_hash", hash_phone(to_e164(wa_id)))] if wa_id else []
    customer, _ = _customer_found(Customer.objects.select_for_update(), keys, lock=True, inbound_at=None)
    if customer is None or (customer.marketing_changed_at is not None and customer.marketing_changed_at > at):
        return None
    customer.marketing_opted_out, customer.marketing_changed_at = stop, at
    customer.save(update_fields=["marketing_opted_out", "marketing_changed_at", "updated_at"])
    return customer


def _customer_found(
    queryset: QuerySet[Customer], keys: list[tuple[str, str]], *, lock: bool, inbound_at: datetime | None
) -> tuple[Customer | None, bool]:
    """The customer holding the first of ``keys`` (``(hash field, hash)``), and whether its
    ``last_inbound_at`` was written on the way: for a message, the lock and the stamp are one
    ``UPDATE … RETURNING`` per key tried."""
    for field, value in keys:
        if lock and inbound_at is not None:
            values = {"last_inbound_at": inbound_at, "updated_at": timezone.now()}
            customer = update_returning(Customer, where={field: value}, values=values)
            if customer is not None:
                return customer, True
        else:
            customer = queryset.filter(**{field: value}).first()
            if customer is not None:
                return customer, False
    return None, False


def _customer_changes(
    customer: Customer, *, phone: str, user_id: str, parent_user_id: str, username: str, name: str
) -> list[str]:
    """What this message says of the customer that the row does not hold yet (set on ``customer``).

    The other identifier links number and user id, so the next message by either finds this
    customer: for an opted-out customer too (so the opt-out holds whichever way they write next),
    and for an erased one as its hash only (recognised, nothing given back until START). An
    identifier another customer holds is left to that customer (logged: ops reconcile the two).
    The username and profile name are kept only for a customer who has not opted out."""
    changed: list[str] = []
    for clear, hashed, value, digest in (
        ("wa_id", "phone_hash", phone, hash_phone),
        ("user_id", "user_id_hash", user_id, hash_user_id),
    ):
        if not value or getattr(customer, hashed) is not None:
            continue
        if Customer.objects.filter(**{hashed: digest(value)}).exclude(pk=customer.pk).exists():
            logger.warning("customer %s: its %s belongs to another customer; not linked", customer.pk, clear)
            continue
        setattr(customer, hashed, digest(value))
        changed.append(hashed)
        if customer.erased_at is None:
            setattr(customer, clear, value)
            changed.append(clear)
    if customer.erased_at is not None or customer.opted_out:
        return changed
    for field, text in (
        ("parent_user_id", parent_user_id[:128]),
        ("username", username[:100]),
        ("profile_name", name[:200]),
    ):
        if text and getattr(customer, field) != text:
            setattr(customer, field, text)
            changed.append(field)
    return changed


def sole_active_artist() -> Artist | None:
    """The studio's one active artist, who gets every new lead; None when customers choose."""
    artists = list(Artist.objects.filter(active=True)[:2])
    return artists[0] if len(artists) == 1 else None


def lead_create(*, customer: Customer, actor: str = "customer", reason: str = "first_contact") -> Lead:
    with transaction.atomic(savepoint=False):  # all or nothing; part of the caller's transaction if any
        lead = Lead.objects.create(customer=customer, artist=sole_active_artist())  # read with it: the copy names it
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
    return lead_current(customer=customer, now=now, lock=lock) or lead_create(customer=customer)


def lead_current(*, customer: Customer, now: datetime | None = None, lock: bool = False) -> Lead | None:
    """The customer's open lead (or the last one, ended less than 30 days ago), or None: what
    ``lead_current_or_new`` returns when it creates nothing (the artist's echoes start no lead)."""
    now = now or timezone.now()
    # The artist is read with the lead (the copy names it), never locked with it: one artist's
    # customers must not wait for each other.
    leads = Lead.objects.select_for_update(of=("self",)) if lock else Lead.objects.all()
    latest = leads.select_related("artist").filter(customer=customer).order_by("-created_at", "-id").first()
    if latest is None:
        return None
    latest.customer = customer  # the caller's row: its language and name are read again this turn
    if latest.status not in ALL_STATUSES:
        return lead_recover_unknown_status(lead=latest, locked=lock)
    if latest.status in ENDED_STATUSES:
        ended = lead_ended_at(lead=latest)
        if ended is not None and now - ended > NEW_LEAD_AFTER:
            return None
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
