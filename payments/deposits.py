"""A lead's deposits as rows (docs/payments.md): which one counts, and the one lock order every money path uses."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from leads.models import Appointment, Lead
from leads.services import lead_locked
from payments.models import Deposit, DepositStatus

D = DepositStatus
UNSETTLED = (D.PENDING, D.OPEN)


def deposit_current(lead: Lead) -> Deposit | None:
    """The lead's newest deposit that was not replaced by a newer one."""
    return lead.deposits.exclude(status=D.SUPERSEDED).order_by("-created_at", "-id").first()


def deposit_locked(deposit_id: int) -> tuple[Lead, Deposit]:
    """Lock the lead, then the deposit: the one order every money path uses."""
    lead_id = Deposit.objects.values_list("lead_id", flat=True).get(pk=deposit_id)
    return lead_locked(lead_id), Deposit.objects.select_for_update().get(pk=deposit_id)


def deposit_is_current(lead: Lead, deposit: Deposit) -> bool:
    current = deposit_current(lead)
    return current is not None and current.pk == deposit.pk


def deposit_ledger(
    deposits: Iterable[Deposit], appointments: Iterable[Appointment], *, sessions_planned: int = 1
) -> list[dict[str, Any]]:
    """The piece's money and sessions in order (docs/payments.md "The deposit ledger"): each deposit
    paid, refunded (asked, then confirmed), forfeited or disputed; each session booked, moved,
    cancelled, done or missed; and where the deposit went — taken off the price of the last session
    of the piece, unless it was refunded or forfeited. ``amount`` is in minor units (a payment in,
    a refund out negative); ``what`` names the line."""
    lines: list[dict[str, Any]] = []
    paid = [d for d in deposits if d.paid_at is not None]
    for d in paid:
        money = {"deposit": d.pk, "currency": d.currency}
        lines.append({"at": d.paid_at, "what": "deposit_paid", "amount": d.amount, **money})
        if d.refund_requested_at is not None:
            lines.append({"at": d.refund_requested_at, "what": "refund_requested", "amount": 0, **money})
        if d.amount_refunded:
            at = d.refunded_at or d.updated_at
            lines.append({"at": at, "what": "refunded", "amount": -d.amount_refunded, **money})
        if d.forfeited_at is not None:
            lines.append({"at": d.forfeited_at, "what": f"forfeited:{d.forfeit_reason}", "amount": 0, **money})
        if d.disputed_at is not None:
            lines.append({"at": d.disputed_at, "what": "disputed", "amount": 0, **money})
    sessions = sorted(appointments, key=lambda a: (a.session, a.sequence, a.created_at))
    for a in sessions:
        what = {
            "active": "booked",
            "released": f"moved_by_{a.released_by or 'artist'}",
            "cancelled": f"cancelled_by_{a.released_by or 'artist'}",
            "completed": "done",
            "no_show": "no_show",
        }.get(a.status, a.status)
        at = a.finished_at or a.released_at or a.created_at
        lines.append({"at": at, "what": what, "amount": 0, "session": a.session, "start": a.start})
    credit = [d for d in paid if d.forfeited_at is None and d.amount_refunded < d.amount and d.disputed_at is None]
    done = [a for a in sessions if a.status == "completed"]
    if credit and done and len(done) >= sessions_planned and not any(a.status == "active" for a in sessions):
        last = done[-1]
        for d in credit:
            lines.append(
                {
                    "at": last.finished_at or last.end,
                    "what": "taken_off_price",
                    "amount": -(d.amount - d.amount_refunded),
                    "deposit": d.pk,
                    "currency": d.currency,
                    "session": last.session,
                }
            )
    return sorted(lines, key=lambda line: line["at"])
