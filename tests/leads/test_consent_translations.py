"""The consent questions' own words per language (docs/booking.md, "Consent form"): ``translations``
checked in admin, ``text_in`` falling back to English, and migration 0027 translating only the seeded
questions the studio left as they were."""

from __future__ import annotations

import importlib
import json
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client

from leads.models import ConsentKind, ConsentQuestion
from leads.models.consent import validate_consent_translations

seeding = importlib.import_module("leads.migrations.0027_consent_question_translations")
PREGNANT = "Are you pregnant or breastfeeding?"
OTHERS = ("es", "fr", "de", "pt", "it")


@pytest.fixture
def artist() -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("mika", password="pw-mika-123"))
    return client


def add_form(**fields: Any) -> dict[str, Any]:
    data = {"text": "Do you bruise easily?", "help": "", "translations": "{}", "kind": "yes_no"}
    data |= {"required": "on", "position": "200", "active": "on"}
    return data | fields


# --- the check ---------------------------------------------------------------------------------------------


BAD: list[object] = [
    [],
    "es",
    {"en": {"text": "English is the text itself"}},
    {"xx": {"text": "?"}},
    {"ES": {"text": "?"}},
    {"es": "¿Te salen moratones?"},
    {"es": {"help": "solo ayuda"}},
    {"es": {"text": "   "}},
    {"es": {"text": "¿Moratones?", "example": "no"}},
    {"es": {"text": "¿Moratones?", "help": 3}},
    {"es": {"text": "x" * 501}},
]


@pytest.mark.parametrize("bad", BAD)
def test_a_wrong_language_or_shape_is_refused(bad: object) -> None:
    with pytest.raises(ValidationError):
        validate_consent_translations(bad)


def test_a_text_with_or_without_a_help_line_is_accepted() -> None:
    validate_consent_translations({})
    validate_consent_translations({"es": {"text": "¿Te salen moratones con facilidad?"}})
    validate_consent_translations({"de": {"text": "Bekommst du leicht blaue Flecken?", "help": "Auch ohne Stoß."}})


@pytest.mark.django_db
def test_text_in_falls_back_to_english_part_by_part() -> None:
    row = ConsentQuestion(text="Do you bruise easily?", help="Even without a knock.", kind=ConsentKind.YES_NO)
    assert row.text_in("es") == ("Do you bruise easily?", "Even without a knock.")
    row.translations = {"es": {"text": "¿Te salen moratones con facilidad?"}}
    assert row.text_in("es") == ("¿Te salen moratones con facilidad?", "Even without a knock.")
    assert row.text_in("en") == ("Do you bruise easily?", "Even without a knock.")
    assert row.text_in("fr") == ("Do you bruise easily?", "Even without a knock.")
    seeded = ConsentQuestion.objects.get(text=PREGNANT)
    assert seeded.text_in("de") == ("Bist du schwanger oder stillst du?", "")


# --- admin -------------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "translations",
    ['{"xx": {"text": "?"}}', '{"es": "¿Moratones?"}', '{"es": {"texto": "¿Moratones?"}}', "not json", "[]"],
)
def test_admin_refuses_bad_translations_and_saves_nothing(artist: Client, translations: str) -> None:
    before = ConsentQuestion.objects.count()
    response = artist.post("/admin/leads/consentquestion/add/", add_form(translations=translations))
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert ConsentQuestion.objects.count() == before

    row = ConsentQuestion.objects.get(text=PREGNANT)
    url = f"/admin/leads/consentquestion/{row.pk}/change/"
    response = artist.post(url, add_form(text=PREGNANT, translations=translations))
    assert response.status_code == 200
    row.refresh_from_db()
    assert row.text == PREGNANT
    assert set(row.translations) == set(OTHERS)


@pytest.mark.django_db
def test_admin_saves_a_question_with_its_translations_and_lists_them(artist: Client) -> None:
    own = {"es": {"text": "¿Te salen moratones con facilidad?", "help": "Aunque no te des un golpe."}}
    response = artist.post(
        "/admin/leads/consentquestion/add/",
        add_form(help="Even without a knock.", translations=json.dumps(own, ensure_ascii=False)),
    )
    assert response.status_code == 302
    row = ConsentQuestion.objects.get(text="Do you bruise easily?")
    assert (row.help, row.translations) == ("Even without a knock.", own)
    listing = artist.get("/admin/leads/consentquestion/").content.decode()
    assert "also in" in listing.lower()
    assert "de, es, fr, it, pt" in listing  # a seeded question
    edit = artist.get(f"/admin/leads/consentquestion/{row.pk}/change/").content.decode()
    assert 'name="translations"' in edit
    assert 'name="help"' in edit

    cleared = artist.post(f"/admin/leads/consentquestion/{row.pk}/change/", add_form(translations=""))
    assert cleared.status_code == 302
    row.refresh_from_db()
    assert row.translations == {}


# --- migration 0027 ----------------------------------------------------------------------------------------


def test_the_translations_are_for_the_english_texts_as_seeded() -> None:
    seeded = importlib.import_module("leads.migrations.0022_consent_forms")
    assert list(seeding.TEXTS) == [text for text, _kind, _required in seeded.QUESTIONS]
    for english, texts in seeding.TEXTS.items():
        assert set(texts) == set(OTHERS), english
        validate_consent_translations({language: {"text": text} for language, text in texts.items()})
        assert all(text.strip() == text and text[-1] in ".?" for text in texts.values()), english


@pytest.mark.django_db
def test_the_migration_translates_only_the_questions_left_as_seeded() -> None:
    ConsentQuestion.objects.update(translations={})
    reworded = ConsentQuestion.objects.get(text=PREGNANT)
    reworded.text = "Are you pregnant, trying to conceive or breastfeeding?"
    reworded.save()
    own = ConsentQuestion.objects.get(text__startswith="I understand a tattoo is permanent")
    own.translations = {"es": {"text": "Sé que un tatuaje es para siempre."}}
    own.save()
    added = ConsentQuestion.objects.create(text="Do you bruise easily?", kind=ConsentKind.YES_NO, position=200)

    seeding.seed(apps, None)

    for row in ConsentQuestion.objects.exclude(pk__in=[reworded.pk, own.pk, added.pk]):
        expected = {language: {"text": text} for language, text in seeding.TEXTS[row.text].items()}
        assert row.translations == expected, row.text
    reworded.refresh_from_db()
    own.refresh_from_db()
    added.refresh_from_db()
    assert reworded.translations == {}
    assert own.translations == {"es": {"text": "Sé que un tatuaje es para siempre."}}
    assert added.translations == {}
    assert ConsentQuestion.objects.exclude(translations={}).count() == len(seeding.TEXTS) - 1

    seeding.seed(apps, None)  # twice changes nothing
    own.refresh_from_db()
    assert own.translations == {"es": {"text": "Sé que un tatuaje es para siempre."}}
