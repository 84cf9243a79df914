"""Two runs of one freed time's offer at the same moment (a rerun, the sweeper's; real threads, PostgreSQL):
five leads are offered it in all, each once."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from conversations.models import OutboundMessage
from leads.booking.freed_offers import FREED_OFFERS, freed_slot_offer
from leads.models import Appointment, Artist, Lead
from tests.parallel import run_parallel

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 12, 2, 9, 0, tzinfo=LONDON)
FRIDAY_10 = datetime(2026, 12, 4, 10, 0, tzinfo=LONDON)


def test_two_runs_at_once_offer_five_leads_in_all(make_lead: Any) -> None:
    mia = Artist.objects.get()
    with time_machine.travel(NOW, tick=False):
        windows = [{"text": "Friday mornings", "at": NOW.isoformat()}]
        leads = [
            make_lead(status="collecting_time_windows", artist=mia, size_category="small", time_windows=windows)
            for _ in range(FREED_OFFERS + 2)
        ]
        held = make_lead(status="cancelled", artist=mia)
        appointment = Appointment.objects.create(
            lead=held, start=FRIDAY_10, end=FRIDAY_10 + timedelta(hours=3), status="cancelled"
        )
        counts = run_parallel([partial(freed_slot_offer, appointment_id=appointment.pk)] * 2)
    assert sorted(counts) == [0, FREED_OFFERS]
    keys = list(OutboundMessage.objects.filter(idempotency_key__startswith="freed:").values_list("lead", flat=True))
    assert len(keys) == len(set(keys)) == FREED_OFFERS
    offered = Lead.objects.filter(pk__in=[lead.pk for lead in leads], status="booking_pending")
    assert sorted(offered.values_list("pk", flat=True)) == sorted(keys)
