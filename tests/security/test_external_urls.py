"""No page the project serves loads anything from an outside host (docs/security.md "No outside host").

Each page of ``PAGES`` is rendered through the test client and scanned by the rule of
``tests/security/external_urls.py``; the style sheets, scripts and icons it loads are fetched too
(each must be ours, served 200 by WhiteNoise, and a style sheet's own ``url()``/``@import`` must
stay home). A page is added with one line: its name, how to build its URL, who opens it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.staticfiles import finders
from django.http import HttpResponseBase
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conversations.models import TranscriptMessage
from leads.booking.consent import consent_token
from leads.models import Appointment, ConsentForm, Lead
from payments.models import Deposit
from tests.conftest import answer_all_questions
from tests.security.external_urls import external_urls, external_urls_in_css, is_outside, resource_urls

pytestmark = pytest.mark.django_db
SIDECAR = f"{settings.STATIC_URL}drf_spectacular_sidecar/swagger-ui-dist/"


@dataclass(frozen=True)
class Scene:
    """What the pages show: a lead with answers, a transcript (with a link typed by the customer),
    a deposit whose Checkout link is Stripe's, an appointment and its consent form."""

    lead: Lead
    consent_form: ConsentForm


@dataclass(frozen=True)
class Page:
    name: str
    url: Callable[[Scene], str]
    staff: bool = True  # False: opened by someone not signed in (the login page, a customer's link)


PAGES = [
    Page("admin login", lambda scene: reverse("admin:login"), staff=False),
    Page("Today (the admin home)", lambda scene: reverse("admin:index")),
    Page("calendar, week", lambda scene: reverse("admin:leads_calendar")),
    Page("calendar, day", lambda scene: reverse("admin:leads_calendar") + "?view=day"),
    Page("two-factor set-up", lambda scene: reverse("staff-two-factor")),
    Page("lead list", lambda scene: reverse("admin:leads_lead_changelist")),
    Page("lead page", lambda scene: reverse("admin:leads_lead_change", args=[scene.lead.pk])),
    Page("dashboard", lambda scene: reverse("admin:leads_dashboard")),
    Page("try the bot", lambda scene: reverse("admin:leads_try_the_bot")),
    Page("consent form", lambda scene: reverse("consent-form", args=[consent_token(scene.consent_form)]), staff=False),
    Page("API docs (Swagger UI)", lambda scene: reverse("api-docs")),
    Page("staff API, browsable", lambda scene: reverse("api-lead-detail", args=[scene.lead.pk]) + "?format=api"),
    # Today is the admin home above; a new page (the calendar) is one more line here.
]


@pytest.fixture
def scene(make_lead: Callable[..., Lead]) -> Scene:
    lead = make_lead(status="booked", idea="a swallow with a banner", city="London", budget_text="£600")
    answer_all_questions(lead)
    TranscriptMessage.objects.create(
        customer=lead.customer,
        lead=lead,
        direction="in",
        text="like this one https://www.instagram.com/p/abc123/ but smaller",
        at=timezone.now(),
    )
    Deposit.objects.create(
        lead=lead,
        amount=15000,
        currency="gbp",
        rule="size:medium",
        checkout_url="https://checkout.stripe.com/c/pay/cs_1",
    )
    start = timezone.now() + timedelta(days=2)
    appointment = Appointment.objects.create(lead=lead, start=start, end=start + timedelta(hours=3))
    form = ConsentForm.objects.create(lead=lead, appointment=appointment, sent_at=timezone.now())
    return Scene(lead=lead, consent_form=form)


@pytest.fixture
def staff() -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("boss", password="pw-boss-123"))
    return client


def body(response: HttpResponseBase) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)  # type: ignore[attr-defined]  # WhiteNoise's files
    return response.content  # type: ignore[attr-defined, no-any-return]


def fetch_resources(client: Client, html: str) -> dict[str, HttpResponseBase]:
    """Every resource the page loads, fetched through the middleware (WhiteNoise for the static
    files) as a browser would: each a path on our own origin."""
    fetched: dict[str, HttpResponseBase] = {}
    for url in resource_urls(html):
        assert url.startswith("/"), f"{url} is not on our origin"
        assert not url.startswith("//"), f"{url} is not on our origin"
        fetched[url] = client.get(url)
    return fetched


# --- The rule -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "html",
    [
        '<script src="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui-bundle.js"></script>',
        '<link rel="stylesheet" href="//fonts.googleapis.com/css?family=Roboto">',
        '<link rel="preconnect" href="https://fonts.gstatic.com">',
        '<link rel="icon" href="HTTPS://Example.com/favicon.ico">',
        '<img src="http://tracker.example/p.gif" alt="">',
        '<img srcset="/static/a.png 1x, https://img.example/a@2x.png 2x" alt="">',
        '<iframe src="https://www.youtube.com/embed/x"></iframe>',
        '<form action="https://evil.example/steal" method="post"></form>',
        '<button formaction="//evil.example/steal">go</button>',
        '<video poster="https://img.example/p.jpg"></video>',
        '<object data="https://x.example/a.swf"></object>',
        '<svg><use xlink:href="https://icons.example/s.svg#i"></use></svg>',
        '<div style="background: url(https://img.example/bg.png)"></div>',
        "<style>body { background: url('//img.example/bg.png') }</style>",
        '<style>@import "https://fonts.example/f.css";</style>',
        '<meta http-equiv="refresh" content="0; url=https://elsewhere.example/">',
        '<script src="&#104;ttps://cdn.example/x.js"></script>',  # a character reference
        '<script src="ht\ntps://cdn.example/x.js"></script>',  # browsers drop the newline
        '<script src="\\\\cdn.example/x.js"></script>',  # backslashes read as slashes
        '<script src="wss://socket.example/"></script>',
    ],
)
def test_the_rule_finds_an_outside_resource(html: str) -> None:
    assert len(external_urls(html)) == 1, html


@pytest.mark.parametrize(
    "html",
    [
        '<script src="/static/admin/js/theme.js"></script>',
        '<link rel="stylesheet" href="../css/base.css">',
        '<img src="data:image/png;base64,iVBORw0KGgo=" alt="">',
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"></svg>',
        '<html xmlns="http://www.w3.org/1999/xhtml"></html>',
        '<a href="https://checkout.stripe.com/c/pay/cs_1">Checkout link</a>',  # followed by choice only
        '<area href="https://map.example/" alt="">',
        "<p>See https://www.instagram.com/p/abc/ and //not-a-url</p>",
        "<!-- https://example.com/commented-out.js -->",
        "<script>const ns = 'http://www.w3.org/2000/svg';</script>",
        '<a href="mailto:studio@example.com">mail</a><a href="tel:+447700900000">call</a>',
        '<form action="" method="post"></form>',
        '<img src="http://testserver/static/x.png" alt="">',  # our own host
        '<div style="background: url(&quot;data:image/svg+xml,<svg xmlns=%27http://www.w3.org/2000/svg%27/>&quot;)">',
    ],
)
def test_the_rule_leaves_what_loads_nothing_from_outside(html: str) -> None:
    assert external_urls(html) == [], html


def test_css_is_scanned_for_url_and_import() -> None:
    css = """
    @import url("https://fonts.example/a.css");
    @import 'https://fonts.example/b.css';
    .x { background: url(/static/x.png), url("data:image/svg+xml;utf8,<svg xmlns='http://www.w3.org/2000/svg'/>"); }
    .y { background-image: url( //img.example/y.png ); }
    """
    assert external_urls_in_css(css) == [
        "https://fonts.example/a.css",
        "//img.example/y.png",
        "https://fonts.example/b.css",
    ]
    assert is_outside("https://api.stripe.com/")
    assert not is_outside("https://testserver/admin/")


# --- Every page -----------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_no_page_loads_anything_from_an_outside_host(page: Page, scene: Scene, staff: Client) -> None:
    client = staff if page.staff else Client()
    response = client.get(page.url(scene))
    assert response.status_code == 200, (page.name, response.status_code)
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "<html" in html.lower()
    assert external_urls(html) == [], page.name
    for url, resource in fetch_resources(client, html).items():
        assert resource.status_code == 200, (page.name, url, resource.status_code)
        if resource["Content-Type"].startswith("text/css"):
            assert external_urls_in_css(body(resource).decode()) == [], (page.name, url)


def test_a_link_the_customer_typed_is_shown_never_loaded(scene: Scene, staff: Client) -> None:
    """The scan above ran over a lead whose transcript holds a customer's Instagram link."""
    html = staff.get(reverse("admin:leads_lead_change", args=[scene.lead.pk])).content.decode()
    assert "https://www.instagram.com/p/abc123/" in html
    assert external_urls(html) == []


# --- Swagger UI from our own static files --------------------------------------------------


def test_swagger_ui_loads_its_files_from_our_static_files(staff: Client) -> None:
    response = staff.get(reverse("api-docs"))
    assert response.status_code == 200
    html = response.content.decode()
    assert sorted(resource_urls(html)) == sorted(
        f"{SIDECAR}{name}"
        for name in ("swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "favicon-32x32.png")
    )
    kinds = {"css": "text/css", "js": "text/javascript", "png": "image/png"}
    for url, resource in fetch_resources(staff, html).items():
        assert resource.status_code == 200, url
        assert resource["Content-Type"].startswith(kinds[url.rsplit(".", 1)[1]]), (url, resource["Content-Type"])
        content = body(resource)
        on_disk = finders.find(url.removeprefix(settings.STATIC_URL))
        assert isinstance(on_disk, str)
        assert content == Path(on_disk).read_bytes(), url  # the sidecar's own file, whole
        if url.endswith(".css"):
            assert external_urls_in_css(content.decode()) == []
    assert "cdn.jsdelivr.net" not in html


def test_swagger_ui_shows_no_validator_badge(staff: Client) -> None:
    """Swagger UI's default badge is an image from validator.swagger.io; it is switched off."""
    html = staff.get(reverse("api-docs")).content.decode()
    settings_json = re.search(r"const swaggerSettings = (\{.*?\});", html, re.DOTALL)
    assert settings_json is not None
    assert json.loads(settings_json.group(1)) == {"deepLinking": True, "validatorUrl": None}


def test_swagger_ui_is_still_for_staff_only() -> None:
    assert Client().get(reverse("api-docs")).status_code in (401, 403)
    fan = Client()
    fan.force_login(User.objects.create_user("fan", password="pw-fan-12345"))
    assert fan.get(reverse("api-docs")).status_code == 403


def test_collectstatic_finds_the_sidecar_files() -> None:
    """``collectstatic`` (Dockerfile, scripts/run-embedded) copies what the finders find."""
    for name in ("swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "favicon-32x32.png"):
        assert finders.find(f"drf_spectacular_sidecar/swagger-ui-dist/{name}"), name
