"""A booked customer's own change, read from the text (pure): table of phrasings and look-alikes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conversations.policy.changes import CANCEL, RESCHEDULE, parse_change_intent, wants_to_keep

MOVES = [
    "reschedule",
    "Can I reschedule?",
    "I'd like to re-schedule",
    "can I move my appointment?",
    "I need to change the date",
    "need to change the date",
    "change the date please",
    "can't make it on Friday",
    "Can’t make it friday sorry",
    "I won't be able to come on Thursday",
    "something came up, can we do another day?",
    "could we push it back a week",
    "is a different time possible",
    "Can we rebook for later in the month?",
    "postpone please",
    "I need a new date",
    "Can I cancel and rebook?",
    "need to move my session",
    "could we swap the day",
    "can we change my booking to next week",
    "I cant come saturday",
    "unable to attend on the 12th",
    "Any chance of an earlier date?",
    "move it to next Tuesday?",
    "I can no longer make it",
    "RESCHEDULE",
]
CANCELS = [
    "cancel",
    "Cancel please",
    "cancel please 🙏",
    "please cancel my appointment",
    "I want to cancel",
    "I need to cancel the booking",
    "CANCEL!!",
    "I have to cancel, sorry",
    "can we call it off",
    "I don't want the tattoo anymore",
    "cancelling, sorry",
]
NEITHER = [
    "can I bring a friend?",
    "can I change the design?",
    "can I change my tattoo design?",
    "Can I change the placement to my arm?",
    "what time is my appointment?",
    "I don't want to cancel",
    "Do not cancel please",
    "no need to move it",
    "thanks, see you Friday!",
    "Can I make it bigger?",
    "is it ok if I am 10 minutes late",
    "how should I prepare for my appointment",
    "can I eat before the session",
    "will it hurt?",
    "See you then",
    "where is the studio",
    "Looking forward to the date!",
    "hi",
    "",
    "👍",
]


@pytest.mark.parametrize("text", MOVES)
def test_moves(text: str) -> None:
    assert parse_change_intent(text) == RESCHEDULE


@pytest.mark.parametrize("text", CANCELS)
def test_cancellations(text: str) -> None:
    assert parse_change_intent(text) == CANCEL


@pytest.mark.parametrize("text", NEITHER)
def test_look_alikes_are_neither(text: str) -> None:
    assert parse_change_intent(text) is None


@given(st.text(max_size=200))
def test_any_text_reads_as_one_of_three(text: str) -> None:
    assert parse_change_intent(text) in (RESCHEDULE, CANCEL, None)


@given(st.sampled_from(CANCELS), st.sampled_from(["", "!", " thanks", " 🙏"]))
def test_courtesy_around_a_cancellation_keeps_it(text: str, tail: str) -> None:
    assert parse_change_intent(text + tail) == CANCEL


@pytest.mark.parametrize(
    "text",
    ["never mind", "Nevermind!", "keep my appointment", "keep the original please", "forget it", "ok never mind",
     "I'll keep it", "no need after all", "cancel the move", "stay with the original time"],
)  # fmt: skip
def test_giving_up_a_move(text: str) -> None:
    assert wants_to_keep(text)


@pytest.mark.parametrize("text", ["1", "the second one", "keep it simple", "Friday", "keep the design", ""])
def test_a_pick_or_chat_is_not_giving_up(text: str) -> None:
    assert not wants_to_keep(text)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("¿Puedo cambiar la cita?", RESCHEDULE), ("necesito otra fecha", RESCHEDULE),
        ("no puedo ir el viernes", RESCHEDULE), ("quiero reprogramar", RESCHEDULE),
        ("quiero cancelar la cita", CANCEL), ("cancelar", CANCEL),
        ("je voudrais déplacer mon rendez-vous", RESCHEDULE), ("je ne peux pas venir jeudi", RESCHEDULE),
        ("on peut changer la date ?", RESCHEDULE), ("je dois annuler", CANCEL),
        ("Kann ich den Termin verschieben?", RESCHEDULE), ("ich kann nicht kommen", RESCHEDULE),
        ("ich muss absagen", CANCEL), ("bitte stornieren", CANCEL),
        ("posso remarcar?", RESCHEDULE), ("não posso ir sexta", RESCHEDULE), ("quero cancelar", CANCEL),
        ("posso spostare l'appuntamento?", RESCHEDULE), ("non posso venire", RESCHEDULE),
        ("devo disdire", CANCEL), ("vorrei annullare", CANCEL),
    ],
)  # fmt: skip
def test_moves_and_cancellations_in_other_languages(text: str, intent: str) -> None:
    assert parse_change_intent(text) == intent


@pytest.mark.parametrize(
    "text",
    ["no quiero cancelar", "je ne veux pas annuler", "¿puedo llevar a un amigo?", "el otro día vi tu trabajo",
     "kann ich eine Freundin mitbringen?", "posso portare un amico?", "quelle heure est mon rendez-vous ?",
     "a que horas é a sessão?"],
)  # fmt: skip
def test_look_alikes_in_other_languages(text: str) -> None:
    assert parse_change_intent(text) is None
