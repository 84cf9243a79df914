"""Every button and list title in every language (conversations/messaging/interactive.py): translated,
within Meta's limits, and a YES or NO typed as the button says is read as the answer; the answers said
back in each language (conversations/policy/said_back.py)."""

from __future__ import annotations

import pytest
from django.utils.functional import Promise

from conversations.messaging.copy import COMPLETE_LANGUAGES
from conversations.messaging.interactive import (
    BUTTON_TITLE,
    LIST_BUTTON,
    NO,
    OPTIONS,
    ROW_DESCRIPTION,
    ROW_TITLE,
    SAID_BACK,
    SECTION_TITLE,
    TITLES,
    YES,
    option_title,
    title,
    yes_no_buttons,
)
from conversations.policy.replies import parse_yes_no
from conversations.policy.said_back import placement_in, style_in
from conversations.policy.wordlists.body_words import SAID_PLACEMENTS, SAID_STYLES
from integrations.whatsapp.messages import MAX_BUTTON_TITLE, MAX_ROW_DESCRIPTION, MAX_ROW_TITLE

LANGUAGES = [language for language in COMPLETE_LANGUAGES if language != "en"]
# Words a language writes as English does.
SAME_AS_ENGLISH = {("es", "NO"), ("it", "NO"), ("fr", "Simple")}


def test_the_limits_are_meta_s() -> None:
    assert (BUTTON_TITLE, ROW_TITLE, ROW_DESCRIPTION) == (MAX_BUTTON_TITLE, MAX_ROW_TITLE, MAX_ROW_DESCRIPTION)
    assert (LIST_BUTTON, SECTION_TITLE) == (20, 24)


@pytest.mark.parametrize("language", COMPLETE_LANGUAGES)
@pytest.mark.parametrize(("text", "limit"), TITLES, ids=[str(text) for text, _limit in TITLES])
def test_every_title_fits_in_every_language(text: Promise, limit: int, language: str) -> None:
    shown = title(text, language)
    assert shown.strip(), (language, str(text))
    assert len(shown) <= limit, (language, shown, len(shown), limit)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("text", [text for text, _limit in TITLES] + list(SAID_BACK), ids=str)
def test_every_title_is_translated(text: Promise, language: str) -> None:
    english, shown = title(text, "en"), title(text, language)
    if (language, english) not in SAME_AS_ENGLISH:
        assert shown != english, (language, english)


@pytest.mark.parametrize("language", COMPLETE_LANGUAGES)
def test_yes_and_no_typed_as_the_buttons_say_are_read(language: str) -> None:
    yes, no = title(YES, language), title(NO, language)
    assert parse_yes_no(yes) is True, yes
    assert parse_yes_no(no) is False, no
    assert parse_yes_no(yes.lower()) is True
    assert [b["id"] for b in yes_no_buttons(language, "tour_yes", "tour_no")] == ["tour_yes", "tour_no"]


def test_a_choice_option_the_catalogs_know_is_translated_and_the_studio_s_own_is_kept() -> None:
    assert [option_title(str(title(option, "en")), "es") for option in OPTIONS] == ["Sencillo", "Medio", "Realismo"]
    assert option_title("Tiny script", "de") == "Tiny script"
    assert option_title("Medium", "en") == "Medium"


@pytest.mark.parametrize(
    ("value", "language", "said"),
    [
        ("left forearm", "es", "antebrazo izquierdo"), ("right wrist", "es", "muñeca derecha"),
        ("left shoulder", "fr", "épaule gauche"), ("right shoulder", "fr", "épaule droite"),
        ("left forearm", "de", "linker Unterarm"), ("right shoulder", "de", "rechte Schulter"),
        ("left leg", "de", "linkes Bein"), ("left upper arm", "pt", "parte de cima do braço esquerdo"),
        ("right ankle", "pt", "tornozelo direito"), ("left ankle", "it", "caviglia sinistra"),
        ("ribs", "it", "costole"), ("lower back", "fr", "bas du dos"), ("Left Forearm", "es", "antebrazo izquierdo"),
    ],
)  # fmt: skip
def test_a_placement_is_said_back_in_the_customer_s_language(value: str, language: str, said: str) -> None:
    assert placement_in(value, language) == said


@pytest.mark.parametrize(
    ("value", "language", "said"),
    [
        ("fine line", "es", "línea fina"), ("fine-line", "fr", "trait fin"), ("black & grey", "de", "Schwarz-Grau"),
        ("watercolor", "pt", "aquarela"), ("neo-traditional", "it", "neotradizionale"),
    ],
)  # fmt: skip
def test_a_style_is_said_back_in_the_customer_s_language(value: str, language: str, said: str) -> None:
    assert style_in(value, language) == said


@pytest.mark.parametrize(
    ("value", "language"),
    [("left ankles", "es"), ("left full sleeve", "de"), ("my grandmother's name", "fr"), ("forearm", "en")],
)
def test_what_the_tables_do_not_know_is_shown_as_written(value: str, language: str) -> None:
    assert placement_in(value, language) is None
    assert style_in("blackwork", language) is None


def test_the_tables_say_back_the_same_words_in_every_language() -> None:
    assert set(SAID_PLACEMENTS) == set(SAID_STYLES) == set(LANGUAGES)
    for language in LANGUAGES:
        assert set(SAID_PLACEMENTS[language]) == set(SAID_PLACEMENTS["es"]), language
        assert set(SAID_STYLES[language]) == set(SAID_STYLES["es"]), language
