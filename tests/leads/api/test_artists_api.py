"""GET/POST /api/artists/: managers see and add artists, an artist sees itself; bad values are a 400
with the field's error and add nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Permission, User
from rest_framework.test import APIClient

from leads.models import Artist

pytestmark = pytest.mark.django_db

GOOD = {
    "name": "Kai Nakamura",
    "whatsapp_number": "+447700900555",
    "styles": ["japanese", "blackwork"],
    "active": True,
}


def client_for(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def manager() -> User:
    user = User.objects.create_user("boss", password="pw-boss-123", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="studio_manager"))
    return User.objects.get(pk=user.pk)


def test_a_manager_adds_an_artist_linked_to_a_staff_user(manager: User) -> None:
    User.objects.create_user("kai", password="pw-kai-123", is_staff=True)
    response = client_for(manager).post("/api/artists/", {**GOOD, "username": "kai"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    artist = Artist.objects.get(pk=body["id"])
    assert (artist.name, artist.whatsapp_number, artist.user.username if artist.user else None) == (
        "Kai Nakamura",
        "+447700900555",
        "kai",
    )
    assert artist.styles == ["japanese", "blackwork"]
    assert body["username"] == "kai"
    assert artist.position > Artist.objects.exclude(pk=artist.pk).get().position  # last in the list


def test_only_a_manager_adds(staff_client: APIClient) -> None:
    assert staff_client.post("/api/artists/", GOOD, format="json").status_code == 403
    assert Artist.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"whatsapp_number": "07700 900555"}, "whatsapp_number"),
        ({"whatsapp_number": "+44 7700 900555"}, "whatsapp_number"),
        ({"whatsapp_number": None}, "whatsapp_number"),
        ({"name": ""}, "name"),
        ({"name": "the artist"}, "name"),  # the first artist's, whatever the case
        ({"username": "nobody"}, "username"),
        ({"styles": "japanese"}, "styles"),
        ({"styles": [""]}, "styles"),
        ({"working_hours": {"mon": ["18:00", "10:00"]}}, "working_hours"),
        ({"working_hours": {"someday": ["10:00", "18:00"]}}, "working_hours"),
        ({"working_hours": "weekdays"}, "working_hours"),
        ({"active": "perhaps"}, "active"),
    ],
)
def test_bad_values_are_a_400_with_the_field_and_add_nothing(manager: User, change: dict[str, Any], field: str) -> None:
    response = client_for(manager).post("/api/artists/", {**GOOD, **change}, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["error"] == "invalid"
    assert field in response.json()["fields"]
    assert Artist.objects.count() == 1


def test_a_user_already_another_artist_s_is_refused(manager: User) -> None:
    first = Artist.objects.get()
    first.user = User.objects.create_user("mia", password="pw-mia-123", is_staff=True)
    first.save()
    response = client_for(manager).post("/api/artists/", {**GOOD, "username": "mia"}, format="json")
    assert response.status_code == 400
    assert "another artist" in response.json()["fields"]["username"][0]


def test_managers_see_every_artist_an_artist_itself(manager: User) -> None:
    kai_user = User.objects.create_user("kai", password="pw-kai-123", is_staff=True)
    kai = Artist.objects.create(name="Kai", user=kai_user, position=1)
    everyone = client_for(manager).get("/api/artists/")
    assert everyone.status_code == 200
    assert [a["name"] for a in everyone.json()] == [Artist.objects.get(position=0).name, "Kai"]
    own = client_for(kai_user).get("/api/artists/")
    assert [a["id"] for a in own.json()] == [kai.pk]


def test_anonymous_is_refused() -> None:
    assert APIClient().get("/api/artists/").status_code in (401, 403)
    assert APIClient().post("/api/artists/", GOOD, format="json").status_code in (401, 403)


def test_a_name_taken_meanwhile_is_the_same_400(manager: User, monkeypatch) -> None:
    """Another request adds the name between the check and the insert: the unique index decides."""
    from leads.api.artist_views import ArtistSerializer

    monkeypatch.setattr(ArtistSerializer, "validate_name", lambda self, value: value)
    Artist.objects.create(name="Kai Nakamura", position=5)
    response = client_for(manager).post("/api/artists/", GOOD, format="json")
    assert response.status_code == 400
    assert "exists already" in response.json()["fields"]["name"][0]
    assert Artist.objects.filter(name="Kai Nakamura").count() == 1
