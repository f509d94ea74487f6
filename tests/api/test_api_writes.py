"""Writes through the API: the form's messages as problem details, ETag/If-Match, Idempotency-Key, audit."""

from __future__ import annotations

from sqlalchemy import func, select

from crm.audit.models import AuditEvent
from crm.extensions import db as _db
from crm.partners.models import Organisation
from tests.api.helpers import bearer, token_for
from tests.factories import OrganisationFactory, UserFactory

PROBLEM = "application/problem+json"


def test_create_organisation_is_audited_as_the_tokens_user(client, db):
    user = UserFactory(role="lobbyist", name="Anna de Vries")
    headers = bearer(token_for(user=user))
    response = client.post("/api/v1/organisations", json={"name": "Stichting API", "kind": "fund"}, headers=headers)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["name"] == "Stichting API" and body["kind"] == "fund" and body["updated_at"]
    assert response.headers["Location"] == f"/api/v1/organisations/{body['id']}"
    assert response.headers["ETag"] == '"1"'
    event = _db.session.scalar(select(AuditEvent).where(AuditEvent.entity_type == "organisation",
                                                        AuditEvent.entity_id == body["id"]))  # fmt: skip
    assert event.actor_id == user.id and event.action == "create"


def test_invalid_input_gets_the_forms_dutch_messages_as_problem_details(client, db):
    headers = bearer(token_for())
    response = client.post("/api/v1/organisations", json={"name": "", "email": "geen-adres"}, headers=headers)
    assert response.status_code == 422
    assert response.mimetype == PROBLEM
    problem = response.get_json()
    fields = {error["field"]: error["message"] for error in problem["errors"]}
    assert fields["kind"] == "Kies wat voor organisatie dit is."
    assert "name" in fields and "email" in fields
    assert _db.session.scalar(select(func.count()).select_from(Organisation).where(Organisation.name == "")) == 0


def test_unknown_fields_and_wrong_shapes_are_refused(client, db):
    headers = bearer(token_for())
    unknown = client.post("/api/v1/organisations", json={"name": "X", "kind": "fund", "colour": "red"},
                          headers=headers)  # fmt: skip
    assert unknown.status_code == 422 and unknown.mimetype == PROBLEM
    assert any(error["field"] == "colour" for error in unknown.get_json()["errors"])
    wrong = client.post("/api/v1/organisations", json=["not", "an", "object"], headers=headers)
    assert wrong.status_code in (400, 422) and wrong.mimetype == PROBLEM
    broken = client.post("/api/v1/organisations", data="{not json", content_type="application/json", headers=headers)
    assert broken.status_code in (400, 422) and broken.mimetype == PROBLEM


def test_update_needs_if_match_and_refuses_a_stale_etag(client, db):
    org = OrganisationFactory(name="Oud")
    headers = bearer(token_for())
    url = f"/api/v1/organisations/{org.id}"
    etag = client.get(url, headers=headers).headers["ETag"]
    missing = client.patch(url, json={"city": "Zwolle"}, headers=headers)
    assert missing.status_code == 428 and missing.mimetype == PROBLEM
    saved = client.patch(url, json={"city": "Zwolle"}, headers={**headers, "If-Match": etag})
    assert saved.status_code == 200 and saved.get_json()["city"] == "Zwolle" and saved.get_json()["name"] == "Oud"
    assert saved.headers["ETag"] != etag
    stale = client.patch(url, json={"city": "Deventer"}, headers={**headers, "If-Match": etag})
    assert stale.status_code == 412 and stale.mimetype == PROBLEM
    assert client.get(url, headers=headers).get_json()["city"] == "Zwolle"


def test_an_archived_record_is_read_only_through_the_api_too(client, db):
    from crm.common.time import utcnow

    org = OrganisationFactory(archived_at=utcnow())
    headers = bearer(token_for())
    response = client.patch(f"/api/v1/organisations/{org.id}", json={"city": "X"}, headers={**headers, "If-Match": "*"})
    assert response.status_code == 403 and response.mimetype == PROBLEM


def test_a_retried_post_with_the_same_idempotency_key_creates_one_record(client, db):
    headers = {**bearer(token_for()), "Idempotency-Key": "abc-123"}
    payload = {"last_name": "Jansen", "first_name": "Jan"}
    first = client.post("/api/v1/people", json=payload, headers=headers)
    second = client.post("/api/v1/people", json=payload, headers=headers)
    assert first.status_code == second.status_code == 201
    assert first.get_json()["id"] == second.get_json()["id"]
    assert second.headers["Idempotent-Replayed"] == "true"
    other = client.post("/api/v1/people", json={"last_name": "Pietersen"}, headers=headers)
    assert other.status_code == 422 and other.mimetype == PROBLEM
    from crm.partners.models import Person

    assert _db.session.scalar(select(func.count()).select_from(Person).where(Person.last_name == "Jansen")) == 1


def test_positions_and_contacts(client, db):
    org = OrganisationFactory()
    headers = bearer(token_for())
    person = client.post("/api/v1/people", json={"last_name": "Bakker"}, headers=headers).get_json()
    added = client.post(f"/api/v1/people/{person['id']}/positions",
                        json={"organisation_id": org.id, "role": "Directeur"}, headers=headers)  # fmt: skip
    assert added.status_code == 201, added.get_json()
    shown = client.get(f"/api/v1/people/{person['id']}", headers=headers).get_json()
    assert [(p["organisation_id"], p["role"]) for p in shown["positions"]] == [(org.id, "Directeur")]
    contact = client.post("/api/v1/contacts", json={"kind": "call", "subject": "Overleg", "person_ids": [person["id"]]},
                          headers=headers)  # fmt: skip
    assert contact.status_code == 201, contact.get_json()
    assert contact.get_json()["person_ids"] == [person["id"]]


def test_an_action_item_is_closed_by_its_owner_not_by_another_lobbyist(client, db):
    from tests.factories_meetings import ActionItemFactory

    owner = UserFactory(role="lobbyist")
    item = ActionItemFactory(owner_user=owner)
    other = client.post(f"/api/v1/action-items/{item.id}/done", headers=bearer(token_for("lobbyist")))
    assert other.status_code == 403 and other.mimetype == PROBLEM
    done = client.post(f"/api/v1/action-items/{item.id}/done", headers=bearer(token_for(user=owner)))
    assert done.status_code == 200 and done.get_json()["status"] == "done"
    again = client.post(f"/api/v1/action-items/{item.id}/done", headers=bearer(token_for(user=owner)))
    assert again.status_code == 409 and again.mimetype == PROBLEM


def test_coalitions_members_and_dossiers(client, db):
    org = OrganisationFactory()
    headers = bearer(token_for("lobbyist"))
    dossier = client.post("/api/v1/dossiers", json={"title": "Cultuureducatie", "status": "active"}, headers=headers)
    assert dossier.status_code == 201, dossier.get_json()
    coalition = client.post("/api/v1/coalitions", json={"name": "Alliantie", "dossier_ids": [dossier.get_json()["id"]]},
                            headers=headers)  # fmt: skip
    assert coalition.status_code == 201, coalition.get_json()
    url = f"/api/v1/coalitions/{coalition.get_json()['id']}"
    member = client.post(f"{url}/members", json={"organisation_id": org.id, "role": "carrier"}, headers=headers)
    assert member.status_code == 201, member.get_json()
    twice = client.post(f"{url}/members", json={"organisation_id": org.id, "role": "partner"}, headers=headers)
    assert twice.status_code == 422 and "al lid" in twice.get_json()["errors"][0]["message"]
    shown = client.get(url, headers=headers).get_json()
    assert [(m["organisation_id"], m["role"]) for m in shown["members"]] == [(org.id, "carrier")]
    renamed = client.patch(url, json={"name": "Alliantie Cultuur"}, headers={**headers, "If-Match": '"1"'})
    assert renamed.status_code == 200 and renamed.get_json()["name"] == "Alliantie Cultuur"
    empty = client.patch(url, json={"name": ""}, headers={**headers, "If-Match": renamed.headers["ETag"]})
    assert empty.status_code == 422 and empty.get_json()["errors"][0]["field"] == "name"


def test_recording_a_stakeholder_position_and_its_form_messages(client, db):
    from tests.factories import DossierFactory, PersonFactory

    dossier, person = DossierFactory(), PersonFactory()
    headers = bearer(token_for("lobbyist"))
    payload = {"dossier_id": dossier.id, "person_id": person.id, "stance": "supportive", "influence": "high",
               "interest": "high", "observed_on": "2026-11-30"}  # fmt: skip
    recorded = client.post("/api/v1/stakeholder-positions", json=payload, headers=headers)
    assert recorded.status_code == 201, recorded.get_json()
    assert recorded.get_json()["person_id"] == person.id and recorded.get_json()["stance"] == "supportive"
    wrong = client.post("/api/v1/stakeholder-positions", json={**payload, "stance": "maybe"}, headers=headers)
    assert wrong.status_code == 422 and wrong.mimetype == PROBLEM
    assert {e["field"] for e in wrong.get_json()["errors"]} == {"stance"}
    viewer = client.post("/api/v1/stakeholder-positions", json=payload, headers=bearer(token_for("viewer")))
    assert viewer.status_code == 403
