"""The API docs page in a real Chromium whose resolver knows only the loopback names: Swagger UI
draws the staff API's operations, so its scripts and styles came from our own static files."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from tests.browser.conftest import Shots, log_in
from tests.browser.test_artist_day import wait_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_swagger_ui_renders_the_operations_from_local_files(
    browser: WebDriver, live_server: Any, artist: User, screenshots: Shots
) -> None:
    log_in(browser, live_server.url, artist)
    browser.get(f"{live_server.url}/api/schema/ui/")

    operations = wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".opblock .opblock-summary-path"))
    paths = {operation.get_attribute("data-path") for operation in operations}
    assert {"/api/leads/", "/api/leads/{lead_id}/approve/", "/api/metrics/funnel/"} <= paths
    assert browser.find_element(By.CSS_SELECTOR, ".info .title").text.startswith("TattooBot staff API")
    assert browser.execute_script("return typeof SwaggerUIBundle") == "function"
    assert browser.find_elements(By.CSS_SELECTOR, ".swagger-ui .validator, img[src*='validator']") == []

    # Everything the page fetched, scripts and the schema included, came from the live server.
    fetched = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    scripts = [url for url in fetched if url.endswith(".js")]
    assert any(url.endswith("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js") for url in scripts)
    assert fetched
    assert all(url.startswith(f"{live_server.url}/") for url in fetched), fetched
    screenshots.take(browser, "swagger-ui")
