"""The Cloud API backend: send messages, read media metadata, download media."""

from __future__ import annotations

from dataclasses import dataclass

from integrations.whatsapp.errors import WhatsAppError
from integrations.whatsapp.http import GraphClient

MAX_MEDIA_BYTES = 16 * 1024 * 1024
RECEIPT_TIMEOUT = (2.0, 5.0)  # connect, read (seconds)


@dataclass(frozen=True)
class MediaInfo:
    url: str
    mime_type: str
    file_size: int | None
    sha256: str


class CloudBackend:
    def __init__(self, *, base_url: str, phone_number_id: str, token: str, client: GraphClient | None = None):
        self.phone_number_id = phone_number_id
        self.client = client or GraphClient(base_url, token)

    def send(self, body: dict[str, object]) -> str:
        """POST /{phone-number-id}/messages; returns the wamid."""
        data = self.client.json("POST", f"{self.phone_number_id}/messages", json=body)
        messages = data.get("messages")
        if not isinstance(messages, list) or not messages or not isinstance(messages[0], dict):
            raise WhatsAppError("Meta's answer has no messages[0].id", code="bad_response")
        wamid = messages[0].get("id")
        if not isinstance(wamid, str) or not wamid:
            raise WhatsAppError("Meta's answer has no messages[0].id", code="bad_response")
        return wamid

    def mark_read(self, message_id: str) -> None:
        """POST /{phone-number-id}/messages with ``status: read``; Meta answers ``{"success": true}``.
        Short timeouts: a receipt is not worth holding a worker for."""
        body = {"messaging_product": "whatsapp", "status": "read", "message_id": message_id}
        data = self.client.json("POST", f"{self.phone_number_id}/messages", json=body, timeout=RECEIPT_TIMEOUT)
        if data.get("success") is not True:
            raise WhatsAppError("Meta did not confirm the read receipt", code="bad_response")

    def media_info(self, media_id: str) -> MediaInfo:
        """GET /{media-id}: a short-lived download URL and the file's type and size."""
        data = self.client.json("GET", media_id)
        url = data.get("url")
        if not isinstance(url, str) or not url:
            raise WhatsAppError("media has no download URL", code="bad_response", permanent=True)
        size = data.get("file_size")
        return MediaInfo(
            url=url,
            mime_type=str(data.get("mime_type", "")),
            file_size=int(size) if isinstance(size, int | str) and str(size).isdigit() else None,
            sha256=str(data.get("sha256", "")),
        )

    def media_download(self, url: str, *, max_bytes: int = MAX_MEDIA_BYTES) -> tuple[bytes, str]:
        """The file's bytes and content type; larger than ``max_bytes`` is a permanent error."""
        response = self.client.request("GET", url, stream=True)
        length = response.headers.get("Content-Length")
        if length and length.isdigit() and int(length) > max_bytes:
            response.close()
            raise WhatsAppError(f"media is {length} bytes, over {max_bytes}", code="too_large", permanent=True)
        chunks, total = [], 0
        for chunk in response.iter_content(chunk_size=64 * 1024):
            total += len(chunk)
            if total > max_bytes:
                response.close()
                raise WhatsAppError(f"media is over {max_bytes} bytes", code="too_large", permanent=True)
            chunks.append(chunk)
        content_type = response.headers.get("Content-Type", "").split(";")[0].strip()
        return b"".join(chunks), content_type
