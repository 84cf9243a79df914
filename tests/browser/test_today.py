"""Today in a real browser, on a phone (390×844) and a desktop (1366×900): the artist signs in, reads
what waits on them, opens a count's leads and an appointment's lead; nothing scrolls sideways."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from leads.models import Appointment, Artist, Lead
from tests.browser.conftest import DESKTOP, PHONE, Shots, click_through, log_in, no_sideways_scroll, window

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def morning(make_lead: Callable[..., Lead], make_customer: Callable[..., Any]) -> dict[str, Lead]:
    artist = Artist.objects.order_by("pk").first()
    assert artist is not None
    now = timezone.now()
    pending = make_lead(status="pending_approval", customer=make_customer(profile_name="Pia Pending"))
    Lead.objects.filter(pk=pending.pk).update(idea="A fine line swallow with a very long banner reading mother")
    booked = make_lead(status="booked", customer=make_customer(profile_name="Bea Booked"))
    Lead.objects.filter(pk=booked.pk).update(idea="Koi fish on the upper arm", artist=artist)
    start = now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    Appointment.objects.create(lead=booked, artist=artist, start=start, end=start + timedelta(hours=2))
    return {"pending": pending, "booked": booked}


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_artist_runs_the_morning_from_today(
    browser: WebDriver,
    live_server: Any,
    artist: User,
    morning: dict[str, Lead],
    screenshots: Shots,
    size: tuple[int, int],
) -> None:
    window(browser, size)
    log_in(browser, live_server.url, artist)
    browser.get(f"{live_server.url}/admin/")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Today"
    assert browser.find_element(By.CSS_SELECTOR, "#card-pending .today-count").text == "1"
    assert "Bea Booked" in browser.find_element(By.ID, "today-appointments").text
    no_sideways_scroll(browser)
    screenshots.take(browser, "today")

    click_through(browser, browser.find_element(By.ID, "card-pending"))
    assert "attention=pending" in browser.current_url
    rows = browser.find_elements(By.CSS_SELECTOR, "#result_list tbody tr")
    assert len(rows) == 1
    assert "Pia Pending" in rows[0].text or "swallow" in rows[0].text
    no_sideways_scroll(browser)
    screenshots.take(browser, "pending-leads")

    browser.get(f"{live_server.url}/admin/")
    click_through(browser, browser.find_element(By.CSS_SELECTOR, "#today-appointments a"))
    assert f"/admin/leads/lead/{morning['booked'].pk}/change/" in browser.current_url
    no_sideways_scroll(browser)
    screenshots.take(browser, "appointment-lead")

    browser.get(f"{live_server.url}/admin/")
    click_through(browser, browser.find_element(By.LINK_TEXT, "Calendar"))
    assert "/admin/leads/lead/calendar/" in browser.current_url
    no_sideways_scroll(browser)
    screenshots.take(browser, "calendar")
