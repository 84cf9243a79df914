"""The admin carries the studio's name and the TattooBot mark (tattoobot/web/branding.py,
templates/admin/base_site.html): in the header, the browser title and on the login page; the
signed-in artist's own name in the user tools. The name costs at most one query per process
and minute, and none on a page that does not show it."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from leads.models import Artist, StudioSettings
from tattoobot.web.branding import PRODUCT, branding

pytestmark = pytest.mark.django_db
NAME_QUERY = 'SELECT "leads_studiosettings"."artist_name" AS "artist_name" FROM "leads_studiosettings"'


def name_studio(name: str) -> None:
    studio = StudioSettings.load()
    studio.artist_name = name
    studio.save()


def site_name(html: str) -> str:
    match = re.search(r'<div id="site-name">(.*?)</div>', html, re.DOTALL)
    assert match is not None
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


def title(html: str) -> str:
    match = re.search(r"<title>(.*?)</title>", html, re.DOTALL)
    assert match is not None
    return match.group(1).strip()


def name_queries(captured: CaptureQueriesContext) -> list[str]:
    """The branding's reads of the studio's name (the admin's own pages read the settings for their own ends)."""
    return [query["sql"] for query in captured.captured_queries if query["sql"].startswith(NAME_QUERY)]


def test_the_login_page_carries_the_studio_name_and_the_mark(client: Client) -> None:
    name_studio("Black Swallow Tattoo")
    html = client.get("/admin/login/").content.decode()
    assert site_name(html) == "Black Swallow Tattoo"
    assert title(html) == "Log in | Black Swallow Tattoo"
    assert '<img class="studio-mark" src="/static/tattoobot/mark.svg"' in html
    assert '<link rel="icon" type="image/svg+xml" href="/static/tattoobot/mark.svg">' in html
    assert "Django administration" not in html
    assert "Django site admin" not in html
    # The phone stylesheet comes after Django's responsive.css, so it has the last word.
    assert html.index("admin/css/responsive.css") < html.index("/static/tattoobot/staff.css")


def test_the_name_is_escaped(client: Client) -> None:
    name_studio("Ink & <Needle>")
    html = client.get("/admin/login/").content.decode()
    assert "Ink &amp; &lt;Needle&gt;" in html
    assert "<Needle>" not in html


def test_a_new_name_shows_at_once(client: Client) -> None:
    name_studio("Before")
    assert site_name(client.get("/admin/login/").content.decode()) == "Before"
    name_studio("After")  # the save forgets the process's copy
    assert site_name(client.get("/admin/login/").content.decode()) == "After"


def test_the_product_name_stands_in_for_a_blank_one(client: Client) -> None:
    StudioSettings.objects.filter(pk=1).update(artist_name="  ")
    assert site_name(client.get("/admin/login/").content.decode()) == PRODUCT


def test_each_admin_page_names_the_studio_and_the_signed_in_artist(client: Client) -> None:
    """Several artists: the header is the studio's, the greeting the artist's own."""
    name_studio("Black Swallow Tattoo")
    kai = User.objects.create_user("kai", password="pw-kai-12345", is_staff=True, first_name="Kai-user")
    Artist.objects.create(name="Kai Moana", position=1, user=kai)
    client.force_login(kai)
    html = client.get("/admin/").content.decode()
    assert site_name(html) == "Black Swallow Tattoo"
    assert title(html).endswith("| Black Swallow Tattoo")
    assert '<strong class="staff-name">Kai Moana</strong>' in html
    assert "View site" not in html  # the root is the admin itself


def test_staff_linked_to_no_artist_are_greeted_by_their_own_name(client: Client) -> None:
    client.force_login(User.objects.create_superuser("boss", password="pw-boss-123", first_name="Robin"))
    assert '<strong class="staff-name">Robin</strong>' in client.get("/admin/").content.decode()
    client.force_login(User.objects.create_superuser("ops", password="pw-ops-12345"))
    assert '<strong class="staff-name">ops</strong>' in client.get("/admin/").content.decode()


def test_the_name_is_read_once_then_kept(client: Client) -> None:
    client.force_login(User.objects.create_superuser("boss", password="pw-boss-123"))
    with CaptureQueriesContext(connection) as first:
        assert client.get("/admin/").status_code == 200
    with CaptureQueriesContext(connection) as second:
        assert client.get("/admin/leads/tourstop/").status_code == 200
    assert len(name_queries(first)) == 1
    assert name_queries(second) == []


def test_a_page_that_does_not_show_the_name_asks_nothing() -> None:
    request = RequestFactory().get("/consent/x")
    with CaptureQueriesContext(connection) as captured:
        context = branding(request)
    assert captured.captured_queries == []
    with CaptureQueriesContext(connection) as captured:
        assert str(context["studio_name"]) == "The Artist"  # the seeded default
    assert len(name_queries(captured)) == 1
    assert str(context["staff_name"]) == ""  # no user on the request: nobody to greet
