"""The artist's day in a real browser: log in, approve, reject, try the bot, read the dashboard."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from conversations.models import TranscriptMessage
from leads.models import Customer, Lead, StudioSettings
from payments.models import Deposit
from tests.browser.conftest import Shots, log_in
from tests.conftest import answer_all_questions

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def wait_for(driver: WebDriver, condition: Callable[[WebDriver], Any], timeout: float = 10) -> Any:
    # A form post reloads the page: an element read while it is replaced is stale; look again.
    ignored = (StaleElementReferenceException, NoSuchElementException)
    return WebDriverWait(driver, timeout, ignored_exceptions=ignored).until(condition)


def test_log_in_open_a_lead_and_approve_it(
    browser: WebDriver, live_server: Any, artist: User, make_lead: Callable[..., Lead], screenshots: Shots
) -> None:
    lead = make_lead(status="pending_approval", size_category="medium", idea="A swallow on the wrist")
    answer_all_questions(lead)
    Customer.objects.filter(pk=lead.customer_id).update(last_inbound_at=timezone.now())  # inside the 24 h window
    log_in(browser, live_server.url, artist)
    screenshots.take(browser, "logged-in")

    browser.get(f"{live_server.url}/admin/leads/lead/")
    row = browser.find_element(By.CSS_SELECTOR, "#result_list tbody tr")
    assert "Pending Approval" in row.text
    assert "A swallow on the wrist" in row.text
    screenshots.take(browser, "lead-list")
    row.find_element(By.CSS_SELECTOR, "th a, td a").click()
    assert f"/admin/leads/lead/{lead.pk}/change/" in browser.current_url
    screenshots.take(browser, "lead-page")

    browser.find_element(By.CSS_SELECTOR, "a.lead-action-approve").click()
    amount = browser.find_element(By.NAME, "deposit_amount")
    assert amount.get_attribute("value") == str(StudioSettings.load().deposit_for("medium"))  # pre-filled
    amount.clear()
    amount.send_keys("12000")
    screenshots.take(browser, "approve-form")
    browser.find_element(By.NAME, "confirm").click()

    wait_for(browser, lambda d: f"/admin/leads/lead/{lead.pk}/change/" in d.current_url)
    messages = browser.find_element(By.CSS_SELECTOR, "ul.messagelist").text
    assert "awaiting_deposit" in messages
    screenshots.take(browser, "approved")
    lead.refresh_from_db()
    assert lead.status == "awaiting_deposit"
    assert Deposit.objects.get(lead=lead).amount == 12000
    # The approve action is no longer offered once the lead has moved on.
    assert not browser.find_elements(By.CSS_SELECTOR, "a.lead-action-approve")
    # The deposit link went to the outbox (its checkout session made at the fake Stripe after commit).
    deposit = Deposit.objects.get(lead=lead)
    assert deposit.checkout_url
    browser.refresh()
    heading = "translate(normalize-space(), 'OUTBX', 'outbx')='outbox'"
    outbox = browser.find_element(By.XPATH, f"//div[contains(@class, 'inline-group')][.//h2[{heading}]]")
    assert "deposit link" in outbox.text.lower().replace("_", " ")
    assert deposit.checkout_url in outbox.text
    assert "Sent" in outbox.text  # the console backend took it
    browser.execute_script("arguments[0].scrollIntoView()", outbox)
    screenshots.take(browser, "outbox-row")


def test_reject_another_lead_with_a_reason(
    browser: WebDriver, live_server: Any, artist: User, make_lead: Callable[..., Lead], screenshots: Shots
) -> None:
    lead = make_lead(status="needs_follow_up", idea="Full back piece for £50")
    log_in(browser, live_server.url, artist)
    browser.get(f"{live_server.url}/admin/leads/lead/{lead.pk}/change/")
    browser.find_element(By.CSS_SELECTOR, "a.lead-action-reject").click()
    browser.find_element(By.NAME, "reason").send_keys("Budget too far from a back piece")
    screenshots.take(browser, "reject-form")
    browser.find_element(By.NAME, "confirm").click()
    wait_for(browser, lambda d: "rejected" in d.find_element(By.CSS_SELECTOR, "ul.messagelist").text)
    screenshots.take(browser, "rejected")
    lead.refresh_from_db()
    assert (lead.status, lead.rejection_reason) == ("rejected", "Budget too far from a back piece")
    assert lead.history.get(to_status="rejected").reason == "Budget too far from a back piece"


def test_try_the_bot_answers_the_first_two_questions(
    browser: WebDriver, live_server: Any, artist: User, screenshots: Shots
) -> None:
    log_in(browser, live_server.url, artist)
    browser.get(f"{live_server.url}/admin/leads/lead/try-the-bot/")
    screenshots.take(browser, "try-the-bot")

    def say(text: str, expect: str) -> None:
        box = browser.find_element(By.NAME, "text")
        box.send_keys(text)
        box.submit()
        wait_for(browser, lambda d: expect in d.find_element(By.CLASS_NAME, "try-the-bot-transcript").text)

    say("Hi! I'd love a tattoo", "What would you like tattooed?")
    say("A swallow with a banner", "Where on your body would it go?")
    say("Left forearm, outer side", "Roughly how big")
    screenshots.take(browser, "two-answers")

    lead = Lead.objects.get(customer__profile_name="Sandbox mika")
    assert lead.status == "qualifying"
    assert {a.question_key: a.raw_text for a in lead.answers.all()} == {
        "idea": "A swallow with a banner",
        "placement": "Left forearm, outer side",
    }
    assert TranscriptMessage.objects.filter(lead=lead, direction="out").count() >= 3


def test_the_dashboard_draws_its_charts(
    browser: WebDriver, live_server: Any, artist: User, make_lead: Callable[..., Lead], screenshots: Shots
) -> None:
    for status in ("qualifying", "qualifying", "pending_approval", "booked"):
        make_lead(status=status)
    log_in(browser, live_server.url, artist)
    browser.get(f"{live_server.url}/admin/leads/lead/dashboard/")
    drawn = wait_for(browser, lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-charts-drawn"))
    assert drawn == "4"
    # Chart.js drew on every canvas: each has a chart bound to it and non-blank pixels.
    for canvas_id in ("chart-status", "chart-funnel", "chart-drop-off", "chart-per-day"):
        painted = browser.execute_script(
            """
            const canvas = document.getElementById(arguments[0]);
            if (!Chart.getChart(canvas)) { return -1; }
            const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
            let n = 0;
            for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) { n++; } }
            return n;
            """,
            canvas_id,
        )
        assert painted > 100, f"{canvas_id} is blank"
    labels = browser.execute_script("return Chart.getChart('chart-status').data.labels")
    values = browser.execute_script("return Chart.getChart('chart-status').data.datasets[0].data")
    assert dict(zip(labels, values, strict=True))["qualifying"] == 2
    screenshots.take(browser, "dashboard")
