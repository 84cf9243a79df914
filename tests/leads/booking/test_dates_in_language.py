"""Dates, times and the policy's spans in the customer's language (docs/conversation.md "Languages").

A label is written when its message is rendered, so the same appointment reads "jue 3 dic, 13:00–15:00"
to a Spanish customer and "Thu 3 Dec, 13:00–15:00" to the artist in the same booking.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.utils import translation

from conversations.messaging.formatting import format_date, format_day, format_local_time, format_slot
from conversations.messaging.policy_text import booking_policy_text
from conversations.models import OutboundKind
from leads.models import Customer as CustomerRow
from leads.models import Lead, StudioSettings
from tests.conversations.chat import Customer
from tests.leads.booking.test_booking_flow import last_to_customer, pay
from tests.payments.conftest import artist_texts

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 12, 2, 9, 0, tzinfo=LONDON)  # a Wednesday
START = datetime(2026, 12, 3, 13, 0, tzinfo=LONDON)
END = datetime(2026, 12, 3, 15, 0, tzinfo=LONDON)

SLOTS = {
    "en": ("Thu 3 Dec, 13:00–15:00", "Thu 3 Dec at 13:00", "Thu 3 Dec"),
    "es": ("jue 3 dic, 13:00–15:00", "jue 3 dic a las 13:00", "jue 3 dic"),
    "fr": ("jeu 3 déc., 13:00–15:00", "jeu 3 déc. à 13:00", "jeu 3 déc."),
    "de": ("Do, 3. Dez, 13:00–15:00", "Do, 3. Dez um 13:00", "Do, 3. Dez"),
    "pt": ("qui, 3 dez, 13:00–15:00", "qui, 3 dez às 13:00", "qui, 3 dez"),
    "it": ("gio 3 dic, 13:00–15:00", "gio 3 dic alle 13:00", "gio 3 dic"),
}


@pytest.mark.parametrize("language", sorted(SLOTS))
def test_a_slot_a_time_and_a_day_in_each_language(language: str) -> None:
    slot, at, day = format_slot(START, END, LONDON), format_local_time(START, LONDON), format_day(START, LONDON)
    with translation.override(language):
        assert (str(slot), str(at), str(day)) == SLOTS[language]


@pytest.mark.parametrize(
    ("language", "short", "long"),
    [
        ("en", "1 Mar", "14 Mar 2027"),
        ("es", "1 mar", "14 mar 2027"),
        ("fr", "1 mars", "14 mars 2027"),
        ("de", "1. Mär", "14. Mär 2027"),
        ("pt", "1 mar", "14 mar 2027"),
        ("it", "1 mar", "14 mar 2027"),
    ],
)
def test_a_tour_stop_s_dates_in_each_language(language: str, short: str, long: str) -> None:
    first, last = format_date(date(2027, 3, 1)), format_date(date(2027, 3, 14), with_year=True)
    with translation.override(language):
        assert (str(first), str(last)) == (short, long)


def test_labels_are_written_when_shown_not_when_made() -> None:
    with translation.override("es"):
        label = format_slot(START, END, LONDON)
    with translation.override("de"):
        assert str(label) == SLOTS["de"][0]
    assert format_local_time(None, LONDON) == ""


def test_a_time_in_another_zone_is_shown_in_the_studios() -> None:
    utc_evening = datetime(2026, 7, 1, 22, 30, tzinfo=ZoneInfo("UTC"))  # 23:30 in London (summer time)
    with translation.override("fr"):
        assert str(format_local_time(utc_evening, LONDON)) == "mer 1 juil. à 23:30"


@pytest.mark.parametrize(
    ("language", "hours", "days", "notice", "refund"),
    [
        ("en", 72, 7, "with at least 3 days' notice", "at least 7 days ahead"),
        ("en", 24, 1, "with at least 1 day's notice", "at least 1 day ahead"),
        ("en", 48 + 1, 14, "with at least 49 hours' notice", "at least 14 days ahead"),
        ("es", 72, 7, "al menos 3 días de antelación", "al menos 7 días de antelación"),
        ("es", 24, 1, "al menos 1 día de antelación", "al menos 1 día de antelación"),
        ("fr", 36, 1, "au moins 36 heures à l'avance", "au moins 1 jour à l'avance"),
        ("de", 72, 7, "mindestens 3 Tage vorher Bescheid sagst", "mindestens 7 Tage vorher absagst"),
        ("de", 24, 1, "mindestens 1 Tag vorher Bescheid sagst", "mindestens 1 Tag vorher absagst"),
        ("pt", 48, 7, "pelo menos 2 dias de antecedência", "pelo menos 7 dias de antecedência"),
        ("it", 12, 7, "almeno 12 ore di preavviso", "almeno 7 giorni di anticipo"),
    ],
)
def test_the_policy_names_its_notice_in_the_customers_words(
    make_lead: Any, language: str, hours: int, days: int, notice: str, refund: str
) -> None:
    StudioSettings.objects.update(reschedule_notice_hours=hours, refund_notice_days=days, free_reschedules=1)
    lead = make_lead()
    CustomerRow.objects.filter(pk=lead.customer_id).update(language=language)
    lead = Lead.objects.select_related("customer").get(pk=lead.pk)
    text = booking_policy_text(lead=lead, studio=StudioSettings.load())
    assert notice in text
    assert refund in text


# --- through the booking, end to end ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "first_row", "booked"),
    [
        ("es", ("jue 3 dic", "jue 3 dic, 10:00–12:00"), "jue 3 dic, 13:00–15:00"),
        ("de", ("Do, 3. Dez", "Do, 3. Dez, 10:00–12:00"), "Do, 3. Dez, 13:00–15:00"),
    ],
)
def test_a_customer_books_in_their_language_while_the_artist_reads_english(
    approved: Any,
    client: Client,
    django_capture_on_commit_callbacks: Any,
    settings: Any,
    language: str,
    first_row: tuple[str, str],
    booked: str,
) -> None:
    settings.WHATSAPP_APP_SECRET = "test_app_secret"
    with time_machine.travel(NOW, tick=False):
        lead, deposit = approved(size_category="small")
        CustomerRow.objects.filter(pk=lead.customer_id).update(language=language)
        lead.refresh_from_db()
        pay(client, deposit, django_capture_on_commit_callbacks)
        offer = last_to_customer(lead)
        assert offer.kind == OutboundKind.LIST
        row = offer.payload["sections"][0]["rows"][0]
        assert (row["title"], row["description"]) == first_row
        assert f"1. {first_row[1]}" in offer.text

        Customer(client, phone=str(lead.customer.wa_id), name="Ana").says("2")
        lead.refresh_from_db()
        assert lead.status == "booked"
        assert booked in last_to_customer(lead).text
        assert "Thu 3 Dec, 13:00–15:00" in artist_texts(lead)[-1]  # the artist's words stay the studio's


def test_the_deposit_link_and_its_kept_policy_are_in_the_customers_language(approved: Any, make_customer: Any) -> None:
    with time_machine.travel(NOW, tick=False):
        customer = make_customer()
        CustomerRow.objects.filter(pk=customer.pk).update(language="es")
        customer.refresh_from_db()
        lead, deposit = approved(size_category="small", customer=customer)
    link = last_to_customer(lead).text
    assert "3 días de antelación" in link
    assert "jue 3 dic" in link  # the link's expiry, in Spanish
    assert "3 días de antelación" in deposit.policy_text  # kept as it was sent
