"""Administrators manage users; nobody else can."""

from __future__ import annotations

from sqlalchemy import select

from crm.audit.models import AuditEvent
from crm.auth.models import User
from crm.extensions import db
from tests.conftest import sign_in
from tests.factories import UserFactory
from tests.helpers import count, listed, text_of

NEW_PASSWORD = "lang genoeg wachtwoord 2026"


def test_admin_creates_a_user_who_can_sign_in(app, client, login_as):
    login_as("admin")
    response = client.submit(
        "/admin/users/new",
        {
            "name": "Lotte Lobby",
            "email": "Lotte@Bondgenoot.test",
            "role": "lobbyist",
            "language": "nl",
            "password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert "lotte@bondgenoot.test" in listed(client.get("/admin/users/"))
    assert sign_in(app.test_client(), "lotte@bondgenoot.test", NEW_PASSWORD).status_code == 302


def test_duplicate_email_and_weak_password_are_refused(client, login_as):
    login_as("admin")
    UserFactory(email="bestaat@bondgenoot.test")
    duplicate = client.submit(
        "/admin/users/new",
        {
            "name": "X",
            "email": "BESTAAT@bondgenoot.test",
            "role": "viewer",
            "language": "nl",
            "password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
        },
    )
    assert duplicate.status_code == 422 and "bestaat al" in text_of(duplicate)
    weak = client.submit(
        "/admin/users/new",
        {
            "name": "Y",
            "email": "nieuw@bondgenoot.test",
            "role": "viewer",
            "language": "nl",
            "password": "kort",
            "confirm": "anders",
        },
    )
    assert weak.status_code == 422
    assert count(User) == 2


def test_admin_changes_role_and_it_is_audited(client, login_as):
    admin = login_as("admin")
    user = UserFactory(role="viewer")
    response = client.submit(
        f"/admin/users/{user.id}/edit",
        {
            "name": user.name,
            "email": user.email,
            "role": "director",
            "language": "en",
            "version_id": str(user.version_id),
        },
    )
    assert response.status_code == 302
    assert db.session.get(User, user.id).role == "director"
    event = db.session.scalar(
        select(AuditEvent).where(
            AuditEvent.entity_type == "user", AuditEvent.entity_id == user.id, AuditEvent.action == "update"
        )
    )
    assert event.changes["role"] == ["viewer", "director"] and event.actor_label == admin.email
    assert "password_hash" not in event.changes


def test_deactivation_signs_the_user_out_and_can_be_undone(app, client, login_as):
    login_as("admin")
    user = UserFactory()
    their_browser = app.test_client()
    sign_in(their_browser, user.email)
    assert their_browser.get("/organisations/").status_code == 200
    assert client.get(f"/admin/users/{user.id}/deactivate").status_code == 200  # confirmation first
    client.submit(f"/admin/users/{user.id}/deactivate", {})
    assert their_browser.get("/organisations/").status_code == 302
    client.submit(f"/admin/users/{user.id}/activate", {}, token_from="/admin/users/")
    assert db.session.get(User, user.id).active


def test_admin_cannot_deactivate_themselves_or_the_last_admin(client, login_as):
    admin = login_as("admin")
    response = client.submit(f"/admin/users/{admin.id}/deactivate", {})
    assert response.status_code == 422 and "eigen account" in text_of(response)
    demote = client.submit(
        f"/admin/users/{admin.id}/edit",
        {
            "name": admin.name,
            "email": admin.email,
            "role": "viewer",
            "language": "nl",
            "version_id": str(admin.version_id),
        },
    )
    assert demote.status_code == 422 and "beheerder" in text_of(demote)
    assert db.session.get(User, admin.id).role == "admin"


def test_admin_resets_a_password(app, client, login_as):
    login_as("admin")
    user = UserFactory()
    response = client.submit(f"/admin/users/{user.id}/password", {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert sign_in(app.test_client(), user.email, NEW_PASSWORD).status_code == 302


def test_only_admins_reach_user_management(client, login_as):
    login_as("director")
    assert client.get("/admin/users/").status_code == 403
    assert client.get("/admin/audit/").status_code == 403


def test_a_stale_save_of_a_user_shows_both_versions_and_changes_nothing(client, login_as):
    login_as("admin", language="en")
    user = UserFactory(role="viewer", name="Sanne Bakker")
    opened = user.version_id
    user.name = "Sanne Bakker-de Vries"  # another administrator saved first
    db.session.commit()
    response = client.submit(
        f"/admin/users/{user.id}/edit",
        {"name": "Sanne B.", "email": user.email, "role": "director", "language": "en", "version_id": str(opened)},
    )
    assert response.status_code == 409
    page = text_of(response)
    assert "Someone else" in page and "Sanne Bakker-de Vries" in page and "Sanne B." in page
    stored = db.session.get(User, user.id)
    assert (stored.name, stored.role) == ("Sanne Bakker-de Vries", "viewer")
