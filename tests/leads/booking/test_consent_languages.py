"""The consent form page in the customer's language (docs/booking.md, "Consent form"; docs/conversation.md
"Languages"): its words, the seeded questions, the errors, the signed and refused pages; English for a
question the studio wrote without a translation; the signed form keeps what the customer read."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client

from leads.booking.consent import ConsentInvalid, consent_sign, consent_token
from leads.models import Appointment, ConsentForm, ConsentKind, ConsentQuestion, Customer, Lead, StudioSettings

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
START = NOW + timedelta(days=2)  # Fri 4 Dec, 09:00–12:00
PREGNANT = "Are you pregnant or breastfeeding?"
ADULT = "I confirm I am 18 or older and will bring photo ID."
# The page's own words in English: none of them may be left on a page in another language.
ENGLISH_WORDS = (
    "Consent and health form",
    "For your appointment with",
    "Your answers go only to the studio",
    "Please confirm",
    "Type your full name to sign",
    "By typing your name",
    "Sign the form",
    " Yes</label>",  # "No" is Spanish and Italian too
    "Please check the answers marked below.",
    "Please tick this box to continue.",
    "Please answer yes or no.",
    "Please type your full name",
    PREGNANT,
    ADULT,
)


@pytest.fixture(autouse=True)
def clock() -> Iterator[Any]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def form_in(make_lead: Callable[..., Lead], language: str, *, start: datetime = START) -> ConsentForm:
    lead = make_lead(status="booked")
    Customer.objects.filter(pk=lead.customer_id).update(language=language)
    appointment = Appointment.objects.create(lead=lead, start=start, end=start + timedelta(hours=3))
    return ConsentForm.objects.create(lead=lead, appointment=appointment, sent_at=NOW)


def question(text: str) -> ConsentQuestion:
    return ConsentQuestion.objects.get(text=text)


def complete_answers() -> dict[str, str]:
    """Every yes/no "no", every box ticked, a name."""
    data = {"typed_name": "Ana Lima"}
    for row in ConsentQuestion.objects.filter(active=True):
        if row.kind == ConsentKind.YES_NO:
            data[f"q{row.pk}"] = "no"
        elif row.kind == ConsentKind.CHECKBOX:
            data[f"q{row.pk}"] = "yes"
    return data


def test_the_page_speaks_spanish_to_a_spanish_customer(make_lead: Callable[..., Lead], client: Client) -> None:
    form = form_in(make_lead, "es")
    response = client.get(f"/consent/{consent_token(form)}")
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Language"] == "es"
    assert '<html lang="es">' in html
    assert "<title>Formulario de consentimiento · " in html
    assert "<h1>Formulario de consentimiento y salud</h1>" in html
    assert "Para tu cita con" in html
    assert "vie 4 dic, 09:00–12:00 (hora de " in html  # the slot in Spanish words
    assert "¿Estás embarazada o en periodo de lactancia?" in html
    assert "Confirmo que tengo 18 años o más y que traeré un documento de identidad con foto." in html
    pregnant = question(PREGNANT).pk
    assert f'<input type="radio" name="q{pregnant}" value="yes"> Sí</label>' in html
    assert f'<input type="radio" name="q{pregnant}" value="no"> No</label>' in html
    assert "Escribe tu nombre completo para firmar" in html
    assert "Firmar el formulario</button>" in html
    for english in ENGLISH_WORDS:
        assert english not in html, english


def test_a_spanish_customer_s_missing_answers_are_explained_in_spanish(
    make_lead: Callable[..., Lead], client: Client
) -> None:
    form = form_in(make_lead, "es")
    adult = question(ADULT).pk
    data = {**complete_answers(), "typed_name": ""}
    del data[f"q{adult}"]
    response = client.post(f"/consent/{consent_token(form)}", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Revisa las respuestas marcadas abajo." in html
    assert f'<p class="error" id="q{adult}-error">Marca esta casilla para continuar.</p>' in html
    assert '<p class="error" id="typed_name-error">Escribe tu nombre completo para firmar.</p>' in html
    assert '<html lang="es">' in html
    form.refresh_from_db()
    assert form.signed_at is None


def test_the_page_speaks_german_to_a_german_customer(make_lead: Callable[..., Lead], client: Client) -> None:
    form = form_in(make_lead, "de")
    url = f"/consent/{consent_token(form)}"
    html = client.get(url).content.decode()
    assert '<html lang="de">' in html
    assert "<h1>Einverständnis- und Gesundheitsformular</h1>" in html
    assert "Für deinen Termin bei" in html
    assert "Bist du schwanger oder stillst du?" in html
    pregnant = question(PREGNANT).pk
    assert f'<input type="radio" name="q{pregnant}" value="yes"> Ja</label>' in html
    assert f'<input type="radio" name="q{pregnant}" value="no"> Nein</label>' in html

    data = {**complete_answers(), f"q{pregnant}": "vielleicht", "typed_name": "7"}
    html = client.post(url, data).content.decode()
    assert f'<p class="error" id="q{pregnant}-error">Bitte antworte mit Ja oder Nein.</p>' in html
    assert '<p class="error" id="typed_name-error">Bitte schreib deinen vollständigen Namen in Buchstaben.</p>' in html
    assert "Bitte prüf die unten markierten Antworten." in html
    for english in ENGLISH_WORDS:
        assert english not in html, english


@pytest.mark.parametrize("language", ["fr", "pt", "it"])
def test_the_page_and_its_errors_leave_no_english_in_the_other_languages(
    language: str, make_lead: Callable[..., Lead], client: Client
) -> None:
    form = form_in(make_lead, language)
    data = complete_answers()
    first_yes_no = ConsentQuestion.objects.filter(kind=ConsentKind.YES_NO).first()
    first_box = ConsentQuestion.objects.filter(kind=ConsentKind.CHECKBOX).first()
    assert first_yes_no is not None
    assert first_box is not None
    del data[f"q{first_yes_no.pk}"], data[f"q{first_box.pk}"]
    html = client.post(f"/consent/{consent_token(form)}", {**data, "typed_name": ""}).content.decode()
    assert f'<html lang="{language}">' in html
    assert html.count('class="error"') == 3
    for english in ENGLISH_WORDS:
        assert english not in html, english


def test_a_question_the_studio_reworded_without_a_translation_shows_in_english(
    make_lead: Callable[..., Lead], client: Client
) -> None:
    ConsentQuestion.objects.filter(text=PREGNANT).update(
        text="Are you pregnant, trying to conceive or breastfeeding?", translations={}
    )
    ConsentQuestion.objects.create(
        text="Have you had a tattoo in the last month?", kind=ConsentKind.YES_NO, position=75, help="Any size."
    )
    form = form_in(make_lead, "es")
    html = client.get(f"/consent/{consent_token(form)}").content.decode()
    assert "Are you pregnant, trying to conceive or breastfeeding?" in html
    assert "Have you had a tattoo in the last month?" in html
    assert "Any size." in html  # its help line, in English too
    assert "¿Tienes alguna alergia" in html  # the others stay Spanish
    assert "<h1>Formulario de consentimiento y salud</h1>" in html


def test_a_help_line_shows_in_the_customer_s_language_where_written(
    make_lead: Callable[..., Lead], client: Client
) -> None:
    row = question(PREGNANT)
    row.help = "We'll adapt or postpone the session."
    spanish = {"text": "¿Embarazada?", "help": "Adaptaremos o aplazaremos la sesión."}
    row.translations = {**row.translations, "es": spanish}
    row.save()
    html = client.get(f"/consent/{consent_token(form_in(make_lead, 'es'))}").content.decode()
    assert f'<p class="small help" id="q{row.pk}-help">Adaptaremos o aplazaremos la sesión.</p>' in html
    german = form_in(make_lead, "de", start=START + timedelta(hours=4))
    html = client.get(f"/consent/{consent_token(german)}").content.decode()
    assert "Bist du schwanger oder stillst du?" in html
    assert "We&#x27;ll adapt or postpone the session." in html  # no German help: the English


def test_the_signed_form_keeps_the_english_question_and_the_words_shown(
    make_lead: Callable[..., Lead], client: Client
) -> None:
    ConsentQuestion.objects.filter(text=ADULT).update(text="I am 18 or older.", translations={})
    form = form_in(make_lead, "es")
    url = f"/consent/{consent_token(form)}"
    response = client.post(url, complete_answers())
    html = response.content.decode()
    assert "¡Gracias!" in html
    assert "Tu formulario de consentimiento está firmado (2 de diciembre de 2026, 09:00)." in html
    assert "Nos vemos el vie 4 dic, 09:00–12:00 (hora de " in html
    form.refresh_from_db()
    by_question = {item["question"]: item for item in form.answers}
    assert by_question[PREGNANT] == {
        "question": PREGNANT,
        "shown": "¿Estás embarazada o en periodo de lactancia?",
        "language": "es",
        "kind": "yes_no",
        "answer": "no",
    }
    untranslated = by_question["I am 18 or older."]
    assert (untranslated["shown"], untranslated["answer"]) == ("I am 18 or older.", "yes")  # read in English
    assert all(item["language"] == "es" for item in form.answers)

    again = client.get(url).content.decode()
    assert "<h1>Ya está firmado</h1>" in again
    assert "Este formulario ya se firmó el 2 de diciembre de 2026, 09:00." in again

    artist = Client()
    artist.force_login(User.objects.create_superuser("mika", password="pw-mika-123"))
    page = artist.get(f"/admin/leads/lead/{form.lead_id}/change/").content.decode()
    assert f"{PREGNANT} <span" in page
    assert "(read in es: “¿Estás embarazada o en periodo de lactancia?”)</span>: <strong>no</strong>" in page


def test_a_customer_without_a_language_gets_the_studio_default(make_lead: Callable[..., Lead]) -> None:
    form = form_in(make_lead, "")  # no language yet: the studio default, English
    with pytest.raises(ConsentInvalid) as invalid:
        consent_sign(token=consent_token(form), answers={}, typed_name="", ip="", user_agent="")
    assert invalid.value.errors["typed_name"] == "Please type your full name to sign."
    assert invalid.value.page.language == "en"


def test_the_validation_speaks_the_customer_s_language_outside_a_request(make_lead: Callable[..., Lead]) -> None:
    form = form_in(make_lead, "it")
    with pytest.raises(ConsentInvalid) as invalid:
        consent_sign(token=consent_token(form), answers={}, typed_name="x" * 151, ip="", user_agent="")
    errors = invalid.value.errors
    assert errors["typed_name"] == "Il tuo nome può avere al massimo 150 caratteri."
    assert errors[f"q{question(ADULT).pk}"] == "Spunta questa casella per continuare."
    assert errors[f"q{question(PREGNANT).pk}"] == "Rispondi sì o no."


def test_refused_links_speak_the_customer_s_language_or_the_studio_s(
    make_lead: Callable[..., Lead], client: Client, clock: Any
) -> None:
    form = form_in(make_lead, "es")
    cancelled = form_in(make_lead, "de", start=START + timedelta(days=1))
    Appointment.objects.filter(consent_form=cancelled).update(status="cancelled")
    html = client.get(f"/consent/{consent_token(cancelled)}").content.decode()
    assert "<h1>Dieser Link ist nicht mehr gültig</h1>" in html
    assert "Dieser Termin wurde verschoben oder abgesagt" in html

    StudioSettings.objects.filter(pk=StudioSettings.SINGLETON_PK).update(default_language="fr")
    unknown = client.get("/consent/not-a-token")
    assert unknown.status_code == 404
    assert '<html lang="fr">' in unknown.content.decode()
    assert "<h1>Ce lien ne fonctionne pas</h1>" in unknown.content.decode()
    assert "Ce lien n'est pas valable. Si tu as besoin du formulaire" in unknown.content.decode()

    clock.move_to(START + timedelta(hours=4))
    expired = client.get(f"/consent/{consent_token(form)}")
    assert expired.status_code == 410
    html = expired.content.decode()
    assert '<html lang="es">' in html
    assert "<h1>Este enlace ya no es válido</h1>" in html
    assert "Este enlace ha caducado: la cita ya ha terminado. Si necesitas el formulario, escríbenos" in html
