"""The calendar in a real browser: a time grid of the week on a desktop, a list of days on a phone,
neither scrolling sideways; blocks open their lead."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from leads.models import Appointment, Artist, Lead, StudioSettings
from tests.browser.conftest import DESKTOP, PHONE, Shots, click_through, log_in, no_sideways_scroll, window
from tests.conftest import force_status

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
URL = "/admin/leads/lead/calendar/"


def this_monday() -> date:
    today = timezone.now().astimezone(StudioSettings.load().tzinfo).date()
    return today - timedelta(days=today.weekday())


@pytest.fixture
def week(make_lead: Callable[..., Lead], make_customer: Callable[..., Any]) -> dict[str, Appointment]:
    """A busy week for two artists (two overlapping appointments on Tuesday, a held move)."""
    tz = StudioSettings.load().tzinfo
    mia = Artist.objects.order_by("pk").first()
    assert mia is not None
    kai = Artist.objects.create(name="Kai", position=1)
    monday = this_monday()
    made = {}
    plan = [
        ("Zoe Ink", mia, 0, 10, 3, "A swallow on the wrist with fine line leaves"),
        ("Bo Needle", kai, 1, 11, 2, "Koi fish sleeve, session one"),
        ("Cy Shade", mia, 1, 10, 4, "Geometric wolf on the thigh"),
        ("Di Moves", kai, 3, 14, 2, "A small moon behind the ear"),
        ("Ed Late", mia, 4, 15, 3, "Botanical ribs piece"),
    ]
    for name, artist, weekday, hour, hours, idea in plan:
        lead = make_lead(status="booked", customer=make_customer(profile_name=name), artist=artist, idea=idea)
        start = datetime.combine(monday + timedelta(days=weekday), time(hour), tzinfo=tz)
        end = start + timedelta(hours=hours)
        made[name] = Appointment.objects.create(lead=lead, artist=artist, start=start, end=end)
    force_status(made["Di Moves"].lead, "booking_pending")  # the customer is moving it: held
    return made


def open_calendar(browser: WebDriver, base_url: str, query: str = "") -> None:
    browser.get(f"{base_url}{URL}{query}")
    assert browser.find_element(By.CSS_SELECTOR, ".cal-nav")


def tops_and_lefts(browser: WebDriver, selector: str) -> list[tuple[int, int]]:
    return [(round(e.rect["y"]), round(e.rect["x"])) for e in browser.find_elements(By.CSS_SELECTOR, selector)]


def test_the_week_is_a_grid_on_a_desktop(
    browser: WebDriver, live_server: Any, artist: User, week: dict[str, Appointment], screenshots: Shots
) -> None:
    log_in(browser, live_server.url, artist)
    window(browser, DESKTOP)
    open_calendar(browser, live_server.url)
    no_sideways_scroll(browser)
    days = tops_and_lefts(browser, ".cal-day")
    assert len(days) == 7
    assert len({top for top, _ in days}) == 1  # side by side
    assert [left for _, left in days] == sorted(left for _, left in days)
    assert browser.find_element(By.CSS_SELECTOR, ".cal-ruler").is_displayed()
    assert browser.find_element(By.CSS_SELECTOR, ".cal-day.cal-today .cal-today-badge").is_displayed()
    blocks = browser.find_elements(By.CSS_SELECTOR, ".cal-block")
    assert len(blocks) == 5
    tuesday = browser.find_elements(By.CSS_SELECTOR, ".cal-day")[1].find_elements(By.CSS_SELECTOR, ".cal-block")
    assert len(tuesday) == 2
    assert tuesday[0].rect["x"] + tuesday[0].rect["width"] <= tuesday[1].rect["x"] + 1  # overlapping: side by side
    assert tuesday[0].value_of_css_property("background-color") != tuesday[1].value_of_css_property("background-color")
    held = browser.find_element(By.CSS_SELECTOR, ".cal-block.cal-held")
    assert "Di Moves" in held.text
    assert held.value_of_css_property("border-top-style") == "dashed"
    zoe = next(b for b in blocks if "Zoe Ink" in b.text)
    later = next(b for b in blocks if "Ed Late" in b.text)
    assert zoe.rect["height"] > 2 * browser.find_element(By.CSS_SELECTOR, ".cal-ruler span").size["height"]
    assert later.rect["y"] > zoe.rect["y"]  # 15:00 sits below 10:00
    screenshots.take(browser, "week-desktop")

    click_through(browser, browser.find_element(By.CSS_SELECTOR, ".cal-to-day"))
    assert len(browser.find_elements(By.CSS_SELECTOR, ".cal-day")) == 1
    no_sideways_scroll(browser)
    screenshots.take(browser, "day-desktop")

    open_calendar(browser, live_server.url)
    click_through(browser, next(b for b in browser.find_elements(By.CSS_SELECTOR, ".cal-block") if "Zoe Ink" in b.text))
    assert f"/admin/leads/lead/{week['Zoe Ink'].lead_id}/change/" in browser.current_url


def test_the_week_is_a_list_of_days_on_a_phone(
    browser: WebDriver, live_server: Any, artist: User, week: dict[str, Appointment], screenshots: Shots
) -> None:
    log_in(browser, live_server.url, artist)
    window(browser, PHONE)
    open_calendar(browser, live_server.url)
    no_sideways_scroll(browser)
    days = tops_and_lefts(browser, ".cal-day")
    assert len(days) == 7
    assert [top for top, _ in days] == sorted(top for top, _ in days)
    assert len({top for top, _ in days}) == 7  # one under another
    assert not browser.find_element(By.CSS_SELECTOR, ".cal-ruler").is_displayed()
    sunday = browser.find_elements(By.CSS_SELECTOR, ".cal-day")[6]
    assert sunday.find_element(By.CSS_SELECTOR, ".cal-empty").text == "Closed."
    for block in browser.find_elements(By.CSS_SELECTOR, ".cal-block"):
        assert block.rect["x"] >= 0
        assert block.rect["x"] + block.rect["width"] <= 390
    screenshots.take(browser, "week-phone")
    browser.execute_script("window.scrollTo(0, document.body.scrollHeight)")
    screenshots.take(browser, "week-phone-end")

    click_through(browser, browser.find_element(By.CSS_SELECTOR, ".cal-next"))
    assert f"day={this_monday() + timedelta(days=7):%Y-%m-%d}" in browser.current_url
    assert not browser.find_elements(By.CSS_SELECTOR, ".cal-block")
    no_sideways_scroll(browser)
    click_through(browser, browser.find_element(By.CSS_SELECTOR, ".cal-to-today"))
    assert len(browser.find_elements(By.CSS_SELECTOR, ".cal-block")) == 5

    open_calendar(browser, live_server.url, f"?view=day&day={this_monday() + timedelta(days=1):%Y-%m-%d}")
    assert len(browser.find_elements(By.CSS_SELECTOR, ".cal-block")) == 2
    no_sideways_scroll(browser)
    screenshots.take(browser, "day-phone")

    select = browser.find_element(By.ID, "cal-artist")
    select.find_element(By.XPATH, "option[. = 'Kai']").click()
    click_through(browser, browser.find_element(By.CSS_SELECTOR, ".cal-filter input[type=submit]"))
    assert [b.text.splitlines()[1] for b in browser.find_elements(By.CSS_SELECTOR, ".cal-block")] == ["Bo Needle"]
    no_sideways_scroll(browser)
    screenshots.take(browser, "day-phone-kai")
