"""Reference media (docs/sending.md): each media id fetched from the Graph API into Django's storage.

16 MB at most; the content type must be an image, a PDF or a video, and
match what Meta's metadata said. Transient errors retry (the task's backoff);
anything else marks the row failed with the reason. Console backend: there is
nothing to fetch, the row stays pending with a note.
"""

from __future__ import annotations

import logging
import mimetypes

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone

from conversations.messaging.backend import cloud_backend
from conversations.models import MediaState, ReferenceMedia
from integrations.whatsapp.cloud import MAX_MEDIA_BYTES
from integrations.whatsapp.errors import WhatsAppError

logger = logging.getLogger(__name__)
# Raster images, PDFs and common videos only: an SVG (script inside) is never kept.
ALLOWED_TYPES = frozenset(
    {"image/jpeg", "image/png", "image/webp", "image/gif", "application/pdf", "video/mp4", "video/3gpp"}
)


def _allowed(content_type: str) -> bool:
    return content_type in ALLOWED_TYPES


def _fail(media: ReferenceMedia, error: str) -> None:
    ReferenceMedia.objects.filter(pk=media.pk).update(state=MediaState.FAILED, error=error[:300])
    logger.warning("media %s not stored: %s", media.pk, error)


def media_give_up(*, media_pk: int, error: str) -> None:
    ReferenceMedia.objects.filter(pk=media_pk, state=MediaState.PENDING).update(
        state=MediaState.FAILED, error=error[:300]
    )


def media_fetch(*, media_pk: int) -> str:
    """Fetch one media row's file; returns its new state. Raises ``WhatsAppError`` when worth a retry."""
    media = ReferenceMedia.objects.select_related("lead__customer").filter(pk=media_pk).first()
    if media is None or media.state != MediaState.PENDING or not media.media_id:
        return media.state if media else "missing"
    if media.lead.customer.is_sandbox or settings.WHATSAPP_BACKEND != "cloud":
        ReferenceMedia.objects.filter(pk=media.pk).update(error="console backend: nothing to fetch")
        return MediaState.PENDING
    backend = cloud_backend()
    try:
        info = backend.media_info(media.media_id)
        if info.file_size is not None and info.file_size > MAX_MEDIA_BYTES:
            _fail(media, f"{info.file_size} bytes is over 16 MB")
            return MediaState.FAILED
        if not _allowed(info.mime_type):
            _fail(media, f"type {info.mime_type or 'unknown'} is not an image, PDF or video")
            return MediaState.FAILED
        data, content_type = backend.media_download(info.url, max_bytes=MAX_MEDIA_BYTES)
    except WhatsAppError as exc:
        if exc.permanent:
            _fail(media, str(exc))
            return MediaState.FAILED
        raise
    if content_type != info.mime_type:
        _fail(media, f"download is {content_type or 'untyped'}, not {info.mime_type}")
        return MediaState.FAILED
    extension = mimetypes.guess_extension(info.mime_type) or ".bin"
    media.file.save(f"{media.pk}{extension}", ContentFile(data), save=False)
    ReferenceMedia.objects.filter(pk=media.pk, state=MediaState.PENDING).update(
        file=media.file.name,
        size_bytes=len(data),
        mime_type=info.mime_type[:100],
        state=MediaState.STORED,
        fetched_at=timezone.now(),
        error="",
    )
    return MediaState.STORED
