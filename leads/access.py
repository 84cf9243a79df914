"""Who sees and acts on what (docs/artists.md "Who sees what").

A staff user linked to an artist sees that artist's leads (and their appointments, transcripts,
media and figures) and the unassigned ones, which any artist may claim; nothing of another
artist's, whose ids answer "not found" as if they did not exist. A studio manager (a superuser,
or the ``leads.studio_manager`` permission) sees everything, and so does staff linked to no
artist: in a single-artist studio nothing changes for anyone.

On WhatsApp the same rule holds by number: a tap from an artist's own number acts on that
artist's leads only; the studio's number (``ARTIST_WHATSAPP_NUMBER``) is the manager's.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.conf import settings
from django.db.models import Model, Q, QuerySet

from leads.models import Artist, Lead
from tattoobot.foundations.process_cache import ProcessCache

M = TypeVar("M", bound=Model)
MANAGER_PERMISSION = "leads.studio_manager"
NUMBERS_TTL_SECONDS = 30.0


def is_studio_manager(user: Any) -> bool:
    return bool(user.is_superuser or user.has_perm(MANAGER_PERMISSION))


def restricted_to(user: Any) -> Artist | None:
    """The artist whose work alone this user sees; None when the user sees the whole studio. The
    link first (one query, kept on the user for the request): staff linked to no artist cost no
    permission lookup."""
    try:
        artist: Artist = user.artist
    except (Artist.DoesNotExist, AttributeError):
        return None
    return None if is_studio_manager(user) else artist


def visible(user: Any, queryset: QuerySet[M], path: str = "") -> QuerySet[M]:
    """``queryset`` narrowed to what ``user`` may see; ``path`` leads from its model to the lead
    ("" for leads, "lead" for an appointment or a transcript line). A row of another model is
    visible through its lead only: one without a lead (a studio-wide alert) is the manager's."""
    artist = restricted_to(user)
    if artist is None:
        return queryset
    if not path:
        return queryset.filter(Q(artist=artist) | Q(artist__isnull=True))
    mine = Q(**{f"{path}__artist": artist})
    unassigned = Q(**{f"{path}__isnull": False, f"{path}__artist__isnull": True})
    return queryset.filter(mine | unassigned)


class ArtistScopedAdmin:
    """For a ModelAdmin: its list, pages and lookups show only what the user may see (through
    ``lead_path``); another artist's row is "not found" like a missing one."""

    lead_path = "lead"

    def get_queryset(self, request: Any) -> QuerySet[Any]:
        return visible(request.user, super().get_queryset(request), self.lead_path)  # type: ignore[misc]


def lead_visible(user: Any, lead: Lead) -> bool:
    artist = restricted_to(user)
    return artist is None or lead.artist_id in (None, artist.pk)


# --- The artists' numbers (the inbox asks on every message) -------------------------------


def _own_numbers() -> frozenset[str]:
    return frozenset(Artist.objects.exclude(whatsapp_number="").values_list("whatsapp_number", flat=True))


_numbers = ProcessCache(_own_numbers, ttl=NUMBERS_TTL_SECONDS, models=[Artist])


def artist_numbers() -> frozenset[str]:
    """Every number an artist is notified on: the studio's and each artist's own, with no query
    per inbound message (``ProcessCache``)."""
    studio = settings.ARTIST_WHATSAPP_NUMBER
    return _numbers.get() | {studio} if studio else _numbers.get()


def number_may_act(phone: str, lead: Lead) -> bool:
    """A tap from ``phone`` may act on ``lead``: the studio's number, or the number of an artist
    who is a studio manager, on any lead; an artist's own number on the leads of the artists
    notified on it (and the unassigned ones)."""
    if settings.ARTIST_WHATSAPP_NUMBER and phone == settings.ARTIST_WHATSAPP_NUMBER:
        return True
    if lead.artist_id is None:
        return True
    on_number = list(Artist.objects.filter(whatsapp_number=phone).select_related("user"))
    if any(artist.pk == lead.artist_id for artist in on_number):
        return True
    return any(artist.user is not None and is_studio_manager(artist.user) for artist in on_number)
