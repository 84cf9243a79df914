"""The caller's IP address, believing ``X-Forwarded-For`` only from ``TRUSTED_PROXIES``."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def client_ip(request: HttpRequest) -> str:
    """Walk the forwarded chain from the nearest hop back, stopping at the first untrusted address."""
    remote = str(request.META.get("REMOTE_ADDR", ""))
    trusted = settings.TRUSTED_PROXIES
    if remote not in trusted:
        return remote
    forwarded = [hop.strip() for hop in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",") if hop.strip()]
    for hop in reversed(forwarded):
        if not _valid(hop):
            break  # a garbled chain: believe nothing further back
        if hop not in trusted:
            return hop
    return remote
