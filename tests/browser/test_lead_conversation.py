"""The lead as a conversation in a real browser, on a phone (390×844) and on a desktop (1366×900):
the lead list and the lead page never scroll sideways; the artist reads the thread, replies from
the box under it and sees the reply at the end of the thread."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from conversations.models import OutboundMessage, TranscriptMessage
from leads.models import Customer, Lead
from tests.browser.conftest import DESKTOP, PHONE, Shots, log_in, no_sideways_scroll, window
from tests.browser.test_artist_day import wait_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CONVERSATION = (
    ("customer", "Hi! I'd love a heron on my forearm, something like a Japanese woodblock print"),
    ("bot", "What would you like tattooed?"),
    ("customer", "A heron standing in reeds, with a red sun behind it"),
    ("bot", "Where on your body would it go?"),
    ("customer", "Left forearm, outer side. Can I talk to the artist about colours?"),
    ("artist", "Hi, Mika here: yes, let's talk colours. Reds and a soft grey?"),
)


def a_lead_with_a_conversation(make_lead: Callable[..., Lead]) -> Lead:
    lead = make_lead(
        status="needs_artist_reply",
        idea="A heron standing in reeds, with a red sun behind it, in the style of a woodblock print",
        budget_text="about £400–£600, flexible for the right design",
        city="Brighton",
        handover_reason="customer_asked",
    )
    Customer.objects.filter(pk=lead.customer_id).update(profile_name="Sam Okafor", last_inbound_at=timezone.now())
    start = timezone.now() - timedelta(hours=2)
    for n, (by, text) in enumerate(CONVERSATION):
        TranscriptMessage.objects.create(
            customer=lead.customer,
            lead=lead,
            direction="in" if by == "customer" else "out",
            by=by,
            text=text,
            at=start + timedelta(minutes=5 * n),
        )
    return Lead.objects.get(pk=lead.pk)


def thread_lines(driver: WebDriver) -> list[tuple[str, str]]:
    return [
        (line.get_attribute("data-by") or "", line.find_element(By.CLASS_NAME, "lead-msg-text").text)
        for line in driver.find_elements(By.CSS_SELECTOR, "ol.lead-thread li.lead-msg")
    ]


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_read_the_conversation_and_reply(
    browser: WebDriver,
    live_server: Any,
    artist: User,
    make_lead: Callable[..., Lead],
    screenshots: Shots,
    size: tuple[int, int],
) -> None:
    lead = a_lead_with_a_conversation(make_lead)
    for n in range(4):  # a list with some rows to stack
        make_lead(status="qualifying", idea=f"A very long description of tattoo idea number {n} " * 3)
    window(browser, size)
    log_in(browser, live_server.url, artist)

    browser.get(f"{live_server.url}/admin/leads/lead/")
    assert browser.find_element(By.CSS_SELECTOR, "#result_list tbody tr").is_displayed()
    no_sideways_scroll(browser)
    screenshots.take(browser, "lead-list")
    row = browser.find_element(By.XPATH, f"//tr[.//a[contains(@href, '/admin/leads/lead/{lead.pk}/change/')]]")
    assert "A heron standing in reeds" in row.text
    row.find_element(By.CSS_SELECTOR, f"a[href*='/lead/{lead.pk}/change/']").click()
    wait_for(browser, lambda d: f"/admin/leads/lead/{lead.pk}/change/" in d.current_url)

    # The thread, in order, who wrote each line told apart; beside it the facts and the actions.
    assert thread_lines(browser) == list(CONVERSATION)
    labels = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "ol.lead-thread .lead-msg-by")]
    assert labels[:3] == ["CUSTOMER · SAM OKAFOR", "BOT", "CUSTOMER · SAM OKAFOR"]
    assert labels[-1] == "ARTIST"
    colours = {
        by: browser.find_element(By.CSS_SELECTOR, f"li.lead-msg-{by}").value_of_css_property("background-color")
        for by in ("customer", "bot", "artist")
    }
    assert len(set(colours.values())) == 3, colours
    facts = browser.find_element(By.CSS_SELECTOR, ".lead-facts").text
    assert "Needs Artist Reply" in facts
    assert browser.find_element(By.CSS_SELECTOR, "a.lead-action-resume").is_displayed()
    assert not browser.find_elements(By.CSS_SELECTOR, "a.lead-action-complete")  # only what the status allows
    no_sideways_scroll(browser)
    screenshots.take(browser, "lead-page")

    # Reply from the box under the thread: full width, sent, and at the end of the thread.
    box = browser.find_element(By.NAME, "reply-text")
    column = browser.find_element(By.CLASS_NAME, "lead-thread-column")
    assert box.size["width"] >= column.size["width"] - 2
    browser.execute_script("arguments[0].scrollIntoView()", box)
    box.send_keys("Great, see you on Thursday to draw it up.")
    screenshots.take(browser, "reply-typed")
    browser.find_element(By.CSS_SELECTOR, "button.lead-reply-send").click()
    wait_for(browser, lambda d: "Message queued" in d.find_element(By.CSS_SELECTOR, "ul.messagelist").text)
    assert thread_lines(browser)[-1] == ("artist", "Great, see you on Thursday to draw it up.")
    assert browser.find_element(By.NAME, "reply-text").get_attribute("value") == ""
    no_sideways_scroll(browser)
    screenshots.take(browser, "replied")
    sent = OutboundMessage.objects.get(lead=lead, purpose="artist_message")
    assert sent.text == "Great, see you on Thursday to draw it up."

    # An empty reply: a form error on the page, nothing sent.
    browser.find_element(By.CSS_SELECTOR, "button.lead-reply-send").click()
    error = wait_for(browser, lambda d: d.find_element(By.CSS_SELECTOR, ".lead-reply .errorlist"))
    assert "required" in error.text.lower()
    no_sideways_scroll(browser)
    screenshots.take(browser, "empty-reply")
    assert OutboundMessage.objects.filter(lead=lead, purpose="artist_message").count() == 1
    assert len(screenshots.saved) == 5
