"""The customer's consent form on a phone (390×844) in a real Chromium: a missing answer shown beside its
question, the form filled in and signed, an expired link, the page in Spanish; never wider than the screen."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from leads.booking.consent import consent_token
from leads.models import Appointment, ConsentForm, ConsentKind, ConsentQuestion, Customer, Lead
from tests.browser import conftest
from tests.browser.conftest import DESKTOP, Shots, no_sideways_scroll, window
from tests.browser.test_artist_day import wait_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 3, "mobile": True}


@pytest.fixture
def phone(browser: WebDriver) -> Iterator[WebDriver]:
    """The module's Chromium as an iPhone-sized screen, for this test only."""
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    browser.delete_all_cookies()
    try:
        yield browser
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def form_for(make_lead: Callable[..., Lead], *, starts_in: timedelta) -> ConsentForm:
    lead = make_lead(status="booked")
    start = timezone.now() + starts_in
    appointment = Appointment.objects.create(lead=lead, start=start, end=start + timedelta(hours=3))
    return ConsentForm.objects.create(lead=lead, appointment=appointment, sent_at=timezone.now())


def assert_fits_the_screen(driver: WebDriver) -> None:
    assert driver.execute_script("return window.innerWidth") == PHONE["width"]
    assert driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")


def test_fill_in_and_sign_on_a_phone(
    phone: WebDriver, live_server: Any, make_lead: Callable[..., Lead], screenshots: Shots
) -> None:
    form = form_for(make_lead, starts_in=timedelta(days=2))
    questions = list(ConsentQuestion.objects.filter(active=True))
    phone.get(f"{live_server.url}/consent/{consent_token(form)}")
    assert phone.find_element(By.TAG_NAME, "h1").text == "Consent and health form"
    assert_fits_the_screen(phone)
    button = phone.find_element(By.CSS_SELECTOR, "button[type=submit]")
    assert button.size["height"] >= 48  # a thumb's tap target
    assert button.size["width"] >= 300
    for choice in phone.find_elements(By.CSS_SELECTOR, "label.choice"):
        assert choice.size["height"] >= 44
    screenshots.take(phone, "form")

    # Every yes/no answered, every box ticked but the last: that one is flagged where it is, nothing saved.
    boxes = [q for q in questions if q.kind == ConsentKind.CHECKBOX]
    for question in questions:
        if question.kind == ConsentKind.YES_NO:
            phone.find_element(By.CSS_SELECTOR, f"input[name=q{question.pk}][value=no]").click()
        elif question.kind == ConsentKind.CHECKBOX and question != boxes[-1]:
            phone.find_element(By.NAME, f"q{question.pk}").click()
    phone.find_element(By.NAME, "typed_name").send_keys("Ana Lima")
    button.click()
    error = wait_for(phone, lambda d: d.find_element(By.CSS_SELECTOR, f"#field-q{boxes[-1].pk} .error"))
    assert error.text == "Please tick this box to continue."
    assert error.is_displayed()
    assert len(phone.find_elements(By.CSS_SELECTOR, ".error")) == 1
    assert phone.find_element(By.ID, "consent-errors").is_displayed()
    assert phone.find_element(By.NAME, "typed_name").get_attribute("value") == "Ana Lima"  # kept
    assert phone.find_element(By.CSS_SELECTOR, f"input[name=q{boxes[0].pk}]").is_selected()  # kept
    assert_fits_the_screen(phone)
    phone.execute_script("arguments[0].scrollIntoView({block: 'center'})", error)
    screenshots.take(phone, "missing-tick")
    form.refresh_from_db()
    assert form.signed_at is None

    phone.find_element(By.NAME, f"q{boxes[-1].pk}").click()
    phone.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    done = wait_for(phone, lambda d: d.find_element(By.ID, "consent-done"))
    assert "Your consent form is signed" in done.text
    assert phone.find_element(By.TAG_NAME, "h1").text == "Thank you!"
    assert_fits_the_screen(phone)
    screenshots.take(phone, "signed")
    signed = ConsentForm.objects.get(pk=form.pk)
    assert signed.signed_at is not None
    assert (signed.typed_name, signed.ip) == ("Ana Lima", "127.0.0.1")
    assert "Chrome" in signed.user_agent
    assert {item["answer"] for item in signed.answers} == {"no", "yes", ""}

    phone.get(f"{live_server.url}/consent/{consent_token(form)}")
    assert phone.find_element(By.TAG_NAME, "h1").text == "Already signed"
    assert "already signed on" in phone.find_element(By.ID, "consent-done").text
    screenshots.take(phone, "already-signed")


def test_an_expired_link_on_a_phone(
    phone: WebDriver, live_server: Any, make_lead: Callable[..., Lead], screenshots: Shots
) -> None:
    form = form_for(make_lead, starts_in=-timedelta(hours=4))  # the session ended an hour ago
    phone.get(f"{live_server.url}/consent/{consent_token(form)}")
    assert phone.find_element(By.TAG_NAME, "h1").text == "This link is no longer valid"
    assert "expired" in phone.find_element(By.ID, "consent-error").text
    assert not phone.find_elements(By.TAG_NAME, "form")
    assert_fits_the_screen(phone)
    screenshots.take(phone, "expired")

    phone.get(f"{live_server.url}/consent/not-a-real-link")
    assert phone.find_element(By.TAG_NAME, "h1").text == "This link does not work"
    screenshots.take(phone, "unknown")


def test_the_form_on_a_desktop_keeps_a_readable_column(
    browser: WebDriver, live_server: Any, make_lead: Callable[..., Lead], screenshots: Shots
) -> None:
    window(browser, DESKTOP)
    form = form_for(make_lead, starts_in=timedelta(days=2))
    browser.get(f"{live_server.url}/consent/{consent_token(form)}")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Consent and health form"
    no_sideways_scroll(browser)
    submit = browser.find_element(By.CSS_SELECTOR, "button[type=submit]")
    assert submit.is_displayed()
    assert browser.find_element(By.TAG_NAME, "form").size["width"] <= 900  # a column, not the whole 1366 px
    screenshots.take(browser, "form-desktop")


def test_the_spanish_page_on_a_phone(
    browser: WebDriver, live_server: Any, make_lead: Callable[..., Lead], screenshots: Shots
) -> None:
    window(browser, conftest.PHONE)
    browser.delete_all_cookies()
    form = form_for(make_lead, starts_in=timedelta(days=2))
    Customer.objects.filter(pk=form.lead.customer_id).update(language="es")
    questions = list(ConsentQuestion.objects.filter(active=True))
    browser.get(f"{live_server.url}/consent/{consent_token(form)}")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "es"
    assert browser.find_element(By.TAG_NAME, "h1").text == "Formulario de consentimiento y salud"
    assert "¿Estás embarazada o en periodo de lactancia?" in browser.find_element(By.TAG_NAME, "form").text
    no_sideways_scroll(browser)
    screenshots.take(browser, "form-es")

    boxes = [q for q in questions if q.kind == ConsentKind.CHECKBOX]
    for question in questions:
        if question.kind == ConsentKind.YES_NO:
            choice = browser.find_element(By.CSS_SELECTOR, f"input[name=q{question.pk}][value=no]")
            assert choice.find_element(By.XPATH, "..").text == "No"
            choice.click()
        elif question.kind == ConsentKind.CHECKBOX and question != boxes[0]:
            browser.find_element(By.NAME, f"q{question.pk}").click()
    browser.find_element(By.NAME, "typed_name").send_keys("Ana Lima")
    button = browser.find_element(By.CSS_SELECTOR, "button[type=submit]")
    assert button.text == "Firmar el formulario"
    button.click()
    error = wait_for(browser, lambda d: d.find_element(By.CSS_SELECTOR, f"#field-q{boxes[0].pk} .error"))
    assert error.text == "Marca esta casilla para continuar."
    assert browser.find_element(By.ID, "consent-errors").text == "Revisa las respuestas marcadas abajo."
    no_sideways_scroll(browser)
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", error)
    screenshots.take(browser, "missing-tick-es")

    browser.find_element(By.NAME, f"q{boxes[0].pk}").click()
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    done = wait_for(browser, lambda d: d.find_element(By.ID, "consent-done"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "¡Gracias!"
    assert "Tu formulario de consentimiento está firmado" in done.text
    no_sideways_scroll(browser)
    screenshots.take(browser, "signed-es")
    signed = ConsentForm.objects.get(pk=form.pk)
    assert {item["language"] for item in signed.answers} == {"es"}
