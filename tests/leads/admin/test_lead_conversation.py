"""The lead page reads as the conversation (docs/back-office.md "The lead page"): the thread in
order with who wrote each message, media inline, times in the studio's zone, the latest 50 with a
link to earlier ones in a bounded number of queries, and a reply box that sends through the
same service as the "Send a message" action."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conversations.models import OutboundMessage, ReferenceMedia, TranscriptMessage
from leads.admin.conversation import PAGE_SIZE
from leads.models import Appointment, Artist, Customer, Lead, StudioSettings
from payments.models import Deposit

pytestmark = pytest.mark.django_db
AT = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
REPLY = "_reply"


@pytest.fixture
def artist() -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("mika", password="pw-mika-123"))
    return client


def url(lead: Lead, query: str = "") -> str:
    return f"/admin/leads/lead/{lead.pk}/change/{query}"


def say(lead: Lead, by: str, text: str, at: datetime, **fields: Any) -> TranscriptMessage:
    direction = "in" if by == "customer" else "out"
    return TranscriptMessage.objects.create(
        customer=lead.customer, lead=lead, direction=direction, by=by, text=text, at=at, **fields
    )


def thread(html: str) -> list[tuple[str, str]]:
    """(by, text) of each message of the page's thread, in the page's order."""
    found = re.findall(
        r'<li class="lead-msg lead-msg-(\w+)"[^>]*>.*?<div class="lead-msg-text[^"]*">(.*?)</div>', html, re.S
    )
    return [(by, text.strip()) for by, text in found]


def test_the_thread_is_in_order_with_who_wrote_each_message(artist: Client, make_lead) -> None:
    lead = make_lead(status="needs_artist_reply")
    Customer.objects.filter(pk=lead.customer_id).update(profile_name="Sam")
    say(lead, "bot", "What would you like tattooed?", AT + timedelta(minutes=1))
    say(lead, "customer", "A heron", AT + timedelta(minutes=2))
    say(lead, "customer", "Hi!", AT)  # written later, said first
    say(lead, "artist", "Love it, Sam", AT + timedelta(minutes=3))
    html = artist.get(url(lead)).content.decode()
    assert thread(html) == [
        ("customer", "Hi!"),
        ("bot", "What would you like tattooed?"),
        ("customer", "A heron"),
        ("artist", "Love it, Sam"),
    ]
    labels = re.findall(r'<span class="lead-msg-by">(.*?)</span>', html)
    assert labels == ["Customer · Sam", "Bot", "Customer · Sam", "Artist"]
    assert re.findall(r'data-by="(\w+)"', html) == ["customer", "bot", "customer", "artist"]


def test_the_thread_shows_what_the_transcript_table_showed(artist: Client, make_lead) -> None:
    lead = make_lead(status="qualifying")
    say(lead, "customer", "Yes please", AT, message_type="interactive", processed=False)
    html = artist.get(url(lead)).content.decode()
    assert '<span class="lead-msg-type">interactive</span>' in html
    assert "not run: it came out of order" in html


def test_times_are_in_the_studio_s_time_zone(artist: Client, make_lead) -> None:
    StudioSettings.objects.filter(pk=StudioSettings.load().pk).update(timezone="America/New_York")
    lead = make_lead(status="qualifying")
    say(lead, "customer", "hello", AT)
    html = artist.get(url(lead)).content.decode()
    assert '<time datetime="2026-06-01T08:00:00-04:00">Mon 1 Jun 2026 08:00</time>' in html
    assert "Times in America/New_York." in html


def test_reference_media_is_inline_and_a_voice_note_plays(artist: Client, make_lead, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    lead = make_lead(status="qualifying")
    photo_line = say(lead, "customer", "", AT, message_type="image")
    photo = ReferenceMedia.objects.create(
        lead=lead, transcript_message=photo_line, media_type="image", state="stored", mime_type="image/jpeg"
    )
    photo.file.save("heron.jpg", ContentFile(b"\xff\xd8 jpeg"))
    voice_line = say(lead, "customer", "", AT + timedelta(minutes=1), message_type="audio")
    voice = ReferenceMedia.objects.create(
        lead=lead, transcript_message=voice_line, media_type="audio", state="stored", mime_type="audio/ogg"
    )
    voice.file.save("note.ogg", ContentFile(b"OggS"))
    pending_line = say(lead, "customer", "", AT + timedelta(minutes=2), message_type="image")
    ReferenceMedia.objects.create(lead=lead, transcript_message=pending_line, media_type="image", media_id="m-9")
    healed_line = say(lead, "customer", "all healed!", AT + timedelta(minutes=3), message_type="image")
    ReferenceMedia.objects.create(lead=lead, transcript_message=healed_line, media_id="m-10", healed=True)
    html = artist.get(url(lead)).content.decode()
    messages = html.split('class="lead-msg lead-msg-')[1:]
    assert f'<img src="/staff/media/{photo.pk}"' in messages[0]
    assert f'<audio controls preload="none" src="/staff/media/{voice.pk}">' in messages[1]
    assert '<div class="lead-msg-media">Pending</div>' in messages[2]  # not fetched yet: its state
    assert "all healed!" in messages[3]
    assert "The healed piece" in messages[3]
    assert artist.get(f"/staff/media/{photo.pk}").status_code == 200


def test_the_summary_facts_and_allowed_actions_sit_beside_the_thread(artist: Client, make_lead) -> None:
    lead = make_lead(status="pending_approval", idea="a heron", size_category="medium")
    Customer.objects.filter(pk=lead.customer_id).update(language="es")
    html = artist.get(url(lead)).content.decode()
    side = html[html.index('<aside class="lead-side"') : html.index("</aside>")]
    assert "Idea: a heron" in side
    assert "<dt>Status</dt><dd>Pending Approval</dd>" in side
    assert "<dt>Language</dt><dd>Spanish</dd>" in side
    assert "<dt>Deposit</dt><dd>none yet</dd>" in side
    assert "<dt>Appointment</dt><dd>none</dd>" in side
    assert "lead-action-approve" in side
    assert "lead-action-reject" in side
    assert "lead-action-complete" not in side


def test_the_facts_give_the_next_appointment_in_the_studio_s_zone_and_the_deposit(artist: Client, make_lead) -> None:
    StudioSettings.objects.filter(pk=StudioSettings.load().pk).update(timezone="America/New_York")
    lead = make_lead(status="booked")
    Appointment.objects.create(lead=lead, start=AT, end=AT + timedelta(hours=3))
    Deposit.objects.create(lead=lead, amount=15000, currency="gbp", rule="size:medium", status="paid")
    html = artist.get(url(lead)).content.decode()
    assert "<dt>Appointment</dt><dd>Mon 1 Jun 2026 08:00 (session 1)</dd>" in html
    assert "<dt>Deposit</dt><dd>£150, paid</dd>" in html


def test_a_reply_hands_the_lead_over_and_is_in_the_outbox(artist: Client, make_lead) -> None:
    lead = make_lead(status="qualifying")
    say(lead, "customer", "Can I talk to a human?", AT)
    response = artist.post(url(lead), {"reply-text": "Hi, Mika here", REPLY: "send"})
    assert response.status_code == 302
    assert response["Location"] == url(lead) + "#lead-thread-end"
    lead.refresh_from_db()
    assert lead.status == "needs_artist_reply"
    assert lead.history.get(to_status="needs_artist_reply").reason == "artist_replied"
    sent = OutboundMessage.objects.get(lead=lead)
    assert (sent.text, sent.purpose) == ("Hi, Mika here", "artist_message")
    page = artist.get(url(lead)).content.decode()
    assert thread(page)[-1] == ("artist", "Hi, Mika here")
    assert "Message queued: lead" in page


@pytest.mark.parametrize("text", ["", "   \n ", "x" * 4097])
def test_an_empty_or_too_long_reply_is_a_form_error_and_changes_nothing(artist: Client, make_lead, text: str) -> None:
    lead = make_lead(status="qualifying")
    response = artist.post(url(lead), {"reply-text": text, REPLY: "send"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing was sent" in html
    assert 'class="errorlist"' in html
    assert Lead.objects.get(pk=lead.pk).status == "qualifying"
    assert not OutboundMessage.objects.filter(lead=lead).exists()
    assert not TranscriptMessage.objects.filter(lead=lead).exists()
    assert lead.customer.artist_wrote_at is None
    assert Customer.objects.get(pk=lead.customer_id).artist_wrote_at is None


def test_the_reply_does_not_touch_the_lead_s_own_form(artist: Client, make_lead) -> None:
    kai = Artist.objects.create(name="Kai", position=1)
    lead = make_lead(status="qualifying", artist=kai, sessions_planned=3)
    artist.post(url(lead), {"reply-text": "", REPLY: "send"})  # refused: the page again, nothing saved
    artist.post(url(lead), {"reply-text": "hello", REPLY: "send"})
    lead.refresh_from_db()
    assert (lead.artist_id, lead.sessions_planned) == (kai.pk, 3)


def test_an_opted_out_customer_gets_no_reply_box_and_a_post_sends_nothing(artist: Client, make_lead) -> None:
    lead = make_lead(status="booked")
    Customer.objects.filter(pk=lead.customer_id).update(opted_out=True)
    html = artist.get(url(lead)).content.decode()
    assert 'name="reply-text"' not in html
    assert "The customer has opted out" in html
    response = artist.post(url(lead), {"reply-text": "still there?", REPLY: "send"})
    assert response.status_code == 200
    assert "The customer has opted out" in response.content.decode()
    assert not OutboundMessage.objects.filter(lead=lead).exists()


def test_the_reply_needs_the_csrf_token(make_lead) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.create_superuser("mika", password="pw-mika-123"))
    lead = make_lead(status="qualifying")
    html = client.get(url(lead)).content.decode()
    assert 'name="csrfmiddlewaretoken"' in html.split('class="lead-reply"')[1].split("</form>")[0]
    assert client.post(url(lead), {"reply-text": "hi", REPLY: "send"}).status_code == 403
    assert Lead.objects.get(pk=lead.pk).status == "qualifying"
    assert not OutboundMessage.objects.exists()


def test_non_staff_are_sent_to_log_in_and_nothing_is_sent(client: Client, make_lead) -> None:
    lead = make_lead(status="qualifying")
    client.force_login(User.objects.create_user("fan", password="pw-fan-12345"))
    for response in (client.get(url(lead)), client.post(url(lead), {"reply-text": "hi", REPLY: "send"})):
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
    assert not OutboundMessage.objects.exists()


def test_another_artist_s_lead_is_not_found_and_cannot_be_replied_to(client: Client, make_lead) -> None:
    user = User.objects.create_user("kai", password="pw-kai-12345", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_lead", "change_lead"]))
    kai = Artist.objects.create(name="Kai", user=user, position=1)
    mine = make_lead(status="qualifying", artist=kai)
    theirs = make_lead(status="qualifying", artist=Artist.objects.exclude(pk=kai.pk).first())
    client.force_login(user)
    assert client.get(url(mine)).status_code == 200
    assert client.get(url(theirs)).status_code == 404
    assert client.post(url(theirs), {"reply-text": "hi", REPLY: "send"}).status_code == 404
    assert client.get("/admin/leads/lead/not-a-number/change/").status_code == 404
    assert Lead.objects.get(pk=theirs.pk).status == "qualifying"
    assert not OutboundMessage.objects.filter(lead=theirs).exists()


def test_staff_who_may_only_view_the_lead_get_no_reply_box_no_actions_and_cannot_send(
    client: Client, make_lead
) -> None:
    viewer = User.objects.create_user("vic", password="pw-vic-123456", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_lead"))
    lead = make_lead(status="needs_artist_reply")
    client.force_login(viewer)
    html = client.get(url(lead)).content.decode()
    assert 'name="reply-text"' not in html
    assert "lead-action-" not in html
    assert "may view this lead but not act on it" in html
    assert client.post(url(lead), {"reply-text": "hi", REPLY: "send"}).status_code == 403
    assert not OutboundMessage.objects.filter(lead=lead).exists()
    viewer.user_permissions.add(Permission.objects.get(codename="change_lead"))
    client.force_login(User.objects.get(pk=viewer.pk))
    assert 'name="reply-text"' in client.get(url(lead)).content.decode()
    assert client.post(url(lead), {"reply-text": "hi", REPLY: "send"}).status_code == 302
    assert OutboundMessage.objects.filter(lead=lead).count() == 1


def test_a_long_thread_shows_the_latest_fifty_and_links_to_earlier_ones(artist: Client, make_lead) -> None:
    lead = make_lead(status="qualifying")
    TranscriptMessage.objects.bulk_create(
        TranscriptMessage(
            customer=lead.customer, lead=lead, direction="in", by="customer", text=f"m{n}", at=AT + timedelta(minutes=n)
        )
        for n in range(120)
    )
    latest = artist.get(url(lead)).content.decode()
    assert [text for _, text in thread(latest)] == [f"m{n}" for n in range(70, 120)]
    link = re.search(r'class="lead-thread-earlier" href="\?before=(\d+)"', latest)
    assert link is not None
    assert int(link.group(1)) == TranscriptMessage.objects.get(lead=lead, text="m70").pk
    assert "lead-thread-latest" not in latest

    middle = artist.get(url(lead, f"?before={link.group(1)}")).content.decode()
    assert [text for _, text in thread(middle)] == [f"m{n}" for n in range(20, 70)]
    assert "lead-thread-latest" in middle
    link = re.search(r'class="lead-thread-earlier" href="\?before=(\d+)"', middle)
    assert link is not None

    first = artist.get(url(lead, f"?before={link.group(1)}")).content.decode()
    assert [text for _, text in thread(first)] == [f"m{n}" for n in range(20)]
    assert "lead-thread-earlier" not in first

    other = make_lead(status="qualifying")
    stranger = say(other, "customer", "not yours", AT)
    for bad in ("abc", "-1", str(stranger.pk), "9" * 40):  # not one of this lead's messages: the latest
        assert thread(artist.get(url(lead, f"?before={bad}")).content.decode()) == thread(latest)


def test_the_page_runs_a_bounded_number_of_queries_however_long_the_thread(
    artist: Client, make_lead, django_assert_max_num_queries
) -> None:
    lead = make_lead(status="qualifying")

    def add(count: int, start: int) -> None:
        TranscriptMessage.objects.bulk_create(
            TranscriptMessage(
                customer=lead.customer,
                lead=lead,
                direction="in" if n % 2 else "out",
                by="customer" if n % 2 else "bot",
                text=f"message {n}",
                at=AT + timedelta(seconds=n),
            )
            for n in range(start, start + count)
        )

    add(10, 0)
    with CaptureQueriesContext(connection) as few:
        assert artist.get(url(lead)).status_code == 200
    add(990, 10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = artist.get(url(lead)).content.decode()
    assert len(thread(html)) == PAGE_SIZE
    assert thread(html)[-1] == ("customer", "message 999")
    assert ">message 949<" not in html  # the page is as short as the thread's first page
    earlier = re.search(r'href="\?before=(\d+)"', html)
    assert earlier is not None
    with django_assert_max_num_queries(len(few.captured_queries) + 1):  # the cursor's own row
        assert artist.get(url(lead, f"?before={earlier.group(1)}")).status_code == 200
