"""Every API endpoint × every role × anonymous / bad / expired / revoked / read-only token / deactivated user.

A token acts with its user's role and never more: the expected answer comes from the same declared rule as the web
page's. The walk over `app.url_map` fails on an API route whose URL arguments this test cannot fill.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from crm.api.tokens import revoke_token, token_by_plain
from crm.permissions import ACCESS_ATTRIBUTE, PERMISSIONS, Role
from tests.api.helpers import bearer, token_for
from tests.factories import AffiliationFactory, CoalitionMemberFactory, DossierFactory, InteractionFactory, UserFactory
from tests.factories_documents import GeneratedDocumentFactory
from tests.factories_letters import sample_letter_arguments
from tests.factories_meetings import sample_meeting_arguments
from tests.factories_stakeholders import sample_stakeholder_arguments

API_BLUEPRINTS = ("api_registry.", "api_coalitions.", "api_work.")
# As on the web pages: the role may, but the object-level rule refuses a lobbyist whose record it is not (an action
# item they do not own, a record they do not own to archive, a contact another colleague logged).
OWNER_ONLY_FOR_LOBBYISTS = {
    "api_work.complete_action_item",
    "api_work.update_contact",
    *(f"api_{area}.{verb}_{name}" for area, name in (("registry", "organisation"), ("registry", "person"),
                                                     ("coalitions", "coalition"), ("coalitions", "dossier"))
      for verb in ("archive", "restore")),
}  # fmt: skip
METHODS = ("GET", "POST", "PATCH", "DELETE")


def sample_arguments() -> dict[str, int]:
    affiliation = AffiliationFactory()
    member = CoalitionMemberFactory()
    return {
        "organisation_id": affiliation.organisation_id,
        "person_id": affiliation.person_id,
        "affiliation_id": affiliation.id,
        "coalition_id": member.coalition_id,
        "member_id": member.id,
        "dossier_id": DossierFactory().id,
        "contact_id": InteractionFactory().id,
        "document_id": GeneratedDocumentFactory().id,
        **sample_meeting_arguments(),
        **sample_letter_arguments(),
        **sample_stakeholder_arguments(),
    }


def api_routes(app):
    """Every API route and method; archiving last, so that the writes before it meet an active record."""
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule.endswith("/archive"), r.rule)):
        if rule.endpoint.startswith(API_BLUEPRINTS):
            for method in sorted(rule.methods & set(METHODS)):
                yield rule, method


def call(client, rule, method, arguments, headers):
    unknown = set(rule.arguments) - set(arguments)
    assert not unknown, f"{rule.rule}: add sample values for {unknown} to this test"
    url = rule.build({name: arguments[name] for name in rule.arguments}, append_unknown=False)[1]
    if method == "GET":
        return url, client.get(url, headers=headers)
    return url, client.open(url, method=method, json={}, headers={**headers, "If-Match": "*"})


def test_the_api_has_routes_and_each_declares_a_rule(app):
    found = list(api_routes(app))
    assert len(found) > 40
    for rule, _method in found:
        assert getattr(app.view_functions[rule.endpoint], ACCESS_ATTRIBUTE, None) in PERMISSIONS


def _refused_tokens() -> dict[str, dict]:
    expired = token_for("admin", expires_in=timedelta(seconds=1))
    from crm.api.models import ApiToken
    from crm.extensions import db

    row = token_by_plain(expired)
    db.session.query(ApiToken).filter_by(id=row.id).update({"expires_at": row.created_at - timedelta(minutes=1)})
    revoked = token_for("admin")
    revoked_row = token_by_plain(revoked)
    revoke_token(revoked_row, actor=revoked_row.user)
    deactivated_user = UserFactory(role="admin")
    deactivated = token_for(user=deactivated_user)
    deactivated_user.active = False
    db.session.flush()
    return {
        "anonymous": {},
        "bad token": bearer("bg_this-is-no-token"),
        "not bearer": {"Authorization": "Basic YWRtaW46YWRtaW4="},
        "expired": bearer(expired),
        "revoked": bearer(revoked),
        "deactivated user": bearer(deactivated),
    }


def test_without_a_valid_token_every_endpoint_answers_401(app, db, client):
    refused = _refused_tokens()
    arguments = sample_arguments()
    failures = []
    for rule, method in api_routes(app):
        for label, headers in refused.items():
            url, response = call(client, rule, method, arguments, headers)
            if response.status_code != 401 or response.mimetype != "application/problem+json":
                failures.append(f"{label}: {method} {url} answered {response.status_code}")
    assert failures == []


def test_a_signed_in_browser_session_is_no_key_to_the_api(app, db, login_as, client):
    login_as("admin")
    response = client.get("/api/v1/organisations")
    assert response.status_code == 401
    posted = client.post("/api/v1/organisations", json={"name": "Via de browser", "kind": "fund"})
    assert posted.status_code == 401 and posted.mimetype == "application/problem+json"
    from sqlalchemy import func, select

    from crm.partners.models import Organisation

    assert db.session.scalar(select(func.count()).where(Organisation.name == "Via de browser")) == 0


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_a_token_has_its_users_rights_and_never_more(app, db, client, role):
    write_token = bearer(token_for(role.value, scope="write"))
    read_token = bearer(token_for(role.value, scope="read"))
    arguments = sample_arguments()
    failures = []
    for rule, method in api_routes(app):
        permission = getattr(app.view_functions[rule.endpoint], ACCESS_ATTRIBUTE)
        allowed = role in PERMISSIONS[permission]
        if role == Role.LOBBYIST and rule.endpoint in OWNER_ONLY_FOR_LOBBYISTS:
            allowed = False
        for scope, headers in (("write", write_token), ("read", read_token)):
            url, response = call(client, rule, method, arguments, headers)
            status = response.status_code
            may = allowed and (method == "GET" or scope == "write")
            ok = status not in (401, 403) and status < 500 if may else status == 403
            if not ok:
                failures.append(f"{role.value}/{scope}: {method} {url} ({permission}) answered {status}")
    assert failures == []


def test_viewers_never_see_stakeholder_positions_or_sensitive_notes(client, db):
    from tests.factories_stakeholders import StakeholderPositionFactory

    StakeholderPositionFactory()
    InteractionFactory(notes="Vertrouwelijk: steunt ons", sensitive=True)
    viewer = bearer(token_for("viewer", scope="read"))
    assert client.get("/api/v1/stakeholder-positions", headers=viewer).status_code == 403
    notes = [c["notes"] for c in client.get("/api/v1/contacts?limit=200", headers=viewer).get_json()["items"]]
    assert "Vertrouwelijk: steunt ons" not in notes
    lobbyist = bearer(token_for("lobbyist", scope="read"))
    notes = [c["notes"] for c in client.get("/api/v1/contacts?limit=200", headers=lobbyist).get_json()["items"]]
    assert "Vertrouwelijk: steunt ons" in notes


def test_requests_are_rate_limited_per_token(app, client, db, monkeypatch):
    monkeypatch.setitem(app.config, "API_RATE_LIMIT", "3 per minute")
    busy, other = bearer(token_for("viewer", scope="read")), bearer(token_for("viewer", scope="read"))
    answers = [client.get("/api/v1/tags", headers=busy).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    limited = client.get("/api/v1/tags", headers=busy)
    assert limited.status_code == 429 and limited.mimetype == "application/problem+json"
    assert client.get("/api/v1/tags", headers=other).status_code == 200  # another token has its own budget


def test_an_id_that_does_not_exist_is_a_404_problem_on_every_api_route(app, client, db):
    headers = bearer(token_for("admin"))
    arguments = dict.fromkeys(sample_arguments(), 2**31 - 1)
    failures = []
    for rule, method in api_routes(app):
        if not rule.arguments:
            continue
        url, response = call(client, rule, method, arguments, headers)
        # An empty body to a POST may be refused for its fields (422) before the record is looked up.
        expected = {404, 422} if method == "POST" else {404}
        if response.status_code not in expected or response.mimetype != "application/problem+json":
            failures.append(f"{method} {url} → {response.status_code}")
    assert failures == []
