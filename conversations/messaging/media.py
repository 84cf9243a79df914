"""Reference media (docs/sending.md): each media id fetched from the Graph API into Django's storage.

16 MB at most; the content type must be an image, a PDF, a video or audio (a
voice note), and match what Meta's metadata said (parameters such as
``codecs=opus`` aside). Transient errors retry (the task's backoff);
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
# Raster images, PDFs, common videos and the audio types WhatsApp sends (a voice note is
# Ogg/Opus): an SVG (script inside) is never kept.
ALLOWED_TYPES = frozenset(
    {"image/jpeg", "image/png", "image/webp", "image/gif", "application/pdf", "video/mp4", "video/3gpp"}
    | {"audio/ogg", "audio/mpeg", "audio/mp4", "audio/aac", "audio/amr"}
)
# Extensions the platform's table may lack or spell oddly (``.oga``, ``.mp2``).
EXTENSIONS = {"audio/ogg": ".ogg", "audio/mpeg": ".mp3", "audio/mp4": ".m4a", "audio/aac": ".aac", "audio/amr": ".amr"}


def base_type(content_type: str) -> str:
    """``audio/ogg; codecs=opus`` → ``audio/ogg``."""
    return content_type.split(";", 1)[0].strip().lower()


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
        expected = base_type(info.mime_type)
        if not _allowed(expected):
            _fail(media, f"type {info.mime_type or 'unknown'} is not an image, PDF, video or audio")
            return MediaState.FAILED
        data, content_type = backend.media_download(info.url, max_bytes=MAX_MEDIA_BYTES)
    except WhatsAppError as exc:
        if exc.permanent:
            _fail(media, str(exc))
            return MediaState.FAILED
        raise
    if base_type(content_type) != expected:
        _fail(media, f"download is {content_type or 'untyped'}, not {expected}")
        return MediaState.FAILED
    extension = EXTENSIONS.get(expected) or mimetypes.guess_extension(expected) or ".bin"
    media.file.save(f"{media.pk}{extension}", ContentFile(data), save=False)
    ReferenceMedia.objects.filter(pk=media.pk, state=MediaState.PENDING).update(
        file=media.file.name,
        size_bytes=len(data),
        mime_type=expected[:100],
        state=MediaState.STORED,
        fetched_at=timezone.now(),
        error="",
    )
    return MediaState.STORED
