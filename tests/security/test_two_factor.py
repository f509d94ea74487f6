"""Two-factor sign-in (TOTP): set up from My account, the code step after the password, reset by an administrator."""

from __future__ import annotations

import re
import time

import pyotp
from sqlalchemy import select

from crm.audit.models import AuditEvent
from crm.auth.models import User
from crm.extensions import db
from tests.conftest import PASSWORD, sign_in
from tests.factories import UserFactory
from tests.helpers import text_of
from tests.security.test_sessions import age

KEY = re.compile(r'class="secret-key">([A-Z2-7 ]+)<')
WRONG = "Die code klopt niet (of is al gebruikt). Voer de huidige code uit je app in."


def enrol(client) -> pyotp.TOTP:
    """Set up two-factor sign-in as a user does: start, read the key off the page, confirm a code."""
    client.submit("/account/two-factor/setup", {}, token_from="/account/two-factor")
    key = KEY.search(client.get("/account/two-factor").get_data(as_text=True)).group(1)
    totp = pyotp.TOTP(key.replace(" ", ""))
    response = client.submit("/account/two-factor/confirm", {"code": totp.now()}, token_from="/account/two-factor")
    assert response.status_code == 302, text_of(response)[:300]
    return totp


def next_code(totp: pyotp.TOTP) -> str:
    """The code of the next 30-second step: accepted (one step of clock drift) and not used yet."""
    return totp.at(time.time() + 30)


def test_set_up_shows_the_key_once_and_stores_it_sealed(client, login_as):
    user = login_as("lobbyist")
    client.submit("/account/two-factor/setup", {}, token_from="/account/two-factor")
    page = client.get("/account/two-factor")
    key = KEY.search(page.get_data(as_text=True)).group(1).replace(" ", "")
    qr = client.get("/account/two-factor/qr.svg")
    assert qr.mimetype == "image/svg+xml" and b"<svg" in qr.data and b"<script" not in qr.data.lower()
    assert qr.headers["X-Content-Type-Options"] == "nosniff" and qr.headers["Cache-Control"] == "no-store"
    wrong = client.submit("/account/two-factor/confirm", {"code": "000000"}, token_from="/account/two-factor")
    assert wrong.status_code == 422 and WRONG in text_of(wrong)
    assert db.session.get(User, user.id).totp_enabled_at is None
    client.submit("/account/two-factor/confirm", {"code": pyotp.TOTP(key).now()}, token_from="/account/two-factor")
    stored = db.session.get(User, user.id)
    assert stored.has_second_factor
    assert stored.totp_secret.startswith("v1:") and key not in stored.totp_secret  # sealed, not the key itself
    assert key not in client.get("/account/two-factor").get_data(as_text=True).replace(" ", "")  # never shown again
    assert client.get("/account/two-factor/qr.svg").status_code == 404
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.entity_type == "user")).all()
    assert all("totp_secret" not in (event.changes or {}) for event in events)
    assert any("totp_enabled_at" in (event.changes or {}) for event in events)


def test_sign_in_asks_for_the_code_after_the_password(app, client, login_as):
    user = login_as("lobbyist")
    totp = enrol(client)
    browser = app.test_client()
    after_password = sign_in(browser, user.email)
    assert after_password.headers["Location"] == "/login/code"
    assert browser.get("/organisations/").status_code == 302  # not signed in until the code is right
    page = browser.get("/login/code")
    assert "Voer de code uit je app in" in text_of(page)
    wrong = browser.submit("/login/code", {"code": "123456"})
    assert wrong.status_code == 422 and WRONG in text_of(wrong)
    right = browser.submit("/login/code", {"code": next_code(totp)})
    assert right.headers["Location"] == "/"
    assert browser.get("/organisations/").status_code == 200


def test_a_code_counts_once(app, client, login_as):
    user = login_as("lobbyist")
    totp = enrol(client)
    code = next_code(totp)
    first = app.test_client()
    sign_in(first, user.email)
    assert first.submit("/login/code", {"code": code}).status_code == 302
    second = app.test_client()
    sign_in(second, user.email)
    replay = second.submit("/login/code", {"code": code})
    assert replay.status_code == 422 and WRONG in text_of(replay)


def test_the_code_step_is_rate_limited_per_account(app, client, login_as, monkeypatch):
    monkeypatch.setitem(app.config, "TOTP_RATE_LIMIT", "3 per minute")
    user = login_as("lobbyist")
    totp = enrol(client)
    browser = app.test_client()
    sign_in(browser, user.email)
    assert [browser.submit("/login/code", {"code": "000000"}).status_code for _ in range(3)] == [422, 422, 422]
    other_browser = app.test_client()  # a new sign-in does not reset the count for this account
    sign_in(other_browser, user.email)
    blocked = other_browser.submit("/login/code", {"code": next_code(totp)})
    assert blocked.status_code == 429 and "Te veel codes geprobeerd" in text_of(blocked)


def test_the_code_step_needs_a_recent_password(app, client, login_as):
    user = login_as("lobbyist")
    enrol(client)
    browser = app.test_client()
    assert browser.get("/login/code").headers["Location"] == "/login"
    sign_in(browser, user.email)
    with browser.session_transaction() as session:
        pending = session["two_factor_pending"]
        session["two_factor_pending"] = {**pending, "at": pending["at"] - 6 * 60}
    assert browser.get("/login/code").headers["Location"] == "/login"


def test_the_next_page_survives_the_code_step(app, client, login_as):
    user = login_as("lobbyist")
    totp = enrol(client)
    browser = app.test_client()
    browser.submit("/login", {"email": user.email, "password": PASSWORD, "next": "/people/"})
    assert browser.submit("/login/code", {"code": next_code(totp)}).headers["Location"] == "/people/"


def test_switching_off_needs_a_current_code(app, client, login_as):
    user = login_as("lobbyist")
    totp = enrol(client)
    wrong = client.submit("/account/two-factor/off", {"code": "000000"})
    assert wrong.status_code == 422 and db.session.get(User, user.id).has_second_factor
    assert client.submit("/account/two-factor/off", {"code": next_code(totp)}).status_code == 302
    assert not db.session.get(User, user.id).has_second_factor
    assert sign_in(app.test_client(), user.email).headers["Location"] == "/"


def test_an_administrator_resets_a_lost_second_factor_and_it_is_audited(app, client, login_as):
    lobbyist = UserFactory(email="kwijt@bondgenoot.test")
    theirs = app.test_client()
    sign_in(theirs, lobbyist.email)
    enrol(theirs)
    admin = login_as("admin")
    page = client.get(f"/admin/users/{lobbyist.id}/edit")
    assert "Tweestapsverificatie resetten" in text_of(page)
    assert client.submit(f"/admin/users/{lobbyist.id}/two-factor/reset", {}).status_code == 302
    stored = db.session.get(User, lobbyist.id)
    assert not stored.has_second_factor and stored.totp_secret is None
    event = db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.entity_type == "user", AuditEvent.entity_id == lobbyist.id)
        .order_by(AuditEvent.id.desc())
    ).first()
    assert event.actor_label == admin.email and event.changes["totp_enabled_at"][1] is None
    assert theirs.get("/organisations/").status_code == 302  # their sessions ended
    assert sign_in(app.test_client(), lobbyist.email).headers["Location"] == "/"  # the password alone, then set up


def test_only_administrators_reset_a_second_factor(client, login_as):
    login_as("director")
    user = UserFactory()
    assert client.get(f"/admin/users/{user.id}/two-factor/reset").status_code == 403


def test_administrators_must_enrol_when_the_configuration_says_so(app, client, login_as, monkeypatch):
    monkeypatch.setitem(app.config, "TOTP_REQUIRED_FOR_ADMINS", True)
    login_as("admin")
    sent = client.get("/organisations/")
    assert sent.headers["Location"] == "/account/two-factor"
    page = client.get("/account/two-factor")
    assert "Beheerders moeten eerst tweestapsverificatie instellen" in text_of(page)
    assert client.get("/admin/users/").status_code == 302
    totp = enrol(client)
    assert client.get("/admin/users/").status_code == 200
    refused = client.submit("/account/two-factor/off", {"code": next_code(totp)})
    assert refused.status_code == 422 and "kan niet worden uitgezet" in text_of(refused)


def test_other_roles_are_not_forced_to_enrol(app, client, login_as, monkeypatch):
    monkeypatch.setitem(app.config, "TOTP_REQUIRED_FOR_ADMINS", True)
    login_as("lobbyist")
    assert client.get("/organisations/").status_code == 200


def test_a_changed_secret_key_fails_closed(app, client, login_as, monkeypatch):
    user = login_as("lobbyist")
    totp = enrol(client)
    monkeypatch.setitem(app.config, "SECRET_KEY", "another-secret-key-after-a-rotation")
    browser = app.test_client()
    assert sign_in(browser, user.email).headers["Location"] == "/login/code"
    assert browser.submit("/login/code", {"code": next_code(totp)}).status_code == 422


def test_setting_up_asks_for_the_password_when_the_sign_in_is_old(client, login_as):
    login_as("lobbyist")
    age(client, authenticated_at=20 * 60)
    response = client.submit("/account/two-factor/setup", {}, token_from="/account/two-factor")
    assert response.headers["Location"].startswith("/reauth")
