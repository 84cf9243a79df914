"""The artist rewords a customer message in a real browser: pick it, read it, break it, fix it, save it."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from conversations.messaging.copy import render_copy
from conversations.models import CopyOverride
from leads.models import StudioSettings
from tests.browser.conftest import Shots, click_through, log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_reword_the_holding_reply(browser: WebDriver, live_server: Any, artist: User, screenshots: Shots) -> None:
    studio = StudioSettings.load()
    studio.artist_name = "Mika"
    studio.save()  # the one artist's name too
    log_in(browser, live_server.url, artist)
    browser.get(f"{live_server.url}/admin/conversations/copyoverride/add/")
    assert "Choose a message to reword" in browser.page_source
    screenshots.take(browser, "pick")
    click_through(browser, browser.find_element(By.ID, "reword-holding"))

    assert "Mika has your messages" in browser.find_element(By.ID, "copy-preview").text
    assert "{% if variant == 0 %}" in browser.find_element(By.ID, "default-wording").text
    body = browser.find_element(By.NAME, "body")
    assert "{% if variant == 0 %}" in (body.get_attribute("value") or "")
    screenshots.take(browser, "form")

    body.clear()
    body.send_keys("Thanks {{ name }}! {% if %} soon")
    click_through(browser, browser.find_element(By.NAME, "_continue"))
    errors = browser.find_element(By.CSS_SELECTOR, ".errorlist").text
    assert "template syntax error" in errors
    assert not CopyOverride.objects.exists()
    screenshots.take(browser, "syntax-error")

    body = browser.find_element(By.NAME, "body")
    body.clear()
    body.send_keys("Thanks {{ name }}! {{ artist }} has your message and will write back today.")
    click_through(browser, browser.find_element(By.NAME, "_continue"))
    preview = browser.find_element(By.ID, "copy-preview").text
    assert preview == "Thanks Ana! Mika has your message and will write back today."
    screenshots.take(browser, "saved")
    override = CopyOverride.objects.get()
    assert (override.template, override.language, override.updated_by) == ("holding", "en", "mika")
    studio = StudioSettings.load()
    assert render_copy("holding", lead=None, studio=studio, name="Bo") == (
        "Thanks Bo! Mika has your message and will write back today."
    )

    click_through(browser, browser.find_element(By.CSS_SELECTOR, "a.deletelink"))
    click_through(browser, browser.find_element(By.CSS_SELECTOR, "input[type=submit]"))
    # The confirmation's POST returns to the list: wait for it before reading the database.
    WebDriverWait(browser, 10).until(lambda driver: "/delete/" not in driver.current_url)
    assert not CopyOverride.objects.exists()
    assert "write back today" not in render_copy("holding", lead=None, studio=studio)  # the file again
