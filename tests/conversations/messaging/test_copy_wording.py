"""The artist rewords a customer message in the customer's language (docs/conversation.md "Copy").

``wording_in`` gives the file's wording with its words in one language and no translate tags; it must
read exactly as the file does in that language, for every message, language and variant. The admin
starts a Spanish override from the Spanish words and previews it as a Spanish customer gets it.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.template import engines
from django.test import Client
from django.urls import reverse
from django.utils import translation

from conversations.messaging.copy import COMPLETE_LANGUAGES, compile_copy, customer_templates, render_copy
from conversations.messaging.wording import wording_in
from conversations.models import CopyOverride
from leads.models import Customer, StudioSettings
from tests.conversations.messaging.test_copy_languages import BARE, VALUES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", COMPLETE_LANGUAGES)
@pytest.mark.parametrize("template", customer_templates())
def test_the_wording_in_a_language_reads_as_the_file_does(template: str, language: str) -> None:
    wording = wording_in(template, language)
    assert "translate" not in wording
    assert "%(" not in wording
    file = engines["messages"].get_template(f"messages/{template}.txt")
    for values in (VALUES, BARE):
        for variant in range(3):
            context: dict[str, Any] = {**values, "variant": variant}
            with translation.override(language):
                assert compile_copy(wording).render(context) == file.render(context), (template, language, variant)


def test_the_spanish_wording_is_in_spanish() -> None:
    assert "Puedes escribir HUMAN cuando quieras" in wording_in("welcome", "es")
    assert "You can write HUMAN" in wording_in("welcome", "en")


@pytest.fixture
def boss() -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("boss", password="pw-boss-123"))
    return client


def test_the_pick_page_offers_each_spoken_language(boss: Client) -> None:
    StudioSettings.objects.update(languages="en,es,de")
    page = boss.get(reverse("admin:conversations_copyoverride_add")).content.decode()
    assert 'id="reword-holding-es"' in page
    assert 'id="reword-holding-de"' in page
    assert 'id="reword-holding-fr"' not in page  # not spoken by this studio


def test_a_spanish_override_starts_from_the_spanish_words_and_previews_in_spanish(boss: Client) -> None:
    url = reverse("admin:conversations_copyoverride_add") + "?template=holding&language=es"
    page = boss.get(url).content.decode()
    artist = StudioSettings.load().artist_name
    assert 'value="es" selected' in page
    assert "Gracias, {{ artist }} tiene tus mensajes" in page  # the wording to edit, and the file's
    assert f"Gracias, {artist} tiene tus mensajes" in page  # the preview: a Spanish customer's
    assert "{% translate" not in page
    assert "{% blocktranslate" not in page

    body = "¡Gracias {{ name }}! {{ artist }} te contesta hoy mismo."
    assert boss.post(url, {"template": "holding", "language": "es", "body": body}).status_code == 302
    override = CopyOverride.objects.get()
    assert (override.template, override.language) == ("holding", "es")
    change = boss.get(reverse("admin:conversations_copyoverride_change", args=[override.pk])).content.decode()
    assert "¡Gracias Ana!" in change  # the preview, as a Spanish customer gets it


def test_a_spanish_override_reaches_spanish_customers_only(boss: Client, make_lead: Any) -> None:
    studio = StudioSettings.load()
    CopyOverride.objects.create(template="holding", language="es", body="¡Gracias {{ name }}! Enseguida te escribo.")
    spanish, english = make_lead(), make_lead()
    Customer.objects.filter(pk=spanish.customer_id).update(language="es")
    spanish.refresh_from_db()
    assert render_copy("holding", lead=spanish, studio=studio, name="Ana") == "¡Gracias Ana! Enseguida te escribo."
    assert "Enseguida" not in render_copy("holding", lead=english, studio=studio, name="Bo")


def test_an_unknown_language_is_refused(boss: Client) -> None:
    url = reverse("admin:conversations_copyoverride_add") + "?template=holding"
    response = boss.post(url, {"template": "holding", "language": "xx", "body": "Hi"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not CopyOverride.objects.exists()
