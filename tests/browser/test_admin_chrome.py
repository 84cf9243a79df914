"""The admin's chrome in a real Chromium: the studio's name and the TattooBot mark in the header, the
browser title and on the login page; the stock pages (home, a short list, change forms, messages) fit
a phone (390×844) with nothing to scroll sideways."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from leads.models import Artist, StudioSettings, TourStop
from tests.browser.conftest import DESKTOP, PHONE, Shots, log_in, no_sideways_scroll, window
from tests.browser.test_artist_day import wait_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
# One long word, as German studio names are: it must wrap inside the screen, not push it wider.
STUDIO = "Schwarzschwalbentätowierungsstudio Kreuzberg"
CITY = "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch"


@pytest.fixture
def studio(transactional_db: None) -> StudioSettings:
    settings = StudioSettings.load()
    settings.artist_name = STUDIO
    settings.save()
    return settings


def fits_the_phone(driver: WebDriver) -> None:
    """Nothing wider than the screen, and the header's parts each inside it."""
    assert driver.execute_script("return window.innerWidth") == PHONE[0]
    no_sideways_scroll(driver)
    for element in driver.find_elements(By.CSS_SELECTOR, "#header, #branding, #user-tools, .breadcrumbs, .messagelist"):
        right = driver.execute_script("return arguments[0].getBoundingClientRect().right", element)
        assert right <= PHONE[0], f"{element.get_attribute('id') or element.get_attribute('class')} ends at {right}"


def mark_is_drawn(driver: WebDriver) -> None:
    mark = driver.find_element(By.CSS_SELECTOR, "#site-name img.studio-mark")
    assert (mark.get_attribute("src") or "").endswith("/static/tattoobot/mark.svg")
    assert driver.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", mark)
    assert mark.size["width"] >= 20


def test_the_login_page_carries_the_studio_name_and_fits_a_phone(
    browser: WebDriver, live_server: Any, studio: StudioSettings, screenshots: Shots
) -> None:
    browser.delete_all_cookies()
    window(browser, PHONE)
    try:
        browser.get(f"{live_server.url}/")  # the bare address: to the admin, which asks for the login
        wait_for(browser, lambda d: "/admin/login/" in d.current_url)
        assert browser.find_element(By.ID, "site-name").text == STUDIO
        assert STUDIO in browser.title
        mark_is_drawn(browser)
        fits_the_phone(browser)
        assert browser.find_element(By.ID, "id_username").size["width"] <= PHONE[0]
        screenshots.take(browser, "login-phone")
    finally:
        window(browser, DESKTOP)


def test_generic_admin_pages_fit_a_phone(
    browser: WebDriver, live_server: Any, studio: StudioSettings, screenshots: Shots
) -> None:
    user = User.objects.create_superuser(
        "mika", email="mika@example.com", password="pw-mika-browser-1", first_name="Mika"
    )
    Artist.objects.update(user=user, name="Mika Ray")  # the seeded artist is this user
    stop = TourStop.objects.create(
        city=CITY, country="GB", start_date=date(2027, 3, 1), end_date=date(2027, 3, 4), notes="guest spot"
    )
    log_in(browser, live_server.url, user)
    window(browser, PHONE)
    try:
        pages = {
            "home": "/admin/",
            "tour-stops": "/admin/leads/tourstop/",
            "tour-stop": f"/admin/leads/tourstop/{stop.pk}/change/",
            "studio-settings": "/admin/leads/studiosettings/1/change/",
            "password": "/admin/password_change/",
        }
        for name, url in pages.items():
            browser.get(f"{live_server.url}{url}")
            assert browser.find_element(By.ID, "site-name").text == STUDIO, name
            assert browser.title.endswith(f"| {STUDIO}"), (name, browser.title)
            greeted = browser.find_element(By.CSS_SELECTOR, "#user-tools .staff-name")
            assert greeted.get_attribute("textContent") == "Mika Ray"  # the artist's name (shown upper case)
            fits_the_phone(browser)
            screenshots.take(browser, name)
        mark_is_drawn(browser)

        # A change saved: the message under the header wraps inside the screen too.
        browser.get(f"{live_server.url}/admin/leads/tourstop/{stop.pk}/change/")
        notes = browser.find_element(By.NAME, "notes")
        notes.clear()
        notes.send_keys("guest spot at a studio with a long name that would run off a narrow screen")
        browser.find_element(By.NAME, "_continue").click()
        message = wait_for(browser, lambda d: d.find_element(By.CSS_SELECTOR, "ul.messagelist li.success"))
        assert "was changed successfully" in message.text
        fits_the_phone(browser)
        screenshots.take(browser, "saved-message")
    finally:
        window(browser, DESKTOP)
