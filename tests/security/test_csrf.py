"""CSRF on every state-changing route (walked from app.url_map): no token, or another session's token, is refused."""

from __future__ import annotations

from crm.permissions import ACCESS_ATTRIBUTE, PUBLIC
from tests.conftest import sign_in
from tests.factories import UserFactory
from tests.helpers import text_of
from tests.security.forms import audit_count
from tests.security.test_access_matrix import sample_arguments

STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
# The one exemption: the one-click unsubscribe of our e-mails (RFC 8058). A mail client POSTs it without a session or
# a form; the signed token in its URL is the proof, and a forged one changes nothing (tested below).
EXEMPT = {"notifications.unsubscribe"}
REFUSED = "Het formulier is verlopen of komt niet van deze site"


# The JSON API is exempt: it signs in only with a token in a header, never with the session cookie a browser sends
# by itself (tests/api/test_api_access_matrix.py shows a signed-in browser gets 401 there).
API_BLUEPRINTS = {"api_registry", "api_coalitions", "api_work"}


def state_changing_routes(app):
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint.partition(".")[0] in API_BLUEPRINTS:
            continue
        for method in sorted(rule.methods & STATE_CHANGING):
            yield rule, method


def test_no_route_is_exempt_and_only_post_changes_state(app):
    methods = {method for _rule, method in state_changing_routes(app)}
    assert methods == {"POST"}
    exempt = {f"{app.view_functions[e].__module__}.{app.view_functions[e].__name__}" for e in EXEMPT}
    assert app.extensions["csrf"]._exempt_views == exempt
    assert {blueprint.name for blueprint in app.extensions["csrf"]._exempt_blueprints} == API_BLUEPRINTS


def test_the_unsubscribe_route_refuses_a_forged_or_altered_token(app, db):
    from crm.notifications.emails import unsubscribe_token
    from crm.notifications.services import channels_of

    user = UserFactory()
    genuine = unsubscribe_token(user.id, "letter_status")
    forged = unsubscribe_token(user.id, "letter_status")[:-4] + "AAAA"
    other_key = genuine.split(".")[0] + ".c2lnbmF0dXJl"
    client = app.test_client()
    for token in (forged, other_key, "eyJ1IjoxLCJrIjoiZGlnZXN0In0"):
        assert client.post(f"/unsubscribe/{token}").status_code == 404
    assert channels_of(user.id)["letter_status"] == "email"


def test_every_state_changing_route_refuses_a_missing_or_foreign_token(app, db):
    admin = UserFactory(role="admin")
    client = app.test_client()
    assert sign_in(client, admin.email).status_code == 302
    other = app.test_client()  # someone else's browser, signed in too: its token is valid, but not for this session
    assert sign_in(other, UserFactory(role="admin").email).status_code == 302
    foreign = other.csrf_token("/account")
    failures, checked = [], 0
    arguments = sample_arguments()  # every request here is refused, and a check below proves it saved nothing
    for rule, method in state_changing_routes(app):
        if rule.endpoint in EXEMPT:
            continue
        url = rule.build({name: arguments[name] for name in rule.arguments}, append_unknown=False)[1]
        before = audit_count()
        for label, data in (("no token", {}), ("foreign token", {"csrf_token": foreign}),
                            ("forged token", {"csrf_token": "IjEyMyI.ZmFrZQ.dG9rZW4"})):  # fmt: skip
            response = client.open(url, method=method, data=data)
            if response.status_code != 400 or REFUSED not in text_of(response):
                failures.append(f"{method} {url} ({rule.endpoint}) with {label}: {response.status_code}")
        if audit_count() != before:
            failures.append(f"{method} {url} ({rule.endpoint}): something was saved")
        checked += 1
    assert failures == []
    assert checked >= 90


def test_public_forms_need_a_token_too(app, client, db):
    public_posts = [
        rule.rule
        for rule, _method in state_changing_routes(app)
        if getattr(app.view_functions[rule.endpoint], ACCESS_ATTRIBUTE) == PUBLIC
    ]
    assert {"/login", "/language", "/login/code"} <= set(public_posts)
    user = UserFactory(email="zonder-token@bondgenoot.test")
    response = client.post("/login", data={"email": user.email, "password": "correct horse battery staple"})
    assert response.status_code == 400
    assert client.get("/organisations/").status_code == 302  # not signed in
