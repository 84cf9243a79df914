"""Who sees what (OWASP API1, object-level authorisation): a staff user linked to an artist sees and
acts on that artist's leads and the unassigned ones only — in the API, the admin and the media view
— and another artist's lead is 404, exactly as an id that does not exist; a studio manager sees all."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.base import ContentFile
from django.test import Client
from rest_framework.test import APIClient

from conversations.models import ReferenceMedia
from leads.models import Artist, Lead
from tests.conftest import answer_all_questions

pytestmark = pytest.mark.django_db

PERMISSIONS = ("view_lead", "change_lead", "view_referencemedia", "view_appointment", "view_customer")


def staff(username: str, *extra: str) -> User:
    user = User.objects.create_user(username, password=f"pw-{username}-123", is_staff=True)
    codenames = [*PERMISSIONS, *extra]
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return User.objects.get(pk=user.pk)  # permissions read afresh


@pytest.fixture
def mia() -> Artist:
    artist = Artist.objects.order_by("pk").first()
    assert artist is not None  # the first artist, from the migration
    artist.user = staff("mia")
    artist.save()
    return artist


@pytest.fixture
def kai() -> Artist:
    return Artist.objects.create(name="Kai", user=staff("kai"), position=1)


@pytest.fixture
def leads(make_lead, mia: Artist, kai: Artist) -> dict[str, Lead]:
    made = {}
    for name, artist in (("mia", mia), ("kai", kai), ("nobody", None)):
        lead = make_lead(status="pending_approval", size_category="small")
        Lead.objects.filter(pk=lead.pk).update(artist=artist)
        answer_all_questions(lead)
        made[name] = Lead.objects.get(pk=lead.pk)
    return made


def api(user: User | None) -> APIClient:
    assert user is not None
    client = APIClient()
    client.force_authenticate(user)
    return client


def ids(response: Any) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


class TestApi:
    def test_an_artist_lists_its_own_and_the_unassigned_leads(self, kai: Artist, leads: dict[str, Lead]) -> None:
        assert ids(api(kai.user).get("/api/leads/")) == {leads["kai"].pk, leads["nobody"].pk}

    def test_another_artist_s_lead_is_404_exactly_as_an_unknown_id(self, kai: Artist, leads: dict[str, Lead]) -> None:
        theirs = api(kai.user).get(f"/api/leads/{leads['mia'].pk}/")
        unknown = api(kai.user).get("/api/leads/999999/")
        assert theirs.status_code == unknown.status_code == 404
        assert theirs.json() == unknown.json()

    @pytest.mark.parametrize(
        ("action", "body"),
        [
            ("approve", {"deposit_amount": 5000}),
            ("reject", {"reason": "no"}),
            ("resume", {}),
            ("messages", {"text": "hi"}),
            ("offer-slots", {}),
            ("reschedule", {}),
            ("cancel", {}),
        ],
    )
    def test_no_action_reaches_another_artist_s_lead(
        self, kai: Artist, leads: dict[str, Lead], action: str, body: dict[str, Any]
    ) -> None:
        lead = leads["mia"]
        response = api(kai.user).post(f"/api/leads/{lead.pk}/{action}/", body, format="json")
        assert response.status_code == 404
        assert Lead.objects.get(pk=lead.pk).status == "pending_approval"

    def test_an_artist_acts_on_its_own_lead(self, kai: Artist, leads: dict[str, Lead]) -> None:
        response = api(kai.user).post(f"/api/leads/{leads['kai'].pk}/approve/", {}, format="json")
        assert response.status_code == 200, response.content
        assert response.json()["artist"] == kai.pk
        assert response.json()["status"] == "awaiting_deposit"

    def test_the_studio_manager_and_unlinked_staff_see_everything(self, leads: dict[str, Lead]) -> None:
        manager = staff("boss", "studio_manager")
        Artist.objects.create(name="Boss", user=manager, position=2)  # an artist too, but the manager
        everyone = {lead.pk for lead in leads.values()}
        assert ids(api(manager).get("/api/leads/")) == everyone
        assert ids(api(staff("desk")).get("/api/leads/")) == everyone
        superuser = User.objects.create_superuser("root", password="pw-root-123")
        assert ids(api(superuser).get("/api/leads/")) == everyone

    def test_the_artist_filter(self, kai: Artist, leads: dict[str, Lead]) -> None:
        manager = staff("boss", "studio_manager")
        assert ids(api(manager).get(f"/api/leads/?artist={kai.pk}")) == {leads["kai"].pk}
        response = api(manager).get("/api/leads/?artist=kai")
        assert response.status_code == 400
        assert "artist" in response.json()["fields"]


def test_a_refused_action_answers_409_with_the_status_before_reading_the_input(
    staff_client: APIClient, make_lead
) -> None:
    lead = make_lead(status="qualifying")
    response = staff_client.post(f"/api/leads/{lead.pk}/approve/", {"deposit_amount": "lots"}, format="json")
    assert response.status_code == 409
    assert response.json()["status"] == "qualifying"
    response = staff_client.post(f"/api/leads/{lead.pk}/approve/", {}, format="json")
    assert response.status_code == 409  # not "deposit_amount_required": the status says no first
    assert Lead.objects.get(pk=lead.pk).status == "qualifying"


class TestAdmin:
    def _client(self, user: User | None) -> Client:
        assert user is not None
        client = Client()
        client.force_login(user)
        return client

    def test_the_list_shows_an_artist_its_own_and_the_unassigned(self, kai: Artist, leads: dict[str, Lead]) -> None:
        page = self._client(kai.user).get("/admin/leads/lead/")
        assert page.status_code == 200
        shown = {lead.pk for lead in page.context["cl"].result_list}
        assert shown == {leads["kai"].pk, leads["nobody"].pk}

    def test_another_artist_s_lead_page_and_action_page_are_404(self, kai: Artist, leads: dict[str, Lead]) -> None:
        client = self._client(kai.user)
        theirs = leads["mia"].pk
        assert client.get(f"/admin/leads/lead/{theirs}/change/").status_code == 404
        assert client.get("/admin/leads/lead/999999/change/").status_code == 404  # the same as no lead at all
        assert client.get(f"/admin/leads/lead/{theirs}/act/approve/").status_code == 404
        assert client.post(f"/admin/leads/lead/{theirs}/act/approve/", {"deposit_amount": 5000}).status_code == 404
        assert Lead.objects.get(pk=theirs).status == "pending_approval"
        assert client.get(f"/admin/leads/lead/{leads['kai'].pk}/change/").status_code == 200

    def test_an_artist_claims_an_unassigned_lead(self, kai: Artist, leads: dict[str, Lead]) -> None:
        lead = leads["nobody"]
        client = self._client(kai.user)
        url = f"/admin/leads/lead/{lead.pk}/change/"
        page = client.get(url)
        data: dict[str, Any] = {"artist": kai.pk}
        for inline in page.context["inline_admin_formsets"]:  # the page's own management forms, as a browser sends
            management = inline.formset.management_form
            data.update({f"{management.prefix}-{name}": value for name, value in management.initial.items()})
        response = client.post(url, data)
        assert response.status_code == 302, response.content[:2000]
        lead.refresh_from_db()
        assert lead.artist == kai
        assert lead.status == "pending_approval"  # nothing else changed

    def test_media_of_another_artist_s_customer_is_404(
        self, kai: Artist, leads: dict[str, Lead], settings, tmp_path
    ) -> None:
        settings.MEDIA_ROOT = tmp_path
        files = {}
        for name in ("mia", "kai"):
            media = ReferenceMedia.objects.create(
                lead=leads[name], media_type="image", media_id=f"m-{name}", state="stored", mime_type="image/png"
            )
            media.file.save(f"{name}.png", ContentFile(b"\x89PNG data"))
            files[name] = media.pk
        client = self._client(kai.user)
        assert client.get(f"/staff/media/{files['mia']}").status_code == 404
        assert client.get(f"/staff/media/{files['kai']}").status_code == 200
        listed = client.get("/admin/conversations/referencemedia/")
        assert {m.pk for m in listed.context["cl"].result_list} == {files["kai"]}


class TestFigures:
    def test_the_funnel_is_the_artist_s_own_or_the_studio_s(self, kai: Artist, leads: dict[str, Lead]) -> None:
        assert api(kai.user).get("/api/metrics/funnel/").json()["leads"] == 2  # its own and the unassigned
        manager = staff("boss", "studio_manager")
        assert api(manager).get("/api/metrics/funnel/").json()["leads"] == 3
        assert api(manager).get(f"/api/metrics/funnel/?artist={kai.pk}").json()["leads"] == 1
        assert api(manager).get("/api/metrics/funnel/?artist=x").status_code == 400

    def test_the_dashboard_is_the_artist_s_own(self, kai: Artist, leads: dict[str, Lead]) -> None:
        client = Client()
        assert kai.user is not None
        client.force_login(kai.user)
        page = client.get("/admin/leads/lead/dashboard/")
        assert page.status_code == 200
        assert page.context["title"] == "Dashboard — Kai"
        assert page.context["data"]["leads"] == 2
        manager = Client()
        manager.force_login(staff("boss", "studio_manager"))
        assert manager.get("/admin/leads/lead/dashboard/").context["data"]["leads"] == 3
        assert manager.get(f"/admin/leads/lead/dashboard/?artist={kai.pk}").context["data"]["leads"] == 1
        unknown = manager.get("/admin/leads/lead/dashboard/?artist=999999")
        assert (unknown.context["title"], unknown.context["data"]["leads"]) == ("Dashboard", 3)


def test_an_artist_s_login_sees_and_edits_its_own_artist_row_only(kai: Artist, mia: Artist) -> None:
    assert kai.user is not None
    kai.user.user_permissions.add(*Permission.objects.filter(codename__in=["view_artist", "change_artist"]))
    client = Client()
    client.force_login(User.objects.get(pk=kai.user.pk))
    listed = client.get("/admin/leads/artist/")
    assert [a.pk for a in listed.context["cl"].result_list] == [kai.pk]
    assert client.get(f"/admin/leads/artist/{mia.pk}/change/").status_code in (302, 404)  # not shown
    page = client.get(f"/admin/leads/artist/{kai.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert "user" not in form.fields  # who the artist is stays the manager's
    assert "working_hours" in form.fields  # its own hours are its own
