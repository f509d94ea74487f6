"""The API's changes to existing records: archive and restore, a person's positions, a coalition's members and a
contact's edit. Each goes through the web page's service and rule: the form's messages, If-Match (412 on a stale
ETag), the role and the object rule (403), a read-only token (403), archived records read-only, and the audit trail
names the token's user."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from crm.audit.models import AuditEvent
from crm.coalitions.models import CoalitionMember
from crm.common.time import utcnow
from crm.extensions import db as _db
from crm.partners.models import Affiliation
from tests.api.helpers import bearer, token_for
from tests.factories import (
    AffiliationFactory,
    CoalitionFactory,
    CoalitionMemberFactory,
    DossierFactory,
    InteractionFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
)

PROBLEM = "application/problem+json"


def _events(entity_type: str, entity_id: int) -> list[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.entity_type == entity_type, AuditEvent.entity_id == entity_id)
    return list(_db.session.scalars(query.order_by(AuditEvent.id)))


def _etag(client, url: str, headers: dict) -> str:
    response = client.get(url, headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.headers["ETag"]


# --- archive and restore ---------------------------------------------------------------------------------------

RECORDS = {
    "organisations": (OrganisationFactory, "organisation"),
    "people": (PersonFactory, "person"),
    "coalitions": (CoalitionFactory, "coalition"),
    "dossiers": (DossierFactory, "dossier"),
}


@pytest.mark.parametrize("resource", list(RECORDS))
def test_a_director_archives_and_restores_a_record_audited_as_the_tokens_user(client, db, resource):
    factory, entity_type = RECORDS[resource]
    record = factory()
    director = UserFactory(role="director", name="Dirk Directeur")
    headers = bearer(token_for(user=director))
    url = f"/api/v1/{resource}/{record.id}"
    etag = _etag(client, url, headers)

    archived = client.post(f"{url}/archive", headers={**headers, "If-Match": etag})
    assert archived.status_code == 200, archived.get_json()
    assert archived.get_json()["archived"] is True and archived.headers["ETag"] != etag
    listed = client.get(f"/api/v1/{resource}?limit=200", headers=headers).get_json()["items"]
    assert record.id not in [item["id"] for item in listed]  # gone from the list, as on the web page
    assert client.get(url, headers=headers).get_json()["archived"] is True

    restored = client.post(f"{url}/restore", headers={**headers, "If-Match": archived.headers["ETag"]})
    assert restored.status_code == 200 and restored.get_json()["archived"] is False
    assert record.id in [
        item["id"] for item in client.get(f"/api/v1/{resource}?limit=200", headers=headers).get_json()["items"]
    ]
    actions = [(e.action, e.actor_id) for e in _events(entity_type, record.id)]
    assert ("archive", director.id) in actions and ("restore", director.id) in actions


def test_archiving_needs_if_match_and_refuses_a_stale_etag(client, db):
    org = OrganisationFactory()
    headers = bearer(token_for("director"))
    url = f"/api/v1/organisations/{org.id}"
    etag = _etag(client, url, headers)
    client.patch(url, json={"city": "Zwolle"}, headers={**headers, "If-Match": etag})  # someone saves meanwhile
    missing = client.post(f"{url}/archive", headers=headers)
    assert missing.status_code == 428 and missing.mimetype == PROBLEM
    stale = client.post(f"{url}/archive", headers={**headers, "If-Match": etag})
    assert stale.status_code == 412 and stale.mimetype == PROBLEM
    assert client.get(url, headers=headers).get_json()["archived"] is False


def test_a_retried_archive_with_the_same_idempotency_key_gets_the_first_answer(client, db):
    person = PersonFactory()
    user = UserFactory(role="admin")
    headers = {**bearer(token_for(user=user)), "If-Match": '"1"', "Idempotency-Key": "archive-1"}
    first = client.post(f"/api/v1/people/{person.id}/archive", headers=headers)
    retry = client.post(f"/api/v1/people/{person.id}/archive", headers=headers)  # the same, now stale, If-Match
    assert first.status_code == retry.status_code == 200
    assert retry.headers["Idempotent-Replayed"] == "true" and retry.get_json() == first.get_json()
    assert [e.action for e in _events("person", person.id)].count("archive") == 1
    without_key = client.post(f"/api/v1/people/{person.id}/archive", headers={**bearer(token_for(user=user)),
                                                                              "If-Match": '"1"'})  # fmt: skip
    assert without_key.status_code == 412


def test_a_lobbyist_archives_only_the_records_they_own(client, db):
    lobbyist = UserFactory(role="lobbyist")
    theirs, others = OrganisationFactory(owner=lobbyist), OrganisationFactory()
    headers = {**bearer(token_for(user=lobbyist)), "If-Match": "*"}
    refused = client.post(f"/api/v1/organisations/{others.id}/archive", headers=headers)
    assert refused.status_code == 403 and refused.mimetype == PROBLEM
    assert client.post(f"/api/v1/organisations/{theirs.id}/archive", headers=headers).status_code == 200


def test_viewers_and_read_only_tokens_never_archive(client, db):
    org = OrganisationFactory()
    url = f"/api/v1/organisations/{org.id}/archive"
    viewer = client.post(url, headers={**bearer(token_for("viewer")), "If-Match": "*"})
    assert viewer.status_code == 403 and viewer.mimetype == PROBLEM
    read_only = client.post(url, headers={**bearer(token_for("admin", scope="read")), "If-Match": "*"})
    assert read_only.status_code == 403 and "mag alleen lezen" in read_only.get_json()["detail"]
    assert org.archived_at is None


# --- a person's positions --------------------------------------------------------------------------------------


def test_a_position_is_read_changed_and_removed_audited_as_the_tokens_user(client, db):
    affiliation = AffiliationFactory(role="Beleidsmedewerker")
    user = UserFactory(role="lobbyist")
    headers = bearer(token_for(user=user))
    url = f"/api/v1/people/{affiliation.person_id}/positions/{affiliation.id}"
    shown = client.get(url, headers=headers)
    assert shown.status_code == 200 and shown.get_json()["role"] == "Beleidsmedewerker"

    changed = client.patch(url, json={"role": "Directeur", "end_date": "2026-06-30"},
                           headers={**headers, "If-Match": shown.headers["ETag"]})  # fmt: skip
    assert changed.status_code == 200, changed.get_json()
    body = changed.get_json()
    assert (body["role"], body["end_date"], body["start_date"]) == ("Directeur", "2026-06-30", "2020-01-01")
    assert body["organisation_id"] == affiliation.organisation_id  # not sent: kept
    person = client.get(f"/api/v1/people/{affiliation.person_id}", headers=headers).get_json()
    assert [(p["id"], p["role"]) for p in person["positions"]] == [(affiliation.id, "Directeur")]

    affiliation_id = affiliation.id
    removed = client.delete(url, headers={**headers, "If-Match": changed.headers["ETag"]})
    assert removed.status_code == 204
    assert client.get(url, headers=headers).status_code == 404
    assert _db.session.get(Affiliation, affiliation_id) is None
    actions = [(e.action, e.actor_id) for e in _events(Affiliation.audit_type(), affiliation_id)]
    assert ("update", user.id) in actions and ("delete", user.id) in actions


def test_a_position_gets_the_forms_message_and_refuses_a_stale_etag(client, db):
    affiliation = AffiliationFactory()
    headers = bearer(token_for("lobbyist"))
    url = f"/api/v1/people/{affiliation.person_id}/positions/{affiliation.id}"
    etag = _etag(client, url, headers)
    backwards = client.patch(url, json={"end_date": "2019-01-01"}, headers={**headers, "If-Match": etag})
    assert backwards.status_code == 422 and backwards.mimetype == PROBLEM
    assert backwards.get_json()["errors"] == [
        {"field": "end_date", "message": "De einddatum kan niet vóór de startdatum liggen."}
    ]
    saved = client.patch(url, json={"role": "Adviseur"}, headers={**headers, "If-Match": etag})
    assert saved.status_code == 200
    stale = client.patch(url, json={"role": "Voorzitter"}, headers={**headers, "If-Match": etag})
    assert stale.status_code == 412 and stale.mimetype == PROBLEM
    stale_delete = client.delete(url, headers={**headers, "If-Match": etag})
    assert stale_delete.status_code == 412
    assert client.get(url, headers=headers).get_json()["role"] == "Adviseur"


def test_a_position_of_another_person_is_not_found(client, db):
    affiliation, other = AffiliationFactory(), PersonFactory()
    headers = {**bearer(token_for("admin")), "If-Match": "*"}
    url = f"/api/v1/people/{other.id}/positions/{affiliation.id}"
    assert client.get(url, headers=headers).status_code == 404
    assert client.patch(url, json={"role": "X"}, headers=headers).status_code == 404
    assert client.delete(url, headers=headers).status_code == 404


def test_positions_of_an_archived_person_are_read_only_and_viewers_change_none(client, db):
    affiliation = AffiliationFactory(person=PersonFactory(archived_at=utcnow()))
    url = f"/api/v1/people/{affiliation.person_id}/positions/{affiliation.id}"
    admin = {**bearer(token_for("admin")), "If-Match": "*"}
    assert client.patch(url, json={"role": "X"}, headers=admin).status_code == 403
    assert client.delete(url, headers=admin).status_code == 403
    active = AffiliationFactory()
    url = f"/api/v1/people/{active.person_id}/positions/{active.id}"
    viewer = {**bearer(token_for("viewer")), "If-Match": "*"}
    assert client.patch(url, json={"role": "X"}, headers=viewer).status_code == 403
    read_only = {**bearer(token_for("admin", scope="read")), "If-Match": "*"}
    assert client.delete(url, headers=read_only).status_code == 403
    assert _db.session.get(Affiliation, active.id).role == "Beleidsmedewerker"


# --- a coalition's members -------------------------------------------------------------------------------------


def test_a_member_is_read_changed_and_removed_audited_as_the_tokens_user(client, db):
    member = CoalitionMemberFactory(role="partner")
    member_id, coalition_id = member.id, member.coalition_id
    user = UserFactory(role="lobbyist")
    headers = bearer(token_for(user=user))
    url = f"/api/v1/coalitions/{coalition_id}/members/{member_id}"
    etag = _etag(client, url, headers)
    changed = client.patch(url, json={"role": "carrier", "joined_on": "2025-09-01"},
                           headers={**headers, "If-Match": etag})  # fmt: skip
    assert changed.status_code == 200, changed.get_json()
    assert (changed.get_json()["role"], changed.get_json()["joined_on"]) == ("carrier", "2025-09-01")
    coalition = client.get(f"/api/v1/coalitions/{member.coalition_id}", headers=headers).get_json()
    assert [(m["id"], m["role"]) for m in coalition["members"]] == [(member.id, "carrier")]
    stale = client.patch(url, json={"role": "observer"}, headers={**headers, "If-Match": etag})
    assert stale.status_code == 412 and stale.mimetype == PROBLEM

    removed = client.delete(url, headers={**headers, "If-Match": changed.headers["ETag"]})
    assert removed.status_code == 204
    assert client.get(f"/api/v1/coalitions/{coalition_id}", headers=headers).get_json()["members"] == []
    actions = [(e.action, e.actor_id) for e in _events(CoalitionMember.audit_type(), member_id)]
    assert ("update", user.id) in actions and ("delete", user.id) in actions


def test_a_member_refuses_a_role_that_does_not_exist_and_unknown_fields(client, db):
    member = CoalitionMemberFactory(role="partner")
    headers = {**bearer(token_for("lobbyist")), "If-Match": "*"}
    url = f"/api/v1/coalitions/{member.coalition_id}/members/{member.id}"
    wrong = client.patch(url, json={"role": "boss"}, headers=headers)
    assert wrong.status_code == 422 and [e["field"] for e in wrong.get_json()["errors"]] == ["role"]
    moved = client.patch(url, json={"organisation_id": OrganisationFactory().id}, headers=headers)
    assert moved.status_code == 422  # the organisation stays: remove the member and add another
    assert _db.session.get(CoalitionMember, member.id).role == "partner"


def test_members_of_an_archived_coalition_are_read_only_and_viewers_change_none(client, db):
    member = CoalitionMemberFactory(coalition=CoalitionFactory(archived_at=utcnow()))
    url = f"/api/v1/coalitions/{member.coalition_id}/members/{member.id}"
    admin = {**bearer(token_for("admin")), "If-Match": "*"}
    assert client.patch(url, json={"role": "carrier"}, headers=admin).status_code == 403
    assert client.delete(url, headers=admin).status_code == 403
    active = CoalitionMemberFactory()
    url = f"/api/v1/coalitions/{active.coalition_id}/members/{active.id}"
    assert client.delete(url, headers={**bearer(token_for("viewer")), "If-Match": "*"}).status_code == 403
    read_only = client.patch(url, json={"role": "carrier"},
                             headers={**bearer(token_for("admin", scope="read")), "If-Match": "*"})  # fmt: skip
    assert read_only.status_code == 403
    assert _db.session.get(CoalitionMember, active.id) is not None
    other = CoalitionFactory()
    assert client.get(f"/api/v1/coalitions/{other.id}/members/{active.id}", headers=admin).status_code == 404


# --- editing a contact -----------------------------------------------------------------------------------------


def test_a_lobbyist_edits_the_contact_they_logged_audited_as_the_tokens_user(client, db):
    lobbyist = UserFactory(role="lobbyist")
    person = PersonFactory()
    moment = datetime(2026, 11, 30, 13, 45, 10, tzinfo=UTC)
    contact = InteractionFactory(created_by=lobbyist, subject="Overleg", notes="Eerste indruk", sensitive=True,
                                 occurred_at=moment)  # fmt: skip
    contact.people = [person]
    _db.session.flush()
    headers = bearer(token_for(user=lobbyist))
    url = f"/api/v1/contacts/{contact.id}"
    etag = _etag(client, url, headers)
    changed = client.patch(url, json={"subject": "Overleg over subsidies", "sensitive": False},
                           headers={**headers, "If-Match": etag})  # fmt: skip
    assert changed.status_code == 200, changed.get_json()
    body = changed.get_json()
    assert body["subject"] == "Overleg over subsidies" and body["sensitive"] is False
    assert body["notes"] == "Eerste indruk" and body["person_ids"] == [person.id] and body["kind"] == "call"
    assert body["occurred_at"].startswith("2026-11-30T13:45:10")  # not sent: kept, to the second
    events = _events("interaction", contact.id)
    assert events[-1].action == "update" and events[-1].actor_id == lobbyist.id
    stale = client.patch(url, json={"subject": "Nog eens"}, headers={**headers, "If-Match": etag})
    assert stale.status_code == 412 and stale.mimetype == PROBLEM


def test_a_contact_edit_gets_the_forms_message(client, db, app):
    from werkzeug.datastructures import MultiDict

    from crm.interactions.forms import InteractionForm

    lobbyist = UserFactory(role="lobbyist")
    contact = InteractionFactory(created_by=lobbyist, subject="Overleg")
    headers = {**bearer(token_for(user=lobbyist)), "If-Match": "*"}
    empty = client.patch(f"/api/v1/contacts/{contact.id}", json={"subject": ""}, headers=headers)
    assert empty.status_code == 422 and empty.mimetype == PROBLEM
    with app.test_request_context("/interactions/1/edit"):
        form = InteractionForm(formdata=MultiDict({"subject": ""}), meta={"csrf": False})
        form.subject.validate(form)
        expected = str(form.subject.errors[0])
    assert {"field": "subject", "message": expected} in empty.get_json()["errors"]
    assert client.get(f"/api/v1/contacts/{contact.id}", headers=headers).get_json()["subject"] == "Overleg"


def test_a_contact_is_edited_by_its_author_or_a_manager_only(client, db):
    author = UserFactory(role="lobbyist")
    contact = InteractionFactory(created_by=author, subject="Overleg")
    contact.organisations = [OrganisationFactory()]
    _db.session.flush()
    url = f"/api/v1/contacts/{contact.id}"
    other = client.patch(url, json={"subject": "X"}, headers={**bearer(token_for("lobbyist")), "If-Match": "*"})
    assert other.status_code == 403 and other.mimetype == PROBLEM
    viewer = client.patch(url, json={"subject": "X"}, headers={**bearer(token_for("viewer")), "If-Match": "*"})
    assert viewer.status_code == 403
    read_only = client.patch(url, json={"subject": "X"},
                             headers={**bearer(token_for(user=author, scope="read")), "If-Match": "*"})  # fmt: skip
    assert read_only.status_code == 403
    director = client.patch(url, json={"subject": "Door de directeur"},
                            headers={**bearer(token_for("director")), "If-Match": "*"})  # fmt: skip
    assert director.status_code == 200, director.get_json()
    assert director.get_json()["subject"] == "Door de directeur"


def test_a_contact_that_stands_for_a_meeting_is_changed_through_the_meeting(client, db):
    from tests.factories_meetings import MeetingFactory

    meeting = MeetingFactory()
    contact = InteractionFactory(subject="Vergadering")
    meeting.interaction_id = contact.id
    _db.session.flush()
    response = client.patch(f"/api/v1/contacts/{contact.id}", json={"subject": "Anders"},
                            headers={**bearer(token_for("admin")), "If-Match": "*"})  # fmt: skip
    assert response.status_code == 409 and meeting.title in response.get_json()["detail"]
    assert client.get(f"/api/v1/contacts/{contact.id}", headers=bearer(token_for("admin"))).get_json()["subject"] == (
        "Vergadering"
    )


def test_a_contact_keeps_its_follow_up_owner_who_no_longer_acts(client, db):
    author, former = UserFactory(role="lobbyist"), UserFactory(role="viewer")
    contact = InteractionFactory(created_by=author, subject="Overleg", follow_up="Terugbellen", follow_up_owner=former)
    contact.organisations = [OrganisationFactory()]
    _db.session.flush()
    changed = client.patch(f"/api/v1/contacts/{contact.id}", json={"subject": "Overleg, vervolg"},
                           headers={**bearer(token_for(user=author)), "If-Match": "*"})  # fmt: skip
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["follow_up_owner_id"] == former.id  # as the web form keeps it
