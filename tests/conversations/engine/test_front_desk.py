"""Whole conversations that start the way real ones do (docs/conversation.md "The front desk listens").

Each asserts every reply (by what it must say, whatever the variant), the
answers stored and the status. The first five are the ones that went wrong
before the front desk listened.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from conversations.models import CopyOverride, OutboundMessage
from leads.models import Answer, FaqEntry, StudioSettings, TourStop
from tests.conversations.chat import ARTIST, artist_messages
from tests.conversations.chat import Customer as Chat

pytestmark = pytest.mark.django_db

WELCOME = ("booking assistant", "I help ")
IDEA = "What would you like tattooed?"
PLACEMENT = "Where on your body would it go?"
SIZE = "Roughly how big"
STYLE = "Which style are you after?"
REFERENCES = "send a reference image"
BUDGET = "What's your budget?"
CITY = "Which city are you based in?"
TRAVEL = "Could you travel to London for the session?"
AVAILABILITY = "When are you usually free?"
TAKEN = ("Got it — ", "Noted: ", "Lovely, so that's ")
CORRECTED = ("I've changed that: ", "Updated: ", "corrected to ")
QUALIFIED = ("That's everything, thank you!", "that's all I need", "All done, thanks!")
KEPT = ("I've passed it to", "I'll leave that one for", "is the best person to answer that")


def turn(chat: Chat, text: str, *expected: str | tuple[str, ...]) -> list[str]:
    """Send ``text``; the replies are exactly as many as ``expected``, each saying its part."""
    replies = chat.says(text)
    assert len(replies) == len(expected), replies
    for reply, part in zip(replies, expected, strict=True):
        options = part if isinstance(part, tuple) else (part,)
        assert any(option in reply for option in options), (reply, options)
    return replies


def answers(chat: Chat) -> dict[str, str]:
    return dict(Answer.objects.filter(lead=chat.lead).values_list("question_key", "raw_text"))


def customer_texts() -> list[str]:
    return list(OutboundMessage.objects.exclude(to=ARTIST).values_list("text", flat=True))


def test_a_price_question_first_is_answered_and_the_placement_kept(ana: Chat) -> None:
    first = turn(
        ana, "Hi, how much for a small tattoo on my wrist?", WELCOME, "your wrist", "There's no price list", IDEA
    )
    assert "£150–200" in first[2]  # the deposit range from the rules, never an invented price
    lead = ana.lead
    assert (lead.status, lead.current_question, lead.placement, lead.idea) == ("qualifying", "idea", "wrist", "")
    turn(ana, "a little swallow", SIZE)  # placement is not asked again
    assert ana.lead.idea == "a little swallow"
    assert answers(ana)["placement"] == "Hi, how much for a small tattoo on my wrist?"


def test_a_whole_enquiry_in_the_first_message_is_taken_in_one_line(ana: Chat) -> None:
    text = "Hello! I'd like a fine line rose on my ankle, about 5x5cm, budget £200. I'm in London"
    replies = turn(ana, text, WELCOME, TAKEN, REFERENCES)
    assert "a fine line rose on your ankle, 5×5 cm, £200, London." in replies[1]
    lead = ana.lead
    assert (lead.idea, lead.placement, lead.style, lead.city) == (
        "a fine line rose on my ankle",
        "ankle",
        "fine line",
        "London",
    )
    assert (lead.size_width_cm, lead.size_height_cm, lead.budget_min, lead.budget_max) == (
        Decimal(5),
        Decimal(5),
        20000,
        20000,
    )
    assert set(answers(ana)) == {"idea", "placement", "size", "style", "budget", "city"}
    assert set(answers(ana).values()) == {text}  # each answer keeps the message as its raw text
    turn(ana, "SKIP", AVAILABILITY)
    turn(ana, "weekday mornings", "get back to you")
    assert ana.lead.status == "needs_follow_up"  # £200 is under the UK minimum
    assert ana.lead.availability == "weekday mornings"


def test_a_question_at_the_placement_step_is_answered_not_stored(ana: Chat) -> None:
    turn(ana, "hi", WELCOME, IDEA)
    turn(ana, "a koi", PLACEMENT)
    turn(ana, "Do you do colour work?", "colour and black & grey", PLACEMENT)
    assert ana.lead.placement == ""
    turn(ana, "left calf", SIZE)
    assert ana.lead.placement == "left calf"


def test_questions_at_the_size_step_never_count_as_failures(ana: Chat) -> None:
    turn(ana, "hi", WELCOME, IDEA)
    turn(ana, "a koi", PLACEMENT)
    turn(ana, "calf", SIZE)
    turn(ana, "where is your studio?", "The studio is in London", SIZE)
    turn(ana, "what time do you open?", "Mon–Fri 10:00–18:00, Sat 10:00–16:00", SIZE)
    assert ana.lead.parse_failures == {}
    turn(ana, "not sure yet", "10x15 cm or 4x6 in")  # the first real failure: the example
    lead = ana.lead
    assert (lead.status, lead.parse_failures) == ("qualifying", {"size": 1})
    turn(ana, "20x10", STYLE)


def test_bristol_for_a_london_artist_is_asked_about_travel_and_yes_goes_ahead(ana: Chat) -> None:
    turn(ana, "hi", WELCOME, IDEA)
    turn(ana, "a koi on my calf, 20x10, £900", TAKEN, STYLE)
    turn(ana, "japanese", REFERENCES)
    turn(ana, "skip", CITY)  # the budget was in the bundle
    turn(ana, "Bristol", ("20×10 cm, Bristol, £900",), TRAVEL)
    assert ana.lead.status == "qualifying"
    turn(ana, "yes", AVAILABILITY)
    turn(ana, "weekends", QUALIFIED)
    lead = ana.lead
    assert (lead.status, lead.can_travel, lead.city, lead.region) == ("pending_approval", True, "Bristol", "uk")


def test_no_to_travel_with_no_tour_stop_is_waitlisted(ana: Chat) -> None:
    turn(ana, "hi", WELCOME, IDEA)
    turn(ana, "a rose on my arm, 10x10, £500", TAKEN, STYLE)
    turn(ana, "fine line", REFERENCES)
    turn(ana, "no", CITY)
    turn(ana, "I'm in Madrid", "Madrid", "Could you travel to London")
    turn(ana, "no", AVAILABILITY)
    turn(ana, "any time", "Madrid")
    lead = ana.lead
    assert (lead.status, lead.can_travel) == ("waitlisted", False)


def test_a_tour_stop_in_the_country_is_offered_and_travel_not_asked(ana: Chat) -> None:
    today = timezone.now().date()
    TourStop.objects.create(
        city="Munich", country="DE", start_date=today + timedelta(days=20), end_date=today + timedelta(days=23)
    )
    turn(ana, "Hi! A wolf on my forearm, 12x12cm, budget €800, I live in Berlin", WELCOME, TAKEN, STYLE)
    turn(ana, "blackwork", REFERENCES)
    turn(ana, "skip", AVAILABILITY)
    turn(ana, "weekends", "Munich")
    lead = ana.lead
    assert (lead.status, lead.can_travel, getattr(lead.tour_stop, "city", "")) == (
        "tour_conversion_offered",
        None,
        "Munich",
    )
    assert "travel" not in answers(ana)


def test_number_words_and_shorthand(ana: Chat) -> None:
    turn(ana, "hi", WELCOME, IDEA)
    turn(ana, "a lighthouse", PLACEMENT)
    turn(ana, "shoulder", SIZE)
    turn(ana, "ten by fifteen cm", STYLE)
    turn(ana, "illustrative", REFERENCES)
    turn(ana, "skip", BUDGET)
    turn(ana, "around 4-500", CITY)
    lead = ana.lead
    assert (lead.size_width_cm, lead.size_height_cm) == (Decimal(10), Decimal(15))
    assert (lead.budget_min, lead.budget_max) == (40000, 50000)
    turn(ana, "sorry I meant six hundred pounds", CORRECTED, CITY)
    assert (ana.lead.budget_min, ana.lead.budget_max) == (60000, 60000)


def test_corrections_replace_the_answer_and_ask_the_current_question_again(ana: Chat) -> None:
    turn(ana, "hi", WELCOME, IDEA)
    turn(ana, "a koi on my calf, 20x10, £900, I'm in Leeds", TAKEN, STYLE)
    turn(ana, "actually make it 8x8", ("8×8 cm",), STYLE)
    turn(ana, "sorry, I meant £600", ("£600",), STYLE)
    turn(ana, "change the placement to my thigh", ("thigh",), STYLE)
    turn(ana, "no wait, Manchester", ("Manchester",), STYLE)
    lead = ana.lead
    assert (lead.size_width_cm, lead.budget_min, lead.placement, lead.city) == (
        Decimal(8),
        60000,
        "thigh",
        "Manchester",
    )
    assert lead.size_category == "medium"
    assert answers(ana)["size"] == "actually make it 8x8"  # latest wins
    assert Answer.objects.filter(lead=lead).count() == 5
    turn(ana, "japanese", REFERENCES)


def test_an_unmatched_question_is_kept_for_the_artist(ana: Chat, staff_client) -> None:
    turn(ana, "hi", WELCOME, IDEA)
    turn(ana, "Do you do piercings as well?", KEPT, IDEA)
    for text in ["a fox on my hip, 10x10, £500, London", "neo traditional", "skip"]:
        ana.says(text)
    assert ana.lead.current_question == "availability"
    ana.says("weekends")
    lead = ana.lead
    assert lead.status == "pending_approval"
    assert [q["text"] for q in lead.open_questions] == ["Do you do piercings as well?"]
    summary = artist_messages()[-1]
    assert "Questions for you:\n- Do you do piercings as well?" in summary
    body = staff_client.get(f"/api/leads/{lead.pk}/").json()
    assert [q["text"] for q in body["questions"]] == ["Do you do piercings as well?"]


def test_a_message_that_asks_and_answers_is_stored_and_its_question_kept(ana: Chat) -> None:
    turn(ana, "hi", WELCOME, IDEA)
    turn(ana, "a moth", PLACEMENT)
    turn(ana, "sternum", SIZE)
    turn(ana, "Is 15x15 too big?", TAKEN, KEPT, STYLE)
    assert (ana.lead.size_width_cm, ana.lead.size_height_cm) == (Decimal(15), Decimal(15))
    assert [q["text"] for q in ana.lead.open_questions] == ["Is 15x15 too big?"]


def test_look_alikes_are_ideas(ana: Chat) -> None:
    turn(ana, "hi", WELCOME, IDEA)
    turn(ana, "human skull with roses", PLACEMENT)
    lead = ana.lead
    assert (lead.status, lead.idea) == ("qualifying", "human skull with roses")
    assert artist_messages() == []


def test_a_small_dragon_is_an_idea_not_a_size(ana: Chat) -> None:
    turn(ana, "hi", WELCOME, IDEA)
    turn(ana, "A small dragon", PLACEMENT)
    assert (ana.lead.idea, ana.lead.size_text) == ("A small dragon", "")


def test_an_image_before_its_question_answers_it_and_the_question_is_skipped(ana: Chat) -> None:
    turn(ana, "hi", WELCOME, IDEA)
    reply = ana.sends_image()
    assert len(reply) == 1
    assert IDEA in reply[0]
    assert "references" in answers(ana)
    turn(ana, "a swallow", PLACEMENT)
    turn(ana, "wrist", SIZE)
    turn(ana, "5x5", STYLE)
    turn(ana, "fine line", BUDGET)  # references were sent already


def test_the_estimate_reaches_the_artist_and_never_the_customer(ana: Chat) -> None:
    turn(
        ana,
        "Hi! I'd like a realistic lion on my thigh, 20x25cm, budget £1500, I'm in London",
        WELCOME,
        TAKEN,
        REFERENCES,
    )
    lead = ana.lead
    assert (lead.size_category, lead.estimate_min, lead.estimate_max) == ("xl", 123500, 143000)
    ana.says("skip")
    ana.says("weekends")
    assert ana.lead.status == "pending_approval"
    assert "about £1,235–1,430" in artist_messages()[-1]
    for text in customer_texts():
        for figure in ("1,235", "1,430", "1235", "1430"):
            assert figure not in text


def test_the_first_message_greeting_alone_gets_the_welcome_and_the_first_question(ana: Chat) -> None:
    turn(ana, "Hiya 👋", WELCOME, IDEA)
    assert Answer.objects.filter(lead=ana.lead).count() == 0


def test_an_override_of_the_wording_is_used_and_removing_it_restores_the_file(client: Client) -> None:
    override = CopyOverride.objects.create(template="welcome", body="Hey {{ name }}, {{ artist }} here!")
    studio = StudioSettings.load()
    studio.artist_name = "Mika"
    studio.save()  # the one artist's name too
    first = Chat(client).says("hi")
    assert first[0] == "Hey Ana, Mika here!"
    override.delete()
    again = Chat(client, phone="+447700900124", name="Bo").says("hi")
    assert any(words in again[0] for words in WELCOME)


def test_a_disabled_faq_entry_is_not_used(ana: Chat) -> None:
    FaqEntry.objects.filter(topic="location").update(active=False)
    turn(ana, "hi", WELCOME, IDEA)
    turn(ana, "where is your studio?", KEPT, IDEA)


def test_tour_stop_far_away_still_offered_to_a_customer_who_cannot_travel(ana: Chat) -> None:
    TourStop.objects.create(
        city="Berlin",
        country="DE",
        start_date=date.today() + timedelta(days=10),
        end_date=date.today() + timedelta(days=12),
    )
    for text in ["hi", "a rose on my arm, 10x10, £500, I'm from Bristol", "fine line", "skip"]:
        ana.says(text)
    assert ana.lead.current_question == "travel"
    ana.says("no")
    ana.says("weekends")
    assert (ana.lead.status, getattr(ana.lead.tour_stop, "city", "")) == ("tour_conversion_offered", "Berlin")


def test_erasure_removes_the_kept_questions(ana: Chat) -> None:
    turn(ana, "hi", WELCOME, IDEA)
    turn(ana, "Do you do piercings as well?", KEPT, IDEA)
    ana.says("DELETE MY DATA")
    lead = ana.lead
    assert (lead.status, lead.open_questions) == ("optout", [])


def test_the_studio_extends_the_vocabularies(ana: Chat) -> None:
    StudioSettings.objects.filter(pk=1).update(extra_placements="septum\nearlobe", extra_styles="trash polka")
    turn(ana, "Hi! A trash polka crow on my earlobe, 3x3cm", WELCOME, TAKEN, REFERENCES)
    lead = ana.lead
    assert (lead.placement, lead.style, lead.idea) == ("earlobe", "trash polka", "A trash polka crow on my earlobe")
