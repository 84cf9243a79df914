"""``/`` sends people to the admin (302, GET and HEAD); every other unknown path keeps its JSON 404."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_root_redirects_to_the_admin(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/?utm_source=card")["Location"] == "/admin/"


def test_a_stranger_lands_on_the_login_page(client: Client) -> None:
    response = client.get("/", follow=True)
    assert [(url, status) for url, status in response.redirect_chain] == [
        ("/admin/", 302),
        ("/admin/login/?next=/admin/", 302),
    ]
    assert response.status_code == 200
    assert 'id="id_username"' in response.content.decode()


def test_staff_land_on_the_admin_home(client: Client) -> None:
    client.force_login(User.objects.create_user("mika", password="pw-mika-12345", is_staff=True))
    response = client.get("/", follow=True)
    assert response.redirect_chain == [("/admin/", 302)]
    assert response.status_code == 200


def test_head_redirects_too(client: Client) -> None:
    response = client.head("/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert response.content == b""


def test_other_methods_get_the_json_405(client: Client) -> None:
    response = client.post("/")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"
    assert response["Allow"] == "GET, HEAD"
    assert response.json()["error"]


@pytest.mark.parametrize("path", ["/nope", "/index.html", "/wp-login.php", "/static/"])
def test_other_unknown_paths_keep_the_json_404(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"] == "not_found"


def test_admin_without_its_slash_still_gets_it(client: Client) -> None:
    response = client.get("/admin")
    assert response.status_code == 301  # APPEND_SLASH, as before
    assert response["Location"] == "/admin/"
