"""A real browser: Debian's Chromium driven by its ChromeDriver through Selenium.

Chromium is told to resolve nothing but the loopback names, so a page can
reach the live server and nothing else. ``make test`` installs the packages
where they are missing; a machine without them fails here, it never skips.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.expected_conditions import staleness_of
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
ARTIST_PASSWORD = "pw-mika-browser-1"


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-default-apps",
        "--disable-sync",
        "--disable-extensions",
        "--no-first-run",
        "--window-size=1366,900",
        # Loopback only: any other host name fails to resolve inside the browser.
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    driver.implicitly_wait(5)
    try:
        yield driver
    finally:
        driver.quit()


# Screenshots are test artefacts: kept after the run under var/ (git-ignored), one folder per test.
ARTEFACTS = Path(__file__).resolve().parents[2] / "var" / "artefacts" / "screenshots"
PHONE = (390, 844)
DESKTOP = (1366, 900)


@pytest.fixture
def screenshots(request: pytest.FixtureRequest) -> Shots:
    folder = ARTEFACTS / re.sub(r"\W+", "-", request.node.name)[:80].strip("-")
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    return Shots(folder)


def window(driver: WebDriver, size: tuple[int, int]) -> None:
    """Resize the browser's viewport (not the outer window) to ``size``: 390×844 is a phone."""
    width, height = size
    driver.set_window_size(width, height)
    inner = driver.execute_script("return [window.innerWidth, window.innerHeight]")
    driver.set_window_size(2 * width - inner[0], 2 * height - inner[1])


def click_through(driver: WebDriver, element: WebElement, timeout: float = 10) -> None:
    """Click a link or a submit button and wait for the next page, loaded: reading right after a click
    can otherwise find the old page's elements (stale, or the old values) or a page still loading."""
    page = driver.find_element(By.TAG_NAME, "html")
    element.click()
    wait = WebDriverWait(driver, timeout)
    wait.until(staleness_of(page))
    wait.until(lambda d: d.execute_script("return document.readyState") == "complete")


def no_sideways_scroll(driver: WebDriver) -> None:
    """The page is no wider than the viewport: nothing to scroll sideways."""
    widths = driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"page is {widths[0]} px wide in a {widths[1]} px viewport"


class Shots:
    """One PNG per step, numbered, under the test run's temporary folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.saved: list[Path] = []

    def take(self, driver: WebDriver, step: str) -> Path:
        path = self.folder / f"{len(self.saved) + 1:02d}-{step}.png"
        assert driver.save_screenshot(str(path)), f"no screenshot for {step}"
        self.saved.append(path)
        return path


@pytest.fixture
def artist(transactional_db: None) -> User:
    return User.objects.create_superuser("mika", email="mika@example.com", password=ARTIST_PASSWORD)


def log_in(driver: WebDriver, base_url: str, user: User) -> None:
    driver.delete_all_cookies()
    driver.get(f"{base_url}/admin/login/")
    driver.find_element(By.ID, "id_username").send_keys(user.get_username())
    driver.find_element(By.ID, "id_password").send_keys(ARTIST_PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    assert driver.find_element(By.ID, "user-tools").text.upper().startswith("WELCOME")
