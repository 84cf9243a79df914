"""Admin for the front desk: FAQ entries and copy overrides (docs/conversation.md "Questions", "Copy")."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from conversations.messaging.copy import customer_templates, render_copy
from conversations.models import CopyOverride
from leads.models import FaqEntry, StudioSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def boss() -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("boss", password="pw-boss-123"))
    return client


def test_the_faq_is_seeded_with_every_topic() -> None:
    topics = set(FaqEntry.objects.filter(active=True).values_list("topic", flat=True))
    assert topics == {"price", "deposit", "location", "age", "aftercare", "styles", "walk_ins", "cover_ups"}
    assert all(entry.trigger_phrases for entry in FaqEntry.objects.all())


def test_an_faq_entry_without_a_trigger_is_refused_and_nothing_changes(boss: Client) -> None:
    entry = FaqEntry.objects.get(topic="price", language="en")
    url = reverse("admin:leads_faqentry_change", args=[entry.pk])
    data = {"topic": "price", "language": "en", "triggers": " , \n", "answer": "Ask me.", "active": "on", "position": 1}
    response = boss.post(url, data)
    assert response.status_code == 200
    assert "Give at least one trigger phrase." in response.content.decode()
    entry.refresh_from_db()
    assert "how much" in entry.trigger_phrases


def test_an_faq_answer_with_broken_syntax_is_refused(boss: Client) -> None:
    url = reverse("admin:leads_faqentry_add")
    data = {"topic": "tattoo_care", "language": "en", "triggers": "care", "answer": "{% if %}", "position": 1}
    response = boss.post(url, data)
    assert response.status_code == 200
    assert "Template syntax error" in response.content.decode()
    assert not FaqEntry.objects.filter(topic="tattoo_care").exists()


def test_the_pick_page_lists_every_customer_message_with_its_wording(boss: Client) -> None:
    page = boss.get(reverse("admin:conversations_copyoverride_add")).content.decode()
    for name in customer_templates():
        assert f'id="reword-{name}"' in page
    assert "artist_summary" not in customer_templates()
    assert "You can write HUMAN at any time" in page  # the welcome, as a customer gets it


def test_the_add_form_starts_from_the_file_and_previews_it(boss: Client) -> None:
    page = boss.get(reverse("admin:conversations_copyoverride_add") + "?template=welcome").content.decode()
    assert 'id="default-wording"' in page
    assert 'id="copy-preview"' in page
    assert "{% if variant == 0 %}" in page  # the body starts as the file's wording


def test_broken_syntax_is_refused_with_a_clear_error_and_nothing_saved(boss: Client) -> None:
    url = reverse("admin:conversations_copyoverride_add") + "?template=welcome"
    response = boss.post(url, {"template": "welcome", "language": "en", "body": "Hi {% if name %}{{ name }}"})
    assert response.status_code == 200
    assert "template syntax error" in response.content.decode()
    assert not CopyOverride.objects.exists()


def test_an_unknown_template_is_refused(boss: Client) -> None:
    url = reverse("admin:conversations_copyoverride_add") + "?template=welcome"
    response = boss.post(url, {"template": "artist_summary", "language": "en", "body": "x"})
    assert response.status_code == 200
    assert not CopyOverride.objects.exists()


def test_a_saved_override_is_used_then_removed(boss: Client) -> None:
    studio = StudioSettings.load()
    url = reverse("admin:conversations_copyoverride_add") + "?template=holding"
    response = boss.post(url, {"template": "holding", "language": "en", "body": "{{ artist }} will be right with you."})
    assert response.status_code == 302
    override = CopyOverride.objects.get()
    assert override.updated_by == "boss"
    assert render_copy("holding", lead=None, studio=studio) == f"{studio.artist_name} will be right with you."
    change = boss.get(reverse("admin:conversations_copyoverride_change", args=[override.pk])).content.decode()
    assert f"{studio.artist_name} will be right with you." in change  # the preview shows the override
    delete = reverse("admin:conversations_copyoverride_delete", args=[override.pk])
    assert boss.post(delete, {"post": "yes"}).status_code == 302
    assert "will be right with you" not in render_copy("holding", lead=None, studio=studio)


def test_an_override_with_broken_syntax_written_outside_admin_falls_back_to_the_file() -> None:
    CopyOverride.objects.create(template="holding", body="{% broken %}")
    text = render_copy("holding", lead=None, studio=StudioSettings.load())
    assert "{%" not in text
    assert text


def test_studio_settings_refuse_billable_hours_that_shrink(boss: Client) -> None:
    studio = StudioSettings.load()
    studio.billable_hours_medium_min = studio.billable_hours_medium_max + 1
    with pytest.raises(ValidationError) as refused:
        studio.full_clean()
    assert "billable_hours_medium_max" in refused.value.message_dict
