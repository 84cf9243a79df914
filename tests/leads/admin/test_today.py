"""Today, the admin's home page (docs/back-office.md "Today"): what waits on the artist, each a count
with a link to exactly those leads; today's and the next days' appointments; one artist's own only;
a bounded number of queries however many leads the studio has."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Permission, User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conversations.models import OutboundMessage, OutboundState, TranscriptMessage
from leads.models import Appointment, Artist, ConsentForm, Lead

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 12, 2, 9, 0, tzinfo=LONDON)  # Wednesday


@pytest.fixture(autouse=True)
def clock() -> Any:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def boss() -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("boss", password="pw-boss-123"))
    return client


def artist_client(name: str, artist: Artist) -> Client:
    user = User.objects.create_user(name, password=f"pw-{name}-123", is_staff=True)
    codenames = ("view_lead", "change_lead", "view_appointment", "view_outboundmessage")
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    artist.user = user
    artist.save()
    client = Client()
    client.force_login(User.objects.get(pk=user.pk))
    return client


def wrote(lead: Lead, at: datetime, by: str = "customer") -> None:
    direction = "in" if by == "customer" else "out"
    TranscriptMessage.objects.create(customer=lead.customer, lead=lead, direction=direction, by=by, text="hi", at=at)
    if by == "customer":
        Lead.objects.filter(pk=lead.pk).update(last_inbound_at=at)


def book(lead: Lead, start: datetime, hours: int = 2, artist: Artist | None = None) -> Appointment:
    artist = artist or Artist.objects.order_by("pk").first()
    assert artist is not None
    Lead.objects.filter(pk=lead.pk).update(artist=artist)
    return Appointment.objects.create(lead=lead, artist=artist, start=start, end=start + timedelta(hours=hours))


def counts(page: str) -> dict[str, int]:
    found = re.findall(r'id="card-(\w+)"[^>]*>\s*<span class="today-count">(\d+)</span>', page)
    return {key: int(n) for key, n in found}


@pytest.fixture
def studio_day(make_lead: Any) -> dict[str, Lead]:
    """One lead of each kind Today counts, and one of each it must not."""
    made = {
        name: make_lead(status=status)
        for name, status in (
            ("pending", "pending_approval"),
            ("pending2", "pending_approval"),
            ("waiting", "needs_artist_reply"),
            ("answered", "needs_artist_reply"),
            ("old", "needs_artist_reply"),
            ("booked_wrote", "booked"),
            ("booked_quiet", "booked"),
            ("qualifying", "qualifying"),
        )
    }
    Lead.objects.filter(status="needs_artist_reply").update(needs_artist=True)
    wrote(made["waiting"], NOW - timedelta(hours=2))
    wrote(made["answered"], NOW - timedelta(hours=3))
    wrote(made["answered"], NOW - timedelta(hours=1), by="artist")
    wrote(made["old"], NOW - timedelta(days=20))  # history, not a to-do
    wrote(made["booked_wrote"], NOW - timedelta(hours=5))
    wrote(made["qualifying"], NOW - timedelta(minutes=5))  # with the bot
    book(made["booked_wrote"], NOW + timedelta(hours=2))  # today, 11:00
    quiet = book(made["booked_quiet"], NOW + timedelta(days=2))  # Friday
    ConsentForm.objects.create(lead=made["booked_quiet"], appointment=quiet, signed_at=NOW)
    OutboundMessage.objects.create(
        idempotency_key="failed-1", lead=made["pending"], to="+447700900001", state=OutboundState.FAILED, due_at=NOW
    )
    return {name: Lead.objects.get(pk=lead.pk) for name, lead in made.items()}


def test_the_admin_home_is_today_with_a_count_for_each_kind_of_work(boss: Client, studio_day: dict[str, Lead]) -> None:
    response = boss.get("/admin/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Today</h1>" in page
    assert counts(page) == {"pending": 2, "waiting": 1, "after_booking": 1, "consent": 1, "failed": 1}
    for name in ("leads_calendar", "leads_dashboard", "leads_try_the_bot"):
        assert f'href="{reverse(f"admin:{name}")}"' in page
    assert 'id="records"' in page  # the model lists, folded below


def test_each_count_links_to_exactly_its_leads(boss: Client, studio_day: dict[str, Lead]) -> None:
    expected = {"pending": {"pending", "pending2"}, "waiting": {"waiting"}, "after_booking": {"booked_wrote"}}
    for kind, names in expected.items():
        page = boss.get(reverse("admin:leads_lead_changelist"), {"attention": kind}).content.decode()
        shown = {name for name, lead in studio_day.items() if f"/admin/leads/lead/{lead.pk}/change/" in page}
        assert shown == names, kind


def test_an_artist_reply_takes_the_lead_off_the_list(boss: Client, studio_day: dict[str, Lead]) -> None:
    wrote(studio_day["waiting"], NOW - timedelta(minutes=1), by="artist")
    assert counts(boss.get("/admin/").content.decode())["waiting"] == 0
    wrote(studio_day["waiting"], NOW)  # the customer writes again
    assert counts(boss.get("/admin/").content.decode())["waiting"] == 1


def test_todays_and_the_next_days_appointments_in_the_studio_s_time(boss: Client, studio_day: dict[str, Lead]) -> None:
    page = boss.get("/admin/").content.decode()
    today = page[page.index('id="today-appointments"') : page.index('id="ahead"')]
    ahead = page[page.index('id="ahead"') : page.index('id="consent"')]
    assert "11:00–13:00" in today
    assert f"/admin/leads/lead/{studio_day['booked_wrote'].pk}/change/" in today
    assert "Fri 4 Dec" in ahead
    assert f"/admin/leads/lead/{studio_day['booked_quiet'].pk}/change/" in ahead
    consent = page[page.index('id="consent"') :]
    assert f"/admin/leads/lead/{studio_day['booked_wrote'].pk}/change/" in consent  # no form yet
    assert f"/admin/leads/lead/{studio_day['booked_quiet'].pk}/change/" not in consent  # signed


def test_an_artist_sees_only_their_own_work(make_lead: Any) -> None:
    mia = Artist.objects.order_by("pk").first()
    assert mia is not None
    kai = Artist.objects.create(name="Kai", position=1)
    mine, theirs = make_lead(status="pending_approval"), make_lead(status="pending_approval")
    Lead.objects.filter(pk=mine.pk).update(artist=mia)
    Lead.objects.filter(pk=theirs.pk).update(artist=kai)
    book(theirs, NOW + timedelta(hours=3), artist=kai)  # no consent form yet
    waiting = make_lead(status="needs_artist_reply", needs_artist=True, artist=kai)
    wrote(waiting, NOW - timedelta(hours=1))
    OutboundMessage.objects.create(
        idempotency_key="kai-failed", lead=theirs, to="+447700900002", state=OutboundState.FAILED, due_at=NOW
    )
    page = artist_client("mia", mia).get("/admin/").content.decode()
    assert counts(page) == {"pending": 1, "waiting": 0, "after_booking": 0, "consent": 0, "failed": 0}
    kai_page = artist_client("kai", kai).get("/admin/").content.decode()
    assert counts(kai_page) == {"pending": 1, "waiting": 1, "after_booking": 0, "consent": 1, "failed": 1}
    assert "<h1>Today — " in page
    assert f"/admin/leads/lead/{theirs.pk}/change/" not in page
    assert "No appointments today." in page


def test_sign_in_is_required(client: Client) -> None:
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    non_staff = User.objects.create_user("ana", password="pw-ana-123")
    client.force_login(non_staff)
    assert client.get("/admin/").status_code == 302


def _queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/admin/").status_code == 200
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_studio(boss: Client, make_lead: Any) -> None:
    def add(n: int, start: int) -> None:
        for i in range(n):
            lead = make_lead(status=("pending_approval", "needs_artist_reply", "booked")[i % 3])
            wrote(lead, NOW - timedelta(minutes=i))
            if i % 3 == 2:
                book(lead, NOW + timedelta(hours=start + i + 1), hours=1)

    add(10, 0)
    few = _queries(boss)
    add(990, 10)
    assert Lead.objects.count() >= 1000
    assert _queries(boss) <= few + 2, "Today's queries grow with the number of leads"


def test_staff_who_may_not_view_leads_see_no_customer_and_no_count(studio_day: dict[str, Lead]) -> None:
    """As the calendar and the lead pages refuse them, Today shows them no lead, appointment or count."""
    Lead.objects.filter(pk=studio_day["booked_wrote"].pk).update(idea="Koi on the calf")
    clerk = User.objects.create_user("clerk", password="pw-clerk-123", is_staff=True)
    client = Client()
    client.force_login(clerk)
    response = client.get("/admin/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Koi on the calf" not in page
    assert "/admin/leads/lead/" not in page
    assert counts(page) == {}
    assert 'id="no-leads"' in page
    clerk.user_permissions.add(Permission.objects.get(codename="view_outboundmessage"))
    page = client.get("/admin/").content.decode()
    assert counts(page) == {"failed": 1}  # the outbox it may open, and nothing else
    assert "Koi on the calf" not in page
    clerk.user_permissions.add(Permission.objects.get(codename="view_lead"))
    page = client.get("/admin/").content.decode()
    assert "Koi on the calf" in page
    assert set(counts(page)) == {"pending", "waiting", "after_booking", "consent", "failed"}


def test_the_days_are_the_studio_s_across_a_clock_change(boss: Client, make_lead: Any, clock: Any) -> None:
    """Today's and the next days' lists are cut at the studio's midnights and show its wall clock (UTC
    would put these on other days and hours): Saturday night before British Summer Time ends."""
    clock.move_to(datetime(2026, 10, 24, 22, 0, tzinfo=LONDON))
    leads = [make_lead(status="booked") for _ in range(5)]
    early = book(leads[4], datetime(2026, 10, 24, 0, 0, tzinfo=LONDON), hours=1)  # Friday 23:00 UTC
    late = book(leads[0], datetime(2026, 10, 24, 23, 30, tzinfo=LONDON), hours=1)  # 22:30 UTC
    sunday = book(leads[1], datetime(2026, 10, 25, 10, 0, tzinfo=LONDON))  # GMT again
    last = book(leads[2], datetime(2026, 10, 31, 23, 30, tzinfo=LONDON), hours=1)  # the 7th day, late
    beyond = book(leads[3], datetime(2026, 11, 1, 0, 30, tzinfo=LONDON), hours=1)  # the 8th: not listed
    page = boss.get("/admin/").content.decode()
    today = page[page.index('id="today-appointments"') : page.index('id="ahead"')]
    ahead = page[page.index('id="ahead"') : page.index('id="consent"')]
    assert "Today, Sat 24 Oct" in today
    assert f"/lead/{late.lead_id}/change/" in today
    assert "23:30–00:30" in today
    assert f"/lead/{early.lead_id}/change/" in today
    assert "00:00–01:00" in today
    assert f"/lead/{sunday.lead_id}/change/" in ahead.split("Sun 25 Oct", 1)[1]
    assert "10:00–12:00" in ahead
    assert f"/lead/{last.lead_id}/change/" in ahead.split("Sat 31 Oct", 1)[1]
    assert f"/lead/{beyond.lead_id}/change/" not in page


def test_a_long_list_of_missing_forms_says_that_it_is_cut(boss: Client, make_lead: Any) -> None:
    for hour in range(12):
        book(make_lead(status="booked"), NOW + timedelta(hours=2 + 3 * hour), hours=1)
    page = boss.get("/admin/").content.decode()
    assert counts(page)["consent"] == 12
    start = page.index('id="consent"')
    consent = page[start : page.index("</section>", start)]
    assert consent.count("/admin/leads/lead/") == 10
    assert 'id="consent-more"' in consent
