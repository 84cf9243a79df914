"""Two-factor sign-in on a phone (390×844), in a real browser: set up the app from the user tools by
reading the secret off the page, keep the recovery codes, sign out, and sign in again with a code."""

from __future__ import annotations

import time
from base64 import b32decode
from typing import Any

import pytest
from django.contrib.auth.models import User
from django_otp.plugins.otp_totp.models import TOTPDevice
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from tests.browser.conftest import ARTIST_PASSWORD, PHONE, Shots, click_through, log_in, no_sideways_scroll, window
from tests.security.staff_auth import totp_code

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_set_up_the_app_and_sign_in_with_a_code_on_a_phone(
    browser: WebDriver, live_server: Any, artist: User, screenshots: Shots
) -> None:
    window(browser, PHONE)
    log_in(browser, live_server.url, artist)
    click_through(browser, browser.find_element(By.ID, "two-factor-link"))
    assert browser.current_url.endswith("/admin/two-factor/")
    qr = browser.find_element(By.CSS_SELECTOR, "#qr-code svg")
    assert 0 < qr.size["width"] <= PHONE[0]
    no_sideways_scroll(browser)
    screenshots.take(browser, "set-up")

    # What a person types into the app by hand, read off the page.
    key = b32decode(browser.find_element(By.ID, "secret").text.replace(" ", ""))
    assert key == TOTPDevice.objects.get(user=artist).bin_key
    browser.find_element(By.ID, "id_code").send_keys(totp_code(key, time.time()))
    click_through(browser, browser.find_element(By.CSS_SELECTOR, "#setup-form input[type=submit]"))
    codes = browser.find_elements(By.CSS_SELECTOR, "#recovery-codes li")
    assert len(codes) == 10
    no_sideways_scroll(browser)
    screenshots.take(browser, "recovery-codes")
    assert TOTPDevice.objects.get(user=artist).confirmed

    # Sign out, and in again: the password first, then the code.
    browser.delete_all_cookies()
    browser.get(f"{live_server.url}/admin/login/")
    browser.find_element(By.ID, "id_username").send_keys(artist.get_username())
    browser.find_element(By.ID, "id_password").send_keys(ARTIST_PASSWORD)
    click_through(browser, browser.find_element(By.CSS_SELECTOR, "input[type=submit]"))
    assert browser.current_url.endswith("/admin/login/code/")
    assert not browser.find_elements(By.ID, "user-tools")  # not signed in yet
    no_sideways_scroll(browser)
    screenshots.take(browser, "asks-for-the-code")
    wrong = "000000" if totp_code(key, time.time()) != "000000" else "111111"
    browser.find_element(By.ID, "id_code").send_keys(wrong)
    click_through(browser, browser.find_element(By.CSS_SELECTOR, "#code-form input[type=submit]"))
    assert "That code is not right" in browser.find_element(By.CSS_SELECTOR, ".errornote").text
    screenshots.take(browser, "wrong-code")
    time.sleep(1.1)  # django-otp's own back-off after a wrong code
    # The set-up spent this half-minute's code (a code works once); apps' next code is accepted too.
    field = browser.find_element(By.ID, "id_code")
    field.clear()
    field.send_keys(totp_code(key, time.time() + 30))
    click_through(browser, browser.find_element(By.CSS_SELECTOR, "#code-form input[type=submit]"))
    assert browser.find_element(By.ID, "user-tools").text.upper().startswith("WELCOME")
    no_sideways_scroll(browser)
    screenshots.take(browser, "signed-in")
