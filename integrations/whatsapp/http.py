"""The one HTTP wrapper for the Graph API: bearer auth, timeouts, Meta's errors as typed errors."""

from __future__ import annotations

import os
from typing import Any

import requests

from integrations.whatsapp.errors import WhatsAppError, classify

TIMEOUT = (5.0, 20.0)  # connect, read (seconds)


def environment_session(base_url: str) -> requests.Session:
    """A session that reads the environment's proxy (``HTTPS_PROXY``, ``NO_PROXY``) and CA bundle
    (``REQUESTS_CA_BUNDLE``) once, here. With ``trust_env`` requests looks them up, and
    ``~/.netrc``, on every call: measured, a third of the client's CPU per message sent."""
    session = requests.Session()
    session.trust_env = False
    session.proxies.update(requests.utils.get_environ_proxies(base_url))
    bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
    if bundle:
        session.verify = bundle
    return session


class GraphClient:
    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        session: requests.Session | None = None,
        timeout: tuple[float, float] = TIMEOUT,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.session = session or environment_session(self.base_url)
        # Media files come from another host of Meta's: its own session, proxy rules judged per call.
        self.other_hosts = session or requests.Session()
        self.timeout = timeout

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def request(
        self,
        method: str,
        path_or_url: str,
        *,
        json: Any = None,
        stream: bool = False,
        timeout: tuple[float, float] | None = None,
    ) -> requests.Response:
        """One call; any failure is a ``WhatsAppError`` (network and 5xx transient, 4xx by Meta's code)."""
        absolute = path_or_url.startswith(("http://", "https://"))
        url = path_or_url if absolute else f"{self.base_url}/{path_or_url}"
        session = self.other_hosts if absolute and not url.startswith(f"{self.base_url}/") else self.session
        try:
            response = session.request(
                method, url, json=json, headers=self._headers(), timeout=timeout or self.timeout, stream=stream
            )
        except requests.RequestException as exc:
            raise WhatsAppError(f"network error: {type(exc).__name__}: {exc}", code="network") from exc
        if response.status_code >= 400:
            raise error_from_response(response)
        return response

    def json(
        self, method: str, path: str, *, json: Any = None, timeout: tuple[float, float] | None = None
    ) -> dict[str, Any]:
        response = self.request(method, path, json=json, timeout=timeout)
        try:
            data = response.json()
        except ValueError as exc:
            raise WhatsAppError("Meta answered with a body that is not JSON", code="bad_response") from exc
        if not isinstance(data, dict):
            raise WhatsAppError("Meta answered with JSON that is not an object", code="bad_response")
        return data


def error_from_response(response: requests.Response) -> WhatsAppError:
    code, message = "", f"HTTP {response.status_code}"
    try:
        error = response.json().get("error", {})
    except (ValueError, AttributeError):
        error = {}
    if isinstance(error, dict):
        code = str(error.get("code", "") or "")
        details = error.get("error_data", {}).get("details") if isinstance(error.get("error_data"), dict) else None
        message = str(details or error.get("message") or message)[:500]
    return classify(response.status_code, code, message)
