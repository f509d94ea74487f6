"""Security headers, CSRF, error pages without tracebacks, production configuration."""

from __future__ import annotations

import pytest

from config import with_profile
from crm import create_app
from crm.partners.models import Organisation
from crm.permissions import public
from tests.helpers import count, text_of


def test_security_headers_on_every_page(client, db):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_pages_with_personal_data_are_not_cached(client, login_as):
    login_as("viewer")
    assert client.get("/people/").headers["Cache-Control"] == "no-store"


def test_missing_or_foreign_csrf_token_is_refused_and_nothing_saved(client, login_as):
    login_as("lobbyist")
    data = {"name": "Zonder Token", "kind": "other", "owner_id": "0"}
    missing = client.post("/organisations/new", data=data)
    assert missing.status_code == 400
    assert "nothing has been saved" in text_of(missing).lower() or "niets opgeslagen" in text_of(missing)
    foreign = client.post("/organisations/new", data={**data, "csrf_token": "IjEyMyI.ZmFrZQ.dG9rZW4"})
    assert foreign.status_code == 400
    assert count(Organisation) == 0


def test_a_get_never_changes_state(client, login_as):
    login_as("director")
    assert client.get("/logout").status_code == 405
    response = client.get("/organisations/999/restore")
    assert response.status_code == 405


def test_unexpected_error_shows_a_generic_dutch_page(database_url):
    from flask import Flask

    app: Flask = create_app(with_profile("testing"), SQLALCHEMY_DATABASE_URI=database_url, PROPAGATE_EXCEPTIONS=False)
    app.testing = False  # let the error handler answer, as in production

    @app.get("/__explode")
    @public
    def explode():  # not registered on the suite's app, so the access matrix never sees it
        raise RuntimeError("secret detail: password=hunter2")

    response = app.test_client().get("/__explode")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "Er ging iets mis" in body or "Er is iets misgegaan" in body
    assert "hunter2" not in body and "Traceback" not in body and "RuntimeError" not in body


def test_production_refuses_to_start_without_secret_key():
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"BONDGENOOT_ENV": "production"}, SQLALCHEMY_DATABASE_URI="sqlite://")


def test_production_sets_secure_cookies_and_hsts():
    app = create_app({"BONDGENOOT_ENV": "production", "SECRET_KEY": "x" * 32}, SQLALCHEMY_DATABASE_URI="sqlite://")
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    assert app.config["SESSION_COOKIE_HTTPONLY"] and app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    response = app.test_client().get("/login", base_url="https://bondgenoot.example")
    assert "max-age" in response.headers["Strict-Transport-Security"]
    assert "Secure" in response.headers.get("Set-Cookie", "Secure")


@pytest.mark.parametrize(
    ("code", "title", "message"),
    [
        (400, "Ongeldig verzoek", "Controleer wat je hebt ingevuld"),
        (403, "Geen toegang", "Je hebt geen toestemming"),
        (404, "Niet gevonden", "Deze pagina bestaat niet (meer)"),
        (405, "Niet toegestaan", "Deze actie kan niet op deze manier"),
        (409, "Conflict", "iemand anders"),
        (413, "Te groot", "te groot"),
        (500, "Er is iets misgegaan", "onverwachte fout"),
    ],
)
def test_every_error_page_is_dutch_and_plain(database_url, code, title, message):
    from flask import abort

    app = create_app(with_profile("testing"), SQLALCHEMY_DATABASE_URI=database_url, PROPAGATE_EXCEPTIONS=False)
    app.testing = False

    @app.get("/__error")
    @public
    def fail():  # not registered on the suite's app, so the access matrix never sees it
        abort(code)

    response = app.test_client().get("/__error")
    assert response.status_code == code
    body = text_of(response)
    assert title in body and message.lower() in body.lower(), body[:300]
    assert "Traceback" not in body and "werkzeug" not in body.lower()
    assert response.headers["Content-Type"].startswith("text/html")
