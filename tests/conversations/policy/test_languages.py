"""Which language a customer writes in, and asking for another (pure): tables per language."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conversations.policy.languages import LANGUAGES, detect_language, language_for_country, language_switch
from conversations.policy.replies import is_skip

DETECTED = [
    ("hola", "es"),
    ("Hola!", "es"),
    ("buenas tardes", "es"),
    ("Quiero hacer un tatuaje en el brazo", "es"),
    ("hola, quiero un tatuaje pequeño", "es"),
    ("bonjour", "fr"),
    ("Bonsoir !", "fr"),
    ("Je voudrais un tatouage sur le bras", "fr"),
    ("salut, je veux un petit tatouage", "fr"),
    ("hallo", "de"),
    ("Guten Tag", "de"),
    ("Ich möchte ein Tattoo auf dem Arm", "de"),
    ("Hallo, ich will ein kleines Tattoo", "de"),
    ("olá", "pt"),
    ("ola", "pt"),
    ("bom dia", "pt"),
    ("Eu quero fazer uma tatuagem no braço", "pt"),
    ("ciao", "it"),
    ("Buongiorno!", "it"),
    ("Vorrei fare un tatuaggio sul braccio", "it"),
    ("ciao, vorrei un piccolo tatuaggio", "it"),
    ("hi", "en"),
    ("Hello!", "en"),
    ("I would like a tattoo on my arm", "en"),
]
UNCLEAR = ["no", "ok", "5cm", "si", "👍", "", "10x15", "£500", "Ana", "tattoo", "sí"]


@pytest.mark.parametrize(("text", "language"), DETECTED)
def test_a_clear_message_names_its_language(text: str, language: str) -> None:
    assert detect_language(text) == language


@pytest.mark.parametrize("text", UNCLEAR)
def test_a_message_that_could_be_several_says_nothing(text: str) -> None:
    assert detect_language(text) is None


def test_only_the_studio_s_languages_are_considered() -> None:
    assert detect_language("hola", ("en", "fr")) is None
    assert detect_language("Quiero hacer un tatuaje en el brazo", ("en", "fr")) is None
    assert detect_language("bonjour", ("en", "fr")) == "fr"


SWITCHES = [
    ("English please", "en"),
    ("english", "en"),
    ("in English", "en"),
    ("Can you speak English?", "en"),
    ("en español", "es"),
    ("En español por favor", "es"),
    ("español", "es"),
    ("en français", "fr"),
    ("en francais svp", "fr"),
    ("auf Deutsch", "de"),
    ("Auf Deutsch bitte", "de"),
    ("in italiano", "it"),
    ("italiano per favore", "it"),
    ("em português", "pt"),
    ("em portugues por favor", "pt"),
]


@pytest.mark.parametrize(("text", "language"), SWITCHES)
def test_asking_for_a_language(text: str, language: str) -> None:
    assert language_switch(text) == language


@pytest.mark.parametrize(
    "text", ["I love Italian food", "a German shepherd on my arm", "french bulldog", "hola", "the english rose"]
)
def test_a_language_named_inside_a_sentence_is_no_switch(text: str) -> None:
    assert language_switch(text) is None


@pytest.mark.parametrize(
    ("country", "language"),
    [
        ("GB", "en"),
        ("ES", "es"),
        ("MX", "es"),
        ("FR", "fr"),
        ("DE", "de"),
        ("AT", "de"),
        ("BR", "pt"),
        ("IT", "it"),
        ("JP", None),
    ],
)
def test_a_number_s_country(country: str, language: str | None) -> None:
    assert language_for_country(country) == language
    assert language_for_country(country, ("en",)) == (language if language == "en" else None)


@given(st.text(max_size=120))
def test_detection_is_one_of_the_spoken_or_none(text: str) -> None:
    assert detect_language(text) in (*LANGUAGES, None)
    assert language_switch(text) in (*LANGUAGES, None)


@pytest.mark.parametrize(
    "text",
    ["no tengo referencias", "No tengo", "ninguna", "je n'en ai pas", "aucune", "ich habe keine Bilder", "keine",
     "não tenho", "nenhuma", "non ho riferimenti", "nessuna", "todavía no", "pas encore", "noch nicht"],
)  # fmt: skip
def test_declining_an_optional_answer_in_each_language(text: str) -> None:
    assert is_skip(text)


@pytest.mark.parametrize("text", ["tengo una foto", "no tengo idea del tamaño", "keine Ahnung", "j'ai une photo"])
def test_an_answer_is_no_skip(text: str) -> None:
    assert not is_skip(text)
