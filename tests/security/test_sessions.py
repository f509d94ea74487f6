"""Sessions end: on sign-out (everywhere, a copied cookie too), after inactivity, and after their lifetime."""

from __future__ import annotations

from crm.auth.models import User
from crm.auth.sessions import AUTHENTICATED_AT, LAST_SEEN, SIGNED_IN_AT
from crm.extensions import db
from tests.conftest import PASSWORD, sign_in
from tests.factories import UserFactory
from tests.helpers import text_of

COOKIE = "session"


def copy_of(app, client):
    """Another browser holding a copy of this browser's session cookie (as a thief would)."""
    thief = app.test_client()
    thief.set_cookie(COOKIE, client.get_cookie(COOKIE).value)
    return thief


def age(client, **seconds) -> None:
    """Move the session's clock back: `age(client, last_seen=31 * 60)`."""
    keys = {"last_seen": LAST_SEEN, "signed_in_at": SIGNED_IN_AT, "authenticated_at": AUTHENTICATED_AT}
    with client.session_transaction() as session:
        for name, amount in seconds.items():
            session[keys[name]] -= amount


def test_signing_out_ends_a_copied_session_cookie_too(app, client, login_as):
    user = login_as("lobbyist")
    thief = copy_of(app, client)
    assert thief.get("/organisations/").status_code == 200  # the copy works while the session lives
    token = db.session.get(User, user.id).session_token
    client.submit("/logout", {}, token_from="/account")
    assert db.session.get(User, user.id).session_token != token
    assert thief.get("/organisations/").status_code == 302
    assert client.get("/organisations/").status_code == 302


def test_signing_out_ends_the_other_devices_sessions(app, client, login_as):
    user = login_as("viewer")
    laptop = app.test_client()
    assert sign_in(laptop, user.email).status_code == 302
    client.submit("/logout", {}, token_from="/account")
    assert laptop.get("/organisations/").headers["Location"].startswith("/login")


def test_deactivation_ends_a_copied_session(app, client, login_as):
    login_as("admin")
    user = UserFactory()
    theirs = app.test_client()
    sign_in(theirs, user.email)
    thief = copy_of(app, theirs)
    client.submit(f"/admin/users/{user.id}/deactivate", {})
    assert thief.get("/organisations/").status_code == 302
    assert theirs.get("/organisations/").status_code == 302


def test_a_password_change_ends_a_copied_session(app, client, login_as):
    login_as("lobbyist")
    thief = copy_of(app, client)
    new = "een heel nieuw wachtwoord"
    client.submit("/account/password", {"current_password": PASSWORD, "new_password": new, "confirm": new})
    assert client.get("/organisations/").status_code == 200
    assert thief.get("/organisations/").status_code == 302


def test_idle_session_is_signed_out_with_a_dutch_message(app, client, login_as):
    login_as("lobbyist")
    age(client, last_seen=31 * 60)
    response = client.get("/people/?q=jansen")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/people/?q%3Djansen"
    page = client.get(response.headers["Location"])
    assert "Je bent afgemeld na 30 minuten zonder activiteit. Meld je opnieuw aan." in text_of(page)
    assert client.get("/organisations/").status_code == 302  # the session is gone, not merely redirected once


def test_activity_keeps_the_session_alive(client, login_as, app):
    login_as("lobbyist")
    age(client, last_seen=29 * 60)
    assert client.get("/organisations/").status_code == 200
    with client.session_transaction() as session:
        assert session[LAST_SEEN] >= session[SIGNED_IN_AT]  # the request counted as activity
    age(client, last_seen=29 * 60)
    assert client.get("/organisations/").status_code == 200


def test_the_idle_limit_comes_from_the_configuration(client, login_as, app, monkeypatch):
    monkeypatch.setitem(app.config, "SESSION_IDLE_MINUTES", 5)
    login_as("viewer")
    age(client, last_seen=6 * 60)
    response = client.get("/organisations/", follow_redirects=True)
    assert "Je bent afgemeld na 5 minuten zonder activiteit" in text_of(response)


def test_a_session_ends_after_its_lifetime_even_when_active(client, login_as):
    login_as("viewer")
    age(client, signed_in_at=12 * 3600 + 60)
    response = client.get("/organisations/", follow_redirects=True)
    assert "Je aanmelding is verlopen. Meld je opnieuw aan." in text_of(response)


def test_a_session_without_our_timestamps_is_not_trusted(client, login_as):
    login_as("viewer")
    with client.session_transaction() as session:
        del session[LAST_SEEN]
    assert client.get("/organisations/").status_code == 302


def test_keep_me_signed_in_keeps_the_session_cookie_and_no_remember_cookie(app, db):
    user = UserFactory()
    for remember, persistent in (("y", True), ("", False)):
        browser = app.test_client()
        browser.submit("/login", {"email": user.email, "password": PASSWORD, "remember": remember})
        assert browser.get_cookie("remember_token") is None  # no year-long cookie outside the idle timeout
        assert (browser.get_cookie(COOKIE).expires is not None) is persistent
