"""Personal access tokens under "Mijn account": made and shown once, listed with their last use, revoked; the
administrators see and revoke everyone's."""

from __future__ import annotations

import re

from tests.api.helpers import bearer
from tests.helpers import text_of


def _make_token(client, name: str, scope: str = "read") -> str:
    response = client.submit("/account/tokens", {"name": name, "scope": scope}, token_from="/account/tokens")
    assert response.status_code == 200
    assert "Kopieer hem nu" in text_of(response)
    return re.search(r"bg_[A-Za-z0-9_-]+", response.get_data(as_text=True)).group(0)


def test_a_token_is_shown_once_works_and_can_be_revoked(client, db, login_as):
    login_as("lobbyist")
    plain = _make_token(client, "Power BI")
    page = client.get("/account/tokens")
    assert plain not in page.get_data(as_text=True)  # shown once: only its first characters remain
    assert "Power BI" in text_of(page) and "geen einddatum nooit actief" in text_of(page)
    assert client.get("/api/v1/organisations", headers=bearer(plain)).status_code == 200
    assert "geen einddatum nooit actief" not in text_of(client.get("/account/tokens"))  # its last use is shown now
    refused = client.post("/api/v1/organisations", json={"name": "X", "kind": "fund"}, headers=bearer(plain))
    assert refused.status_code == 403  # read-only
    token_id = re.search(r"/account/tokens/(\d+)/revoke", page.get_data(as_text=True)).group(1)
    revoked = client.submit(f"/account/tokens/{token_id}/revoke", {}, token_from="/account/tokens")
    assert revoked.status_code == 302
    assert client.get("/api/v1/organisations", headers=bearer(plain)).status_code == 401


def test_a_token_with_an_end_date_in_the_past_is_refused(client, db, login_as):
    login_as("lobbyist")
    response = client.submit("/account/tokens", {"name": "Oud", "scope": "read", "expires_on": "01-01-2020"},
                             token_from="/account/tokens")  # fmt: skip
    assert response.status_code == 422
    assert "Kies een vervaldatum in de toekomst." in text_of(response)


def test_administrators_see_and_revoke_everyones_tokens(app, db, login_as):
    lobbyist_client = app.test_client()
    from tests.conftest import sign_in
    from tests.factories import UserFactory

    lobbyist = UserFactory(role="lobbyist", name="Lobbyist Lotte")
    sign_in(lobbyist_client, lobbyist.email)
    plain = _make_token(lobbyist_client, "Website")
    admin_client = app.test_client()
    sign_in(admin_client, UserFactory(role="admin").email)
    page = admin_client.get("/admin/api-tokens")
    assert "Website" in text_of(page) and "Lobbyist Lotte" in text_of(page)
    token_id = re.search(r"/account/tokens/(\d+)/revoke", page.get_data(as_text=True)).group(1)
    other = app.test_client()
    sign_in(other, UserFactory(role="lobbyist").email)
    assert other.submit(f"/account/tokens/{token_id}/revoke", {}, token_from="/account").status_code == 404
    assert admin_client.submit(f"/account/tokens/{token_id}/revoke", {}, token_from="/account").status_code == 302
    assert lobbyist_client.get("/api/v1/people", headers=bearer(plain)).status_code == 401
