"""The typed errors every WhatsApp backend raises."""

from __future__ import annotations


class WhatsAppError(Exception):
    """A send failed. ``permanent`` errors are never retried; others are."""

    def __init__(self, message: str, *, code: str = "", permanent: bool = False, status: int | None = None):
        super().__init__(message)
        self.code = code
        self.permanent = permanent
        self.status = status
