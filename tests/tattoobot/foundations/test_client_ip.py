"""TRUSTED_PROXIES: X-Forwarded-For is believed only from them."""

import pytest
from django.test import RequestFactory, override_settings

from tattoobot.foundations.client_ip import client_ip


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("203.0.113.9", "", "203.0.113.9"),
        ("203.0.113.9", "1.2.3.4", "203.0.113.9"),  # untrusted peer: header ignored
        ("10.0.0.1", "198.51.100.7", "198.51.100.7"),
        ("10.0.0.1", "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # spoofed left part ignored
        ("10.0.0.1", "198.51.100.7, 10.0.0.2", "198.51.100.7"),  # chain of trusted proxies
        ("10.0.0.1", "not-an-ip", "10.0.0.1"),
        ("10.0.0.1", "", "10.0.0.1"),
    ],
)
def test_client_ip(remote: str, forwarded: str, expected: str) -> None:
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(TRUSTED_PROXIES=frozenset({"10.0.0.1", "10.0.0.2"})):
        assert client_ip(request) == expected
