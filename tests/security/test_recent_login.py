"""Sensitive actions need a fresh sign-in: after RECENT_LOGIN_MINUTES the password is asked again, then back."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from crm.auth.fresh import MARKER
from crm.auth.models import User
from crm.extensions import db
from tests.conftest import PASSWORD
from tests.factories import UserFactory
from tests.helpers import text_of
from tests.security.test_sessions import age

ASKED = "Voer voor de zekerheid je wachtwoord opnieuw in om verder te gaan."
# Changing one's own password or second factor, and every user-management write. /privacy/ joins this list.
SENSITIVE = {
    "auth.change_password",
    "two_factor.begin",
    "two_factor.confirm",
    "two_factor.switch_off",
    "two_factor.reset",
    "users.create",
    "users.edit",
    "users.deactivate",
    "users.activate",
    "users.reset_password",
    "privacy.access",
    "privacy.erase",
    "privacy.bulk_erase",
    "api_tokens.create",  # a personal access token acts as the user: made only after a recent sign-in
}


def test_sensitive_routes_carry_the_decorator(app):
    marked = {endpoint for endpoint, view in app.view_functions.items() if getattr(view, MARKER, False)}
    assert marked >= SENSITIVE
    assert all(endpoint.startswith("privacy.") for endpoint in marked - SENSITIVE)


def next_of(response) -> str:
    location = urlsplit(response.headers["Location"])
    assert location.path == "/reauth", response.headers["Location"]
    return parse_qs(location.query).get("next", [""])[0]


@pytest.mark.parametrize(
    ("path", "form"),
    [
        ("/admin/users/new", {"name": "N", "email": "n@bondgenoot.test", "role": "admin", "language": "nl",
                              "password": "fiets lantaarn onweer", "confirm": "fiets lantaarn onweer"}),
        ("/admin/users/{id}/edit", {"name": "N", "email": "x@bondgenoot.test", "role": "admin", "language": "nl"}),
        ("/admin/users/{id}/password", {"password": "fiets lantaarn onweer", "confirm": "fiets lantaarn onweer"}),
        ("/admin/users/{id}/deactivate", {}),
    ],
)  # fmt: skip
def test_a_stale_sign_in_cannot_manage_users(client, login_as, path, form):
    login_as("admin")
    user = UserFactory(role="viewer", email="bestaand@bondgenoot.test")
    path = path.format(id=user.id)
    token = client.csrf_token(path)
    age(client, authenticated_at=16 * 60)
    asked = client.get(path)
    assert next_of(asked) == path
    refused = client.post(path, data={**form, "csrf_token": token, "version_id": str(user.version_id)})
    assert next_of(refused) == path  # back to the form page; nothing was done
    stored = db.session.get(User, user.id)
    assert (stored.role, stored.email, stored.active) == ("viewer", "bestaand@bondgenoot.test", True)
    assert db.session.query(User).count() == 2
    assert ASKED in text_of(client.get(refused.headers["Location"]))


def test_reauthenticating_leads_back_and_the_action_then_works(client, login_as):
    login_as("admin")
    user = UserFactory(role="viewer")
    age(client, authenticated_at=16 * 60)
    reauth = client.get(f"/admin/users/{user.id}/deactivate").headers["Location"]
    wrong = client.submit(reauth, {"password": "niet mijn wachtwoord", "next": f"/admin/users/{user.id}/deactivate"})
    assert wrong.status_code == 422 and "Het wachtwoord klopt niet." in text_of(wrong)
    right = client.submit(reauth, {"password": PASSWORD, "next": f"/admin/users/{user.id}/deactivate"})
    assert right.headers["Location"] == f"/admin/users/{user.id}/deactivate"
    assert client.submit(f"/admin/users/{user.id}/deactivate", {}).status_code == 302
    assert db.session.get(User, user.id).active is False


def test_a_post_only_action_returns_to_the_page_it_came_from(client, login_as):
    login_as("admin")
    user = UserFactory(active=False)
    token = client.csrf_token("/admin/users/?status=all")
    age(client, authenticated_at=16 * 60)
    response = client.post(f"/admin/users/{user.id}/activate", data={"csrf_token": token},
                           headers={"Referer": "http://localhost/admin/users/?status=all"})  # fmt: skip
    assert next_of(response) == "/admin/users/?status=all"
    assert db.session.get(User, user.id).active is False


def test_own_password_change_asks_again_after_fifteen_minutes(client, login_as, app):
    login_as("lobbyist")
    age(client, authenticated_at=14 * 60)
    assert client.get("/account/password").status_code == 200
    age(client, authenticated_at=2 * 60)
    assert next_of(client.get("/account/password")) == "/account/password"


def test_the_window_comes_from_the_configuration(client, login_as, app, monkeypatch):
    monkeypatch.setitem(app.config, "RECENT_LOGIN_MINUTES", 1)
    login_as("lobbyist")
    age(client, authenticated_at=90)
    assert client.get("/account/password").status_code == 302


@pytest.mark.parametrize(
    "target", ["//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"]
)
def test_reauthentication_never_leads_off_the_site(client, login_as, target):
    login_as("viewer")
    response = client.submit("/reauth", {"password": PASSWORD, "next": target})
    assert response.headers["Location"] == "/account"
