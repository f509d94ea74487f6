"""Object-level access (IDOR): lobbyist B cannot change what lobbyist A owns, and no id reaches a record through
another record's URL. Walks the id-taking state-changing routes of app.url_map."""

from __future__ import annotations

from datetime import timedelta

from crm.common.time import utcnow
from tests.api.helpers import bearer, token_for
from tests.conftest import sign_in
from tests.factories import (
    AffiliationFactory,
    CoalitionFactory,
    DossierFactory,
    InteractionFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
)
from tests.factories_meetings import ActionItemFactory, AgendaItemFactory, AttendeeFactory, MeetingFactory
from tests.factories_stakeholders import StakeholderPositionFactory
from tests.security.forms import audit_count, main_form
from tests.security.test_access_matrix import API_BLUEPRINTS, OWNER_ONLY_FOR_LOBBYISTS, sample_arguments

# URL parts that are not ids of a record, and id pairs that are two independent filters rather than parent and child.
NOT_IDS = {
    "number",
    "target",
    "widget",
    "fmt",
    "token",
    "signing_token",
    "name",
    "ref",
    "target_type",
    "unsubscribe_token",
}
INDEPENDENT = {"stakeholders.organisation_history", "stakeholders.person_history"}
# Coalitions and dossiers have no owner: no lobbyist archives them, A no more than B.
NOBODYS = {"coalitions.archive", "coalitions.restore", "dossiers.archive", "dossiers.restore"}


def records_owned_by(owner) -> dict:
    """A's records: relationship owner of an organisation and a person, author of a contact and of a stakeholder
    position, organiser of a meeting with an agenda item, an attendee and an action item of A's."""
    organisation = OrganisationFactory(owner=owner)
    person = PersonFactory(owner=owner)
    affiliation = AffiliationFactory(person=person, organisation=organisation)
    interaction = InteractionFactory(created_by=owner, organisations=[organisation], follow_up="Terugbellen",
                                     follow_up_owner=owner)  # fmt: skip
    meeting = MeetingFactory(
        organiser=owner, status="held", starts_at=(utcnow() - timedelta(days=1)).replace(microsecond=0)
    )
    return {
        "organisation_id": organisation.id,
        "person_id": person.id,
        "affiliation_id": affiliation.id,
        "interaction_id": interaction.id,
        "meeting_id": meeting.id,
        "item_id": AgendaItemFactory(meeting=meeting, position=1).id,
        "attendee_id": AttendeeFactory(meeting=meeting).id,
        "action_item_id": ActionItemFactory(meeting=meeting, owner_user=owner).id,
        "position_id": StakeholderPositionFactory(created_by=owner).id,
        "coalition_id": CoalitionFactory().id,
        "dossier_id": DossierFactory().id,
    }


def test_lobbyist_b_cannot_change_what_lobbyist_a_owns(app, db):
    a, b = UserFactory(role="lobbyist", name="Lobbyist A"), UserFactory(role="lobbyist", name="Lobbyist B")
    browser_a, browser_b = app.test_client(), app.test_client()
    assert sign_in(browser_a, a.email).status_code == 302 and sign_in(browser_b, b.email).status_code == 302
    token_b = browser_b.csrf_token("/account")
    failures, owner_succeeded, walked = [], 0, 0
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "POST" not in rule.methods or rule.endpoint not in OWNER_ONLY_FOR_LOBBYISTS:
            continue
        records = records_owned_by(a)
        if not set(rule.arguments) <= set(records):
            failures.append(f"{rule.rule}: no record of A's for {set(rule.arguments) - set(records)}")
            continue
        url = rule.build({name: records[name] for name in rule.arguments}, append_unknown=False)[1]
        # The form exactly as A would submit it (A may open A's own form), sent by B with B's own valid token.
        form = main_form(browser_a.get(url).get_data(as_text=True), url) if "GET" in rule.methods else None
        data = form.data() if form else {}
        before = audit_count()
        refused = browser_b.post(url, data={**data, "csrf_token": token_b})
        walked += 1
        if refused.status_code != 403:
            failures.append(f"B: POST {url} ({rule.endpoint}) → {refused.status_code}, expected 403")
        if audit_count() != before:
            failures.append(f"B: POST {url} ({rule.endpoint}) changed something")
        if rule.endpoint in NOBODYS:
            continue
        allowed = browser_a.post(url, data={**data, "csrf_token": browser_a.csrf_token("/account")})
        if allowed.status_code == 403:
            failures.append(f"A: POST {url} ({rule.endpoint}) → 403 on A's own record")
        owner_succeeded += allowed.status_code == 302 and audit_count() > before
    assert failures == []
    assert walked >= 25
    assert owner_succeeded >= 15  # the same submissions did change A's records when A sent them


def test_no_record_is_reached_through_another_records_url(app, db):
    """Nested ids: an agenda item, attendee, action item, signatory, member or position of another parent is a 404."""
    admin = UserFactory(role="admin")
    client = app.test_client()
    assert sign_in(client, admin.email).status_code == 302
    token = client.csrf_token("/account")
    api_token = {**bearer(token_for(user=admin)), "If-Match": "*"}  # the API signs in with a token, never a session
    failures, walked = [], 0
    # Every request here must be refused and change nothing (checked below), so one set of records serves them all.
    parent, child = sample_arguments(), sample_arguments()
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        ids = [name for name in rule.arguments if name not in NOT_IDS]
        if len(ids) < 2 or rule.endpoint in INDEPENDENT:
            continue
        values = {**parent, ids[-1]: child[ids[-1]]}  # the last id belongs to another parent
        url = rule.build({name: values[name] for name in rule.arguments}, append_unknown=False)[1]
        api = rule.endpoint.startswith(API_BLUEPRINTS)
        for method in sorted(rule.methods & ({"GET", "POST", "PATCH", "DELETE"} if api else {"GET", "POST"})):
            before = audit_count()
            if api:
                response = client.open(url, method=method, json={}, headers=api_token)
            elif method == "GET":
                response = client.get(url)
            else:
                response = client.post(url, data={"csrf_token": token})
            walked += 1
            if response.status_code not in (403, 404):
                failures.append(f"{method} {url} ({rule.endpoint}) → {response.status_code}")
            if audit_count() != before:
                failures.append(f"{method} {url} ({rule.endpoint}) changed something")
    assert failures == []
    assert walked >= 25


def test_an_id_that_does_not_exist_is_a_404_on_every_route(app, db):
    admin = UserFactory(role="admin")
    client = app.test_client()
    assert sign_in(client, admin.email).status_code == 302
    token = client.csrf_token("/account")
    failures = []
    sample = sample_arguments()  # every request here answers 404 and so changes nothing
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        ids = [name for name in rule.arguments if name not in NOT_IDS]
        if not ids or rule.endpoint.startswith(API_BLUEPRINTS):  # the API: tests/api (a token, not a session)
            continue
        values = {**sample, **dict.fromkeys(ids, 2**31 - 1)}
        url = rule.build({name: values[name] for name in rule.arguments}, append_unknown=False)[1]
        for method in sorted(rule.methods & {"GET", "POST"}):
            response = client.get(url) if method == "GET" else client.post(url, data={"csrf_token": token})
            if response.status_code != 404:
                failures.append(f"{method} {url} ({rule.endpoint}) → {response.status_code}")
    assert failures == []
