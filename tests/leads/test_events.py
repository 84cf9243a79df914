import logging

import pytest

from leads.events import system_event_record
from tattoobot.foundations.logging import reset_correlation_id, set_correlation_id


@pytest.mark.django_db
def test_system_event_keeps_the_correlation_id_and_logs(make_lead, caplog) -> None:
    lead = make_lead()
    caplog.set_level(logging.INFO, logger="tattoobot.events")
    token = set_correlation_id("cid-9")
    try:
        event = system_event_record(type="signature_failure", message="bad signature", lead=lead, payload={"n": 1})
    finally:
        reset_correlation_id(token)
    event.refresh_from_db()
    assert (event.type, event.level, event.correlation_id, event.lead_id) == (
        "signature_failure",
        "warning",
        "cid-9",
        lead.pk,
    )
    assert event.payload == {"n": 1}
    assert [r.levelno for r in caplog.records if r.name == "tattoobot.events"] == [logging.WARNING]


@pytest.mark.django_db
def test_system_event_outside_a_request_has_no_correlation_id() -> None:
    assert system_event_record(type="x", level="error").correlation_id == ""
