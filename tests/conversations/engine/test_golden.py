"""Golden transcripts: one conversation per path of docs/conversation.md, end to end through the webhook."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from conversations.models import OutboundMessage, ReferenceMedia
from leads.models import Answer, Customer, Lead, StudioSettings, TourStop
from leads.services import lead_transition
from tests.conversations.chat import Customer as Chat
from tests.conversations.chat import artist_messages

HAPPY = [
    ("a swallow with a banner", "idea"),
    ("left forearm", "placement"),
    ("10x15 cm", "size"),
    ("fine line", "style"),
    ("SKIP", "references"),
    ("£500-600", "budget"),
    ("London", "city"),
    ("weekdays after 2pm", "availability"),
]


def qualify(chat: Chat, answers: list[tuple[str, str]] = HAPPY) -> list[list[str]]:
    transcript = [chat.says("Hi! I'd love a tattoo")]
    transcript += [chat.says(text) for text, _ in answers]
    return transcript


def test_happy_path_to_pending_approval(ana: Chat) -> None:
    first = ana.says("Hi! I'd love a tattoo")
    assert len(first) == 2
    assert "Ana" in first[0]
    assert "What would you like tattooed?" in first[1]
    assert ana.lead.status == "qualifying"
    assert ana.lead.current_question == "idea"

    prompts = [ana.says(text) for text, _ in HAPPY]
    assert "Where on your body" in prompts[0][0]
    assert "how big" in prompts[1][0]
    assert "10×15 cm, London, £500–600." in prompts[6][0]
    assert "When are you usually free" in prompts[6][1]
    assert "That's everything" in prompts[7][0] or "all I need" in prompts[7][0] or "All done" in prompts[7][0]

    lead = ana.lead
    assert lead.status == "pending_approval"
    assert (lead.idea, lead.placement, lead.style, lead.availability) == (
        "a swallow with a banner",
        "left forearm",
        "fine line",
        "weekdays after 2pm",
    )
    assert (lead.size_width_cm, lead.size_height_cm, lead.size_category) == (Decimal(10), Decimal(15), "large")
    assert (lead.budget_min, lead.budget_max, lead.budget_currency) == (50000, 60000, "gbp")
    assert (lead.city, lead.country, lead.region) == ("London", "GB", "uk")
    assert set(Answer.objects.filter(lead=lead).values_list("question_key", flat=True)) == {k for _, k in HAPPY}

    (summary,) = artist_messages()
    assert "Idea: a swallow with a banner" in summary
    assert "Size category: large" in summary
    assert "Suggested deposit: £200" in summary
    assert "https://studio.test/a/" in summary  # one-tap links: approve, reject, open
    assert "weekdays after 2pm" in summary  # last inbound messages


def test_below_the_regional_minimum(ana: Chat) -> None:
    answers = [*HAPPY[:5], ("£150", "budget"), *HAPPY[6:]]
    transcript = qualify(ana, answers)
    assert ana.lead.status == "needs_follow_up"
    assert "£400" in transcript[-1][0]
    assert "needs follow up" in artist_messages()[0]


@pytest.fixture
def berlin_stop(db) -> TourStop:
    today = timezone.now().date()
    return TourStop.objects.create(
        city="Berlin", country="DE", start_date=today + timedelta(days=30), end_date=today + timedelta(days=33)
    )


def test_tour_conversion_accepted(ana: Chat, berlin_stop: TourStop) -> None:
    transcript = qualify(ana, [*HAPPY[:6], ("Munich", "city"), HAPPY[7]])
    assert "Berlin" in transcript[-1][0]
    assert ana.lead.status == "tour_conversion_offered"
    offer = OutboundMessage.objects.filter(to=ana.phone).latest("id")
    assert offer.kind == "buttons"
    assert [b["title"] for b in offer.payload["buttons"]] == ["YES", "NO"]

    reply = ana.taps("tour_yes", "YES")
    lead = ana.lead
    assert lead.status == "pending_approval"
    assert lead.tour_stop_id == berlin_stop.pk
    assert "Berlin" in reply[0]
    assert any("Tour stop: Berlin" in m for m in artist_messages())


def test_tour_conversion_declined_goes_to_waitlist(ana: Chat, berlin_stop: TourStop) -> None:
    qualify(ana, [*HAPPY[:6], ("Munich", "city"), HAPPY[7]])
    reply = ana.says("no thanks")
    assert ana.lead.status == "waitlisted"
    assert "waitlist" in reply[0]


def test_city_not_served_without_tour_stops_is_waitlisted(ana: Chat) -> None:
    transcript = qualify(ana, [*HAPPY[:6], ("Tokyo", "city"), ("no", "travel"), HAPPY[7]])
    assert "Could you travel to London for the session?" in transcript[-3][-1]
    assert ana.lead.status == "waitlisted"
    assert ana.lead.can_travel is False
    assert "Tokyo" in transcript[-1][0]


def test_handover_by_phrase_and_continue_back_to_the_same_question(ana: Chat) -> None:
    ana.says("hello")
    ana.says("a koi fish")
    reply = ana.says("Can I speak to the artist please?")
    lead = ana.lead
    assert lead.status == "needs_artist_reply"
    assert lead.needs_artist is True
    assert "CONTINUE" in reply[0]
    assert len(artist_messages()) == 1
    assert "Can I speak to the artist please?" in artist_messages()[0]

    holding = ana.says("hello??")
    assert len(holding) == 1
    assert ana.says("anyone?") == []  # one holding reply per cooldown

    back = ana.says("CONTINUE")
    assert ana.lead.status == "qualifying"
    assert "Where on your body" in back[0]
    assert ana.lead.current_question == "placement"


def test_opt_out_silence_and_start(ana: Chat) -> None:
    ana.says("hi")
    ana.says("a rose")
    confirmation = ana.says("STOP")
    assert len(confirmation) == 1
    assert "START" in confirmation[0]
    customer = Customer.objects.get(wa_id=ana.phone)
    assert customer.opted_out is True
    assert ana.lead.status == "optout"

    assert ana.says("hello?") == []
    assert ana.says("STOP") == []  # one confirmation, then silence

    restart = ana.says("START")
    assert ana.lead.status == "qualifying"
    assert ana.lead.current_question == "idea"
    assert "What would you like tattooed?" in restart[-1]
    assert Customer.objects.get(pk=customer.pk).opted_out is False


def test_erasure_removes_every_trace(ana: Chat) -> None:
    qualify(ana)
    ana.sends_image()
    lead_id = ana.lead.pk
    media = ReferenceMedia.objects.get(lead_id=lead_id)
    assert media.media_id

    confirmation = ana.says("DELETE MY DATA")
    assert "deleted" in confirmation[0]
    assert any("delete their data" in m for m in artist_messages())
    lead = Lead.objects.get(pk=lead_id)
    assert lead.status == "optout"
    customer = lead.customer
    assert (customer.wa_id, customer.profile_name, customer.opted_out) == (None, "", True)
    assert customer.erased_at is not None
    assert customer.phone_hash

    # Deliver the confirmation (it is the only message that may still carry the number) …
    from conversations.messaging.sending import outbound_send_queue

    outbound_send_queue(to=ana.phone)
    # … then no table holds anything the customer told us.
    erased = [
        "Ana Test",
        "447700900123",
        "swallow",
        "forearm",
        "banner",
        "weekdays after 2pm",
        "fine line",
        media.media_id,
    ]
    from tests.conversations.search import find_strings

    assert find_strings(erased) == []


def test_media_at_the_wrong_step_is_kept_and_the_question_re_asked(ana: Chat) -> None:
    ana.says("hi")
    reply = ana.sends_image()
    assert "saved" in reply[0] or "image" in reply[0] or "kept" in reply[0]
    assert "What would you like tattooed?" in reply[0]
    assert ana.lead.current_question == "idea"
    assert ReferenceMedia.objects.filter(lead=ana.lead).count() == 1


def test_two_parse_failures_hand_over(ana: Chat) -> None:
    for text, _ in [("hi", ""), *HAPPY[:2]]:
        ana.says(text)
    first = ana.says("dunno really")
    assert "E.g. 10x15 cm or 4x6 in" in first[0]
    assert ana.lead.status == "qualifying"
    second = ana.says("whatever you think")
    lead = ana.lead
    assert lead.status == "needs_artist_reply"
    assert lead.handover_reason == "parse_failure:size"
    assert len(second) == 1
    assert "couldn't read their size twice" in artist_messages()[-1]


def test_panic_mode(ana: Chat) -> None:
    ana.says("hi")
    StudioSettings.objects.filter(pk=1).update(panic_mode=True)
    assert ana.says("a dragon on my back") == []
    assert ana.lead.current_question == "idea"  # the engine did not run
    assert "panic mode" in artist_messages()[-1]
    assert ana.says("STOP") != []  # the opt-out confirmation still goes


def test_a_message_after_booked_is_with_the_artist_and_the_customer_hears_so_once(ana: Chat) -> None:
    ana.says("hi")
    lead = ana.lead
    Lead.objects.filter(pk=lead.pk).update(status="booked")
    [holding] = ana.says("see you next week!")
    assert "The Artist" in holding
    assert ana.says("and thanks again") == []  # once per holding cooldown
    assert ana.lead.status == "booked"
    assert ana.lead.pk == lead.pk


@pytest.mark.parametrize("status", ["booked", "cancelled", "rejected", "waitlisted", "completed", "no_show"])
def test_a_message_kept_for_the_artist_tells_the_artist_once_per_holding_cooldown(ana: Chat, status: str) -> None:
    ana.says("hi")
    lead = ana.lead
    Lead.objects.filter(pk=lead.pk).update(status=status)
    told = len(artist_messages())
    # booked (r2): the customer hears once per holding cooldown that the artist has the message.
    holding = 1 if status == "booked" else 0

    assert len(ana.says("can I bring a friend along?")) == holding
    assert ana.says("and is parking ok?") == []  # within the cooldown: kept, not told again
    messages = artist_messages()
    assert len(messages) == told + 1
    assert "wrote about request #" in messages[-1]
    assert "can I bring a friend along?" in messages[-1]
    assert ana.lead.status == status

    minutes = StudioSettings.load().holding_reply_cooldown_minutes
    with time_machine.travel(timezone.now() + timedelta(minutes=minutes + 1)):
        assert len(ana.says("hello?")) == holding
    assert len(artist_messages()) == told + 2
    assert '"hello?"' in artist_messages()[-1]


def test_a_message_while_the_deposit_was_just_paid_tells_nobody(ana: Chat) -> None:
    ana.says("hi")
    Lead.objects.filter(pk=ana.lead.pk).update(status="deposit_paid")
    told = len(artist_messages())
    assert ana.says("paid!") == []
    assert len(artist_messages()) == told


def test_a_new_enquiry_thirty_one_days_after_rejection(ana: Chat) -> None:
    qualify(ana)
    lead = ana.lead
    lead_transition(lead=lead, name="reject", reason="not my style", actor="artist:x")
    assert ana.says("ok thanks") == []
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        reply = ana.says("Hi again, new idea!")
    new = ana.lead
    assert new.pk != lead.pk
    assert new.status == "qualifying"
    assert "What would you like tattooed?" in reply[-1]


def test_a_london_district_counts_as_the_home_city(ana: Chat) -> None:
    qualify(ana, [*HAPPY[:6], ("Brixton", "city"), HAPPY[7]])
    assert ana.lead.status == "pending_approval"


def test_an_ambiguous_uk_town_is_read_in_the_studio_country(ana: Chat) -> None:
    qualify(ana, [*HAPPY[:6], ("Newcastle", "city"), ("no", "travel"), HAPPY[7]])
    lead = ana.lead
    assert (lead.country, lead.region) == ("GB", "uk")
    assert lead.status == "waitlisted"  # not London, no tour stop, cannot travel


def test_unknown_city_asks_for_the_country_once(ana: Chat) -> None:
    reply = qualify(ana, [*HAPPY[:6], ("Zzyzxville", "city")])[-1]
    assert "Which country is Zzyzxville in?" in reply[0]
    confirm = ana.says("Germany")
    lead = ana.lead
    assert (lead.city, lead.country, lead.region) == ("Zzyzxville", "DE", "europe")
    assert "Zzyzxville" in confirm[0]


def test_cover_up_is_handed_to_the_artist_after_the_last_answer(ana: Chat) -> None:
    qualify(ana, [("a cover-up of an old tribal band", "idea"), *HAPPY[1:]])
    lead = ana.lead
    assert lead.is_cover_up is True
    assert lead.status == "needs_artist_reply"
    assert lead.handover_reason == "cover_up"
    assert "Needs you: it's a cover-up or rework" in artist_messages()[-1]


def test_complexity_three_hands_over(ana: Chat) -> None:
    from leads.models import Question

    Question.objects.filter(key="complexity").update(active=True, position=85)
    qualify(ana)
    buttons = OutboundMessage.objects.filter(to=ana.phone).latest("id")
    assert buttons.kind == "buttons"
    assert [b["title"] for b in buttons.payload["buttons"]] == ["Simple", "Medium", "Realism"]
    ana.taps("3", "Realism")
    lead = ana.lead
    assert lead.complexity == 3
    assert (lead.status, lead.handover_reason) == ("needs_artist_reply", "complexity_realism")


def test_only_a_size_at_idea_is_taken_for_the_size_and_the_idea_asked_again(ana: Chat) -> None:
    ana.says("hi")
    reply = ana.says("10x15cm")
    assert reply[0] in {"Got it — 10×15 cm.", "Noted: 10×15 cm.", "Lovely, so that's 10×15 cm."}
    assert "What would you like tattooed?" in reply[1]
    lead = ana.lead
    assert (lead.current_question, lead.size_width_cm, lead.size_height_cm) == ("idea", Decimal(10), Decimal(15))
    assert lead.parse_failures == {}


def test_several_answers_at_once_are_all_taken(ana: Chat) -> None:
    ana.says("hi")
    reply = ana.says("a wolf, 10x15, budget £400")
    assert "a wolf, 10×15 cm, £400" in reply[0]
    assert "Where on your body" in reply[1]
    lead = ana.lead
    assert (lead.idea, lead.size_text, lead.budget_min) == ("a wolf", "10x15", 40000)
    assert lead.current_question == "placement"
    assert set(Answer.objects.filter(lead=lead).values_list("question_key", flat=True)) == {"idea", "size", "budget"}
    assert set(Answer.objects.filter(lead=lead).values_list("raw_text", flat=True)) == {"a wolf, 10x15, budget £400"}


def test_reviewing_reply_once_per_cooldown(ana: Chat) -> None:
    qualify(ana)
    first = ana.says("any news?")
    assert len(first) == 1
    assert ana.says("hello?") == []
    with time_machine.travel(timezone.now() + timedelta(hours=7)):
        assert len(ana.says("still there?")) == 1
    assert ana.lead.status == "pending_approval"


@pytest.mark.parametrize("status", ["abandoned", "stale"])
def test_a_returning_customer_starts_again(ana: Chat, status: str) -> None:
    ana.says("hi")
    Lead.objects.filter(pk=ana.lead.pk).update(status=status)
    reply = ana.says("sorry, I'm back")
    assert ana.lead.status == "qualifying"
    assert "What would you like tattooed?" in reply[-1]


def test_handover_after_approval_flags_without_changing_status(ana: Chat) -> None:
    qualify(ana)
    lead = lead_transition(lead=ana.lead, name="approve", actor="artist:x")
    reply = ana.says("I need a refund")
    lead.refresh_from_db()
    assert lead.status == "awaiting_deposit"
    assert (lead.needs_artist, lead.handover_reason) == (True, "refund")
    assert len(reply) == 1
    assert "mentioned a refund" in artist_messages()[-1]


def test_panic_mode_first_message_and_start(client) -> None:
    StudioSettings.objects.filter(pk=1).update(panic_mode=True)
    newcomer = Chat(client, phone="+447700900601")
    assert newcomer.says("hello!") == []
    assert newcomer.lead.status == "new"  # the engine did not run
    assert "panic mode" in artist_messages()[-1]

    returning = Chat(client, phone="+447700900602")
    StudioSettings.objects.filter(pk=1).update(panic_mode=False)
    returning.says("hi")
    returning.says("STOP")
    StudioSettings.objects.filter(pk=1).update(panic_mode=True)
    assert returning.says("START") == []
    assert returning.lead.status == "new"
    assert Customer.objects.get(wa_id=returning.phone).opted_out is False
