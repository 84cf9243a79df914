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
        "--window-size=1280,1000",
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


@pytest.fixture
def screenshots(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Shots:
    return Shots(tmp_path_factory.mktemp(re.sub(r"\W+", "-", request.node.name)[:40]))


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
