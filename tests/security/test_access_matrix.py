"""Every route × every role (and anonymous) against the rules declared in crm/permissions.py.

The walk over `app.url_map` fails on any route without a declared rule, and on any route whose URL arguments
this test does not know how to fill: a new route must be added to the matrix consciously.
"""

from __future__ import annotations

import pytest

from crm.permissions import ACCESS_ATTRIBUTE, PERMISSIONS, PUBLIC, Role
from tests.api.helpers import sample_api_arguments
from tests.conftest import sign_in
from tests.factories import (
    AffiliationFactory,
    CoalitionMemberFactory,
    DossierFactory,
    InteractionFactory,
    UserFactory,
)
from tests.factories_documents import sample_document_arguments
from tests.factories_imports import sample_import_arguments
from tests.factories_inbox import sample_inbox_arguments
from tests.factories_letters import sample_letter_arguments
from tests.factories_meetings import sample_meeting_arguments
from tests.factories_notifications import sample_notification_arguments
from tests.factories_parliament import sample_parliament_arguments
from tests.factories_stakeholders import sample_stakeholder_arguments
from tests.factories_tasks import WorkerHeartbeatFactory
from tests.factories_watch import sample_watch_arguments

# Routes where the role table allows a lobbyist, but the object-level rule refuses one who does not own the record.
OWNER_ONLY_FOR_LOBBYISTS = {
    "organisations.archive",
    "organisations.restore",
    "people.archive",
    "people.restore",
    "coalitions.archive",
    "coalitions.restore",
    "dossiers.archive",
    "dossiers.restore",
    # contacts another colleague logged (and whose follow-up is not theirs)
    "interactions.edit",
    "interactions.delete",
    "interactions.follow_up_done",
    # meetings organised by another colleague: lobbyists may add attendees (and read), not change the meeting
    "meetings.edit",
    "meetings.mark_held",
    "meetings.cancel",
    "meetings.attendees.attendance",
    "meetings.attendees.edit",
    "meetings.attendees.remove",
    "meetings.agenda.page",
    "meetings.agenda.add",
    "meetings.agenda.edit",
    "meetings.agenda.move",
    "meetings.agenda.reorder",
    "meetings.agenda.remove",
    "meetings.minutes.edit",
    "meetings.minutes.finalise",
    "meetings.actions.add",
    "meetings.actions.edit",
    "meetings.actions.done",  # the action item belongs to another colleague
    # stakeholder positions another colleague recorded
    "stakeholders.edit",
    "stakeholders.remove",
}
# Shared templates are edited by administrators, and by editors an administrator granted the template right.
TEMPLATE_EDITORS_ONLY = {
    "document_templates.create",
    "document_templates.edit",
    "document_templates.archive",
    "document_templates.restore",
}
ALLOWED_OUTCOMES = {200, 302, 422}
# Routes that answer 404 to an allowed user until there is something to show (the QR code of a set-up in progress),
# or for a record that is not theirs (a background job someone else started: as if it did not exist).
# A notification belongs to its user: marking another user's notification read answers 404 (as revoking another
# user's API token does).
ALLOWED_NOT_FOUND = {
    "two_factor.qr_code", "jobs.detail", "jobs.status", "jobs.download", "notifications.mark_read",
    "api_tokens.revoke",
}  # fmt: skip


def sample_arguments() -> dict[str, int]:
    """Fresh records for one request, so a state-changing route cannot disturb the next check."""
    affiliation = AffiliationFactory(organisation__owner=UserFactory())
    member = CoalitionMemberFactory()
    colleague = UserFactory()
    interaction = InteractionFactory(
        created_by=colleague, organisations=[affiliation.organisation], follow_up="Bellen", follow_up_owner=colleague
    )
    WorkerHeartbeatFactory()  # a worker is running: /readyz answers 200 (without one, 503: "not ready")
    return {
        "interaction_id": interaction.id,
        "fmt": "csv",
        "widget": "going-cold",
        "organisation_id": affiliation.organisation_id,
        "person_id": affiliation.person_id,
        "affiliation_id": affiliation.id,
        "coalition_id": member.coalition_id,
        "member_id": member.id,
        "dossier_id": DossierFactory().id,
        "user_id": UserFactory().id,
        **sample_meeting_arguments(),
        **sample_document_arguments(affiliation.organisation),
        **sample_letter_arguments(),
        **sample_stakeholder_arguments(),
        **sample_parliament_arguments(),
        **sample_import_arguments(),
        **sample_watch_arguments(),
        **sample_notification_arguments(),
        **sample_inbox_arguments(),
        **sample_api_arguments(),
    }


# The JSON API signs in with tokens, not sessions: tests/api/test_api_access_matrix.py walks its routes.
API_BLUEPRINTS = ("api_registry.", "api_coalitions.", "api_work.")


def routes(app):
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint == "static" or rule.endpoint.startswith(API_BLUEPRINTS):
            continue
        for method in sorted(rule.methods & {"GET", "POST"}):
            yield rule, method


def test_every_route_declares_an_access_rule(app):
    missing = [
        rule.rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static" and getattr(app.view_functions[rule.endpoint], ACCESS_ATTRIBUTE, None) is None
    ]
    assert missing == []


def expected_outcome(rule_name: str, endpoint: str, role: Role | None) -> str:
    if rule_name == PUBLIC:
        return "allowed"
    if role is None:
        return "login"
    if role not in PERMISSIONS[rule_name]:
        return "forbidden"
    if role == Role.LOBBYIST and endpoint in OWNER_ONLY_FOR_LOBBYISTS:
        return "forbidden"
    if role != Role.ADMIN and endpoint in TEMPLATE_EDITORS_ONLY:
        return "forbidden"
    return "allowed"


def changed_nothing(method: str, status: int, signed_in: bool) -> bool:
    """A GET changes nothing (a house rule the CSRF suite checks); nor does a POST that was refused, had form errors,
    or sent an anonymous visitor to sign in. (A signed-in user sent to /login was signed out: that is a change.)"""
    return method == "GET" or status in (403, 404, 422) or (status == 302 and not signed_in)


@pytest.mark.parametrize("role", [None, *Role], ids=lambda r: r.value if r else "anonymous")
def test_access_matrix(app, db, role):
    user = UserFactory(role=role.value) if role else None
    failures = []
    client = arguments = None
    for rule, method in routes(app):
        # Fresh records and a fresh sign-in after a request that may have changed them (archived a record, signed
        # out, revoked a session), so one route's effect cannot decide the next route's outcome.
        if arguments is None:
            client = app.test_client()
            if user is not None:
                assert sign_in(client, user.email).status_code == 302
            arguments = sample_arguments()
        unknown = set(rule.arguments) - set(arguments)
        assert not unknown, f"{rule.rule}: add sample values for {unknown} to this test"
        url = rule.build({name: arguments[name] for name in rule.arguments}, append_unknown=False)[1]
        if method == "GET":
            response = client.get(url)
        else:
            token = client.csrf_token("/account" if user else "/login")
            response = client.post(url, data={"csrf_token": token})
        declared = getattr(app.view_functions[rule.endpoint], ACCESS_ATTRIBUTE)
        expected = expected_outcome(declared, rule.endpoint, role)
        status = response.status_code
        location = response.headers.get("Location", "")
        if expected == "login":
            ok = status == 302 and location.startswith("/login")
        elif expected == "forbidden":
            ok = status == 403
        else:
            allowed = ALLOWED_OUTCOMES | ({404} if rule.endpoint in ALLOWED_NOT_FOUND else set())
            ok = status in allowed and not (status == 302 and location.startswith("/login?"))
        if not ok:
            failures.append(f"{method} {url} ({rule.endpoint}, rule {declared}): expected {expected}, got {status}")
        if not changed_nothing(method, status, signed_in=user is not None):
            arguments = None
    assert failures == []
