"""``/``: nothing is served at the root, so a person who types the bare address lands in the admin
(which asks for the staff login first). GET and HEAD only; anything else is a JSON 405."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.http import require_safe


@require_safe
def root(request: HttpRequest) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("admin:index"))  # 302: the root may serve something else one day
