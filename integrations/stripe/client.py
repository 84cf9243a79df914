"""A thin Stripe client: the official library, pointed at ``api_base`` (a local fake in tests).

It knows nothing of leads or deposits: callers pass plain values and get plain
values back, and every library error is sorted into transient (try again
later, with the same idempotency key) or permanent.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import stripe

TIMEOUT_SECONDS = 20
# The library's own retries (connection errors, 409, 429, 5xx), each with the same idempotency key.
NETWORK_RETRIES = 2


class StripeFailure(Exception):
    """A call that did not succeed; ``transient`` says whether the same call may work later."""

    def __init__(self, message: str, *, transient: bool, status: int | None = None, code: str = "") -> None:
        super().__init__(message)
        self.transient = transient
        self.status = status
        self.code = code


@dataclass(frozen=True)
class CheckoutRequest:
    amount: int  # minor units
    currency: str
    product_name: str
    client_reference_id: str
    metadata: dict[str, str]
    expires_at: datetime
    success_url: str
    cancel_url: str
    idempotency_key: str


@dataclass(frozen=True)
class CheckoutSession:
    id: str
    url: str
    status: str  # open, complete, expired
    payment_status: str  # paid, unpaid, no_payment_required
    payment_intent: str
    expires_at: datetime | None
    metadata: dict[str, str]
    raw: dict[str, Any]

    @classmethod
    def from_object(cls, obj: Any) -> CheckoutSession:
        raw = obj.to_dict() if hasattr(obj, "to_dict") else dict(obj)
        intent = raw.get("payment_intent") or ""
        expires = raw.get("expires_at")
        return cls(
            id=str(raw["id"]),
            url=str(raw.get("url") or ""),
            status=str(raw.get("status") or ""),
            payment_status=str(raw.get("payment_status") or ""),
            payment_intent=intent if isinstance(intent, str) else str(intent.get("id", "")),
            expires_at=datetime.fromtimestamp(int(expires), tz=UTC) if expires else None,
            metadata={str(k): str(v) for k, v in (raw.get("metadata") or {}).items()},
            raw=raw,
        )


class StripeClient:
    def __init__(self, *, api_key: str, api_base: str) -> None:
        self._client = stripe.StripeClient(
            api_key,
            base_addresses={"api": api_base.rstrip("/")},
            max_network_retries=NETWORK_RETRIES,
            http_client=stripe.RequestsClient(timeout=TIMEOUT_SECONDS),
        )

    def create_checkout_session(self, request: CheckoutRequest) -> CheckoutSession:
        params: dict[str, Any] = {
            "mode": "payment",
            "line_items": [
                {
                    "quantity": 1,
                    "price_data": {
                        "currency": request.currency,
                        "unit_amount": request.amount,
                        "product_data": {"name": request.product_name},
                    },
                }
            ],
            "client_reference_id": request.client_reference_id,
            "metadata": request.metadata,
            "payment_intent_data": {"metadata": request.metadata},
            "expires_at": int(request.expires_at.timestamp()),
            "success_url": request.success_url,
            "cancel_url": request.cancel_url,
        }
        with _sorted_errors():
            session = self._client.v1.checkout.sessions.create(
                params,  # type: ignore[arg-type]  # the library's TypedDict is stricter than a plain dict
                {"idempotency_key": request.idempotency_key},
            )
        return CheckoutSession.from_object(session)

    def create_refund(self, *, payment_intent: str, idempotency_key: str, amount: int | None = None) -> str:
        """Refund a payment (all of it unless ``amount``); the refund's id. The ``charge.refunded``
        webhook that follows is what marks the deposit refunded."""
        params: dict[str, Any] = {"payment_intent": payment_intent}
        if amount is not None:
            params["amount"] = amount
        with _sorted_errors():
            refund = self._client.v1.refunds.create(
                params,  # type: ignore[arg-type]
                {"idempotency_key": idempotency_key},
            )
        return str(refund.id)

    def retrieve_checkout_session(self, session_id: str) -> CheckoutSession:
        with _sorted_errors():
            return CheckoutSession.from_object(self._client.v1.checkout.sessions.retrieve(session_id))


@contextmanager
def _sorted_errors() -> Iterator[None]:
    try:
        yield
    except stripe.StripeError as exc:
        status = exc.http_status
        transient = isinstance(exc, stripe.APIConnectionError | stripe.RateLimitError) or (
            status is not None and status >= 500
        )
        message = str(exc.user_message or exc)[:300]
        raise StripeFailure(message, transient=transient, status=status, code=str(exc.code or "")) from exc


def verify_event(payload: bytes, signature: str | None, secret: str, *, tolerance: int = 300) -> dict[str, Any]:
    """The event as plain JSON, if ``signature`` is Stripe's for ``payload``; ``ValueError`` otherwise.

    ``stripe.Webhook.construct_event`` checks the signature (and the tolerance) on the raw bytes; the
    dict we act on is the body parsed again as plain JSON, not the library's object wrappers.
    """
    if not signature or not secret:
        raise ValueError("missing signature")
    try:
        stripe.Webhook.construct_event(payload, signature, secret, tolerance=tolerance)
    except stripe.SignatureVerificationError as exc:
        raise ValueError("bad signature") from exc
    except (TypeError, AttributeError, RecursionError) as exc:  # signed, but not an event: a list, deep nesting
        raise ValueError("not an event object") from exc
    # (construct_event raises ValueError itself for a body that is not JSON or not UTF-8.)
    try:
        event = json.loads(payload)
    except RecursionError as exc:
        raise ValueError("not an event object") from exc
    if not isinstance(event, dict):
        raise ValueError("not an event object")
    return event
