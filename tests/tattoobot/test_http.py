"""Health probes, body limits, JSON errors and correlation ids (docs/operations.md, docs/security.md)."""

from __future__ import annotations

import logging

import pytest
from django.test import Client, override_settings

from tattoobot.foundations.logging import CorrelationIdFilter, reset_correlation_id, set_correlation_id

pytestmark = pytest.mark.django_db
TWO_MIB = b"x" * (2 * 1024 * 1024)


def test_healthz(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_when_database_and_redis_answer(client: Client) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_readyz_is_503_when_redis_is_unreachable(client: Client) -> None:
    with override_settings(REDIS_URL="redis://127.0.0.1:1/0"):
        response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert "broker" in body["detail"]
    assert "database" not in body["detail"]


def test_readyz_is_503_when_the_embedded_queue_folder_is_missing(client: Client, tmp_path) -> None:
    with override_settings(REDIS_URL="", CELERY_FILESYSTEM_DIR=tmp_path / "absent"):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert "broker" in response.json()["detail"]


@pytest.mark.parametrize("path", ["/api/leads/", "/webhooks/whatsapp", "/healthz", "/nowhere"])
def test_bodies_over_one_mebibyte_get_413(client: Client, path: str) -> None:
    response = client.post(path, data=TWO_MIB, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["error"] == "payload_too_large"


def test_a_body_of_exactly_one_mebibyte_is_accepted(client: Client) -> None:
    with override_settings(ROOT_URLCONF="tests.tattoobot.urls_probe"):
        response = client.post("/read-body", data=b"y" * (1024 * 1024), content_type="text/plain")
    assert response.status_code == 200
    assert response.json() == {"length": 1024 * 1024}


def test_a_lying_content_length_cannot_smuggle_a_big_body(client: Client) -> None:
    # Django reads no more than Content-Length; the body past it is ignored, never buffered.
    with override_settings(ROOT_URLCONF="tests.tattoobot.urls_probe"):
        response = client.generic("POST", "/read-body", TWO_MIB, content_type="text/plain", CONTENT_LENGTH="10")
    assert response.status_code == 200
    assert response.json() == {"length": 10}


def test_bad_content_length_is_400(client: Client) -> None:
    response = client.generic("POST", "/healthz", b"{}", content_type="application/json", CONTENT_LENGTH="ten")
    assert response.status_code == 400
    assert response.json()["error"] == "bad_request"


def test_unknown_path_is_json_404(client: Client) -> None:
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"error": "not_found", "detail": "Nothing here."}


def test_wrong_method_is_json_405_with_allow(client: Client) -> None:
    response = client.delete("/healthz")
    assert response.status_code == 405
    assert response.json()["error"] == "method_not_allowed"
    assert "GET" in response["Allow"]


def test_admin_keeps_its_own_html_pages(client: Client) -> None:
    response = client.get("/admin/no-such-model/")
    assert response.status_code in {302, 404}
    assert response["Content-Type"].startswith("text/html")


def test_server_error_outside_admin_is_json(db) -> None:
    client = Client(raise_request_exception=False)
    with override_settings(ROOT_URLCONF="tests.tattoobot.urls_probe"):
        response = client.get("/explode")
    assert response.status_code == 500
    assert response.json()["error"] == "server_error"


class TestCorrelationId:
    def test_generated_and_echoed(self, client: Client) -> None:
        response = client.get("/healthz")
        assert len(response["X-Correlation-ID"]) == 32

    def test_callers_id_is_kept(self, client: Client) -> None:
        response = client.get("/healthz", headers={"X-Correlation-ID": "meta-retry-42"})
        assert response["X-Correlation-ID"] == "meta-retry-42"

    @pytest.mark.parametrize("bad", ["has space", "x" * 65, "new\nline", "ünïcode"])
    def test_odd_ids_are_replaced(self, client: Client, bad: str) -> None:
        response = client.get("/healthz", HTTP_X_CORRELATION_ID=bad)
        assert response["X-Correlation-ID"] != bad
        assert len(response["X-Correlation-ID"]) == 32

    def test_log_lines_inside_the_request_carry_it(self, client: Client, caplog) -> None:
        caplog.set_level(logging.INFO, logger="tests.probe")
        caplog.handler.addFilter(CorrelationIdFilter())
        with override_settings(ROOT_URLCONF="tests.tattoobot.urls_probe"):
            response = client.get("/probe", headers={"X-Correlation-ID": "abc-123"})
        assert response.json() == {"correlation_id": "abc-123"}
        (record,) = [r for r in caplog.records if r.name == "tests.probe"]
        assert record.correlation_id == "abc-123"

    def test_id_does_not_leak_past_the_request(self, client: Client) -> None:
        from tattoobot.foundations.logging import get_correlation_id

        client.get("/healthz", headers={"X-Correlation-ID": "leak-check"})
        assert get_correlation_id() == "-"

    def test_celery_messages_carry_the_id_and_tasks_restore_it(self) -> None:
        from types import SimpleNamespace

        from tattoobot.celery import _attach_correlation_id, _clear_correlation_id, _restore_correlation_id
        from tattoobot.foundations.logging import get_correlation_id

        headers: dict[str, str] = {}
        token = set_correlation_id("req-77")
        try:
            _attach_correlation_id(headers=headers)
        finally:
            reset_correlation_id(token)
        assert headers["tattoobot_correlation_id"] == "req-77"

        task = SimpleNamespace(request=SimpleNamespace(tattoobot_correlation_id="req-77"))
        _restore_correlation_id(task_id="t1", task=task)
        assert get_correlation_id() == "req-77"
        _clear_correlation_id(task_id="t1")
        assert get_correlation_id() == "-"


def test_log_filter_falls_back_to_the_logged_request() -> None:
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Not Found", (), None)
    record.request = type("R", (), {"correlation_id": "from-request"})()
    CorrelationIdFilter().filter(record)
    assert record.correlation_id == "from-request"  # type: ignore[attr-defined]
