"""Signing in and out, sessions, rate limiting, own account."""

from __future__ import annotations

from crm.auth.models import User
from crm.extensions import db
from tests.conftest import PASSWORD, sign_in
from tests.factories import UserFactory
from tests.helpers import text_of

FAILED = "Inloggen mislukt: het e-mailadres of wachtwoord klopt niet."


def test_login_form_is_dutch_and_signs_in(client, db):
    page = client.get("/login")
    assert "Inloggen" in text_of(page)
    user = UserFactory(email="anna@bondgenoot.test")
    response = sign_in(client, "Anna@Bondgenoot.test")  # email is case-insensitive
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert user.name in text_of(client.get("/"))
    assert db.session.get(User, user.id).last_login_at is not None


def test_unknown_email_and_wrong_password_get_the_same_message(client, db):
    UserFactory(email="bekend@bondgenoot.test")
    wrong_password = sign_in(client, "bekend@bondgenoot.test", "niet het goede wachtwoord")
    unknown = sign_in(client, "onbekend@bondgenoot.test")
    assert wrong_password.status_code == unknown.status_code == 422
    assert FAILED in text_of(wrong_password) and FAILED in text_of(unknown)


def test_deactivated_user_cannot_sign_in(client, db):
    UserFactory(email="weg@bondgenoot.test", active=False)
    assert FAILED in text_of(sign_in(client, "weg@bondgenoot.test"))


def test_anonymous_visitor_is_sent_to_login_and_back(client, db):
    response = client.get("/people/?q=jansen")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
    user = UserFactory()
    token = client.csrf_token(response.headers["Location"])
    login = client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "next": "/people/?q=jansen", "csrf_token": token}
    )
    assert login.headers["Location"] == "/people/?q=jansen"


def test_next_never_leaves_the_site(client, db):
    user = UserFactory()
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)", "http:evil"):
        token = client.csrf_token("/login")
        response = client.post(
            "/login", data={"email": user.email, "password": PASSWORD, "next": target, "csrf_token": token}
        )
        assert response.status_code == 302
        assert response.headers["Location"] == "/", target
        client.submit("/logout", {}, token_from="/account")


def test_logout_is_a_post_and_ends_the_session(client, login_as):
    login_as("viewer")
    assert client.get("/logout").status_code == 405
    assert client.get("/organisations/").status_code == 200
    response = client.submit("/logout", {}, token_from="/account")
    assert response.status_code == 302
    assert client.get("/organisations/").status_code == 302


def test_deactivated_user_is_signed_out_at_the_next_request(client, login_as):
    user = login_as("lobbyist")
    assert client.get("/organisations/").status_code == 200
    stored = db.session.get(User, user.id)
    stored.active = False
    db.session.commit()
    assert client.get("/organisations/").status_code == 302


def test_login_is_rate_limited_with_a_dutch_message(client, app, db):
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    try:
        UserFactory(email="raden@bondgenoot.test")
        statuses = [sign_in(client, "raden@bondgenoot.test", "fout-wachtwoord-123").status_code for _ in range(3)]
        assert statuses == [422, 422, 422]
        blocked = sign_in(client, "raden@bondgenoot.test")  # even the right password is refused now
        assert blocked.status_code == 429
        assert "Te veel inlogpogingen" in text_of(blocked)
    finally:
        app.config["LOGIN_RATE_LIMIT"] = "1000 per minute"


def test_password_change_requires_the_current_one_and_ends_other_sessions(app, client, login_as):
    user = login_as("lobbyist")
    other_device = app.test_client()
    assert sign_in(other_device, user.email).status_code == 302

    short = client.submit(
        "/account/password", {"current_password": PASSWORD, "new_password": "kort", "confirm": "kort"}
    )
    assert short.status_code == 422 and "12" in text_of(short)
    wrong = client.submit(
        "/account/password",
        {
            "current_password": "niet-het-huidige",
            "new_password": "een nieuw lang wachtwoord",
            "confirm": "een nieuw lang wachtwoord",
        },
    )
    assert wrong.status_code == 422 and "huidige wachtwoord" in text_of(wrong).lower()
    changed = client.submit(
        "/account/password",
        {
            "current_password": PASSWORD,
            "new_password": "een nieuw lang wachtwoord",
            "confirm": "een nieuw lang wachtwoord",
        },
    )
    assert changed.status_code == 302
    assert client.get("/organisations/").status_code == 200  # this session stays signed in
    assert other_device.get("/organisations/").status_code == 302  # the other one is signed out
    assert sign_in(other_device, user.email, "een nieuw lang wachtwoord").status_code == 302


def test_user_switches_language_to_english(client, login_as):
    login_as("viewer")
    assert "Organisaties" in text_of(client.get("/organisations/"))
    response = client.submit("/account", {"name": "Viewer", "language": "en"})
    assert response.status_code == 302
    assert "Organisations" in text_of(client.get("/organisations/"))


def test_anonymous_language_choice_on_the_login_page(client, db):
    response = client.submit("/language", {"language": "en", "next": "/login"}, token_from="/login")
    assert response.headers["Location"] == "/login"
    assert "Sign in" in text_of(client.get("/login"))


def test_single_key_shortcuts_can_be_switched_off(client, login_as):
    user = login_as("lobbyist")
    assert 'data-shortcuts="on"' in client.get("/account").get_data(as_text=True)
    client.submit("/account", {"name": user.name, "language": "nl"})  # the checkbox left unchecked
    assert db.session.get(User, user.id).keyboard_shortcuts is False
    assert 'data-shortcuts="off"' in client.get("/organisations/").get_data(as_text=True)
