"""The admin's branding (docs/decisions.md "Branding the stock admin").

A context processor: ``studio_name`` (the studio's name from its settings, ``artist_name``, which
names the studio while a customer has not chosen an artist) for the header, the browser title and
the login page; ``staff_name`` (the signed-in user's artist's name, else their own) for the user
tools. Both are lazy, so a page that shows neither (the consent form, the API) asks nothing, and
the studio's name is kept in the process (``ProcessCache``): an admin page costs no query for it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpRequest
from django.utils.functional import lazy

from leads.models import StudioSettings
from tattoobot.foundations.process_cache import ProcessCache

PRODUCT = "TattooBot"
STUDIO_NAME_TTL_SECONDS = 60.0


def _load_studio_name() -> str:
    names = StudioSettings.objects.filter(pk=StudioSettings.SINGLETON_PK).values_list("artist_name", flat=True)
    return (names.first() or "").strip()


_studio_name = ProcessCache(_load_studio_name, ttl=STUDIO_NAME_TTL_SECONDS, models=[StudioSettings])


def studio_name() -> str:
    """The studio's name, or the product's before the studio has one."""
    return _studio_name.get() or PRODUCT


def staff_name(user: Any) -> str:
    """The name the user tools greet: the linked artist's (as customers know them), else the user's."""
    try:
        artist = user.artist
    except (ObjectDoesNotExist, AttributeError):
        artist = None
    if artist is not None and artist.name:
        return str(artist.name)
    if not getattr(user, "is_authenticated", False):
        return ""
    return str(user.get_short_name() or user.get_username())


def branding(request: HttpRequest) -> dict[str, Any]:
    return {
        "studio_name": lazy(studio_name, str)(),
        "staff_name": lazy(staff_name, str)(getattr(request, "user", None)),
    }
