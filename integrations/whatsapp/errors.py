"""The typed errors every WhatsApp backend raises."""

from __future__ import annotations

# Meta error codes (https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/).
THROUGHPUT_CODES = frozenset({"130429", "131056", "4", "80007", "131048"})  # rate and pair limits: retry
WINDOW_CODES = frozenset({"131047", "470"})  # outside the 24-hour window: use a template
TRANSIENT_CODES = THROUGHPUT_CODES | frozenset({"1", "2", "131000", "131016", "133004"})


class WhatsAppError(Exception):
    """A call failed. ``permanent`` errors are never retried; others are, with backoff."""

    def __init__(self, message: str, *, code: str = "", permanent: bool = False, status: int | None = None):
        super().__init__(message)
        self.code = code
        self.permanent = permanent
        self.status = status


class OutsideWindow(WhatsAppError):
    """Meta refused a free-form message outside the customer's 24-hour window (131047/470)."""

    def __init__(self, message: str, *, code: str, status: int | None = None):
        super().__init__(message, code=code, permanent=True, status=status)


def classify(status: int, code: str, message: str) -> WhatsAppError:
    """Meta's HTTP status and error code → the project's error, permanent or worth a retry."""
    if code in WINDOW_CODES:
        return OutsideWindow(message, code=code, status=status)
    transient = status >= 500 or status == 429 or code in TRANSIENT_CODES
    return WhatsAppError(message, code=code, permanent=not transient, status=status)
