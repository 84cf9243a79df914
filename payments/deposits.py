"""A lead's deposits as rows (docs/payments.md): which one counts, and the one lock order every money path uses."""

from __future__ import annotations

from leads.models import Lead
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
