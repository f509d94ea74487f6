"""Merging duplicate people and organisations: everything of both ends up with the one kept, nothing twice."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Column, ForeignKey, Integer, Table, insert, select

from crm.extensions import db as _db
from crm.merging import services
from crm.merging.queries import possible_duplicate_people
from crm.partners.models import Person
from crm.privacy.queries import privacy_of
from crm.privacy.queries_access import access_export, as_json
from tests.factories import (
    AffiliationFactory,
    DossierFactory,
    InteractionFactory,
    OrganisationFactory,
    PersonFactory,
    TagFactory,
)
from tests.factories_letters import SignatoryFactory
from tests.factories_meetings import ActionItemFactory, AttendeeFactory, MeetingFactory
from tests.factories_privacy import PersonPrivacyFactory
from tests.factories_stakeholders import StakeholderPositionFactory


def two_of_the_same_person():
    """Ilse van der Wouden twice, each with contacts, a meeting both attended, positions, an action item."""
    org = OrganisationFactory(name="Ministerie van OCW")
    tag = TagFactory(name="cultuur", key="cultuur")
    keep = PersonFactory(first_name="Ilse", name_prefix="van der", last_name="Wouden", email="ilse@ocw.example",
                         phone=None, tags=[tag])  # fmt: skip
    other = PersonFactory(first_name="Ilse", name_prefix="van der", last_name="Wouden", email=None,
                          phone="070 123 4567", tags=[tag, TagFactory(name="onderwijs", key="onderwijs")])  # fmt: skip
    AffiliationFactory(person=keep, organisation=org, role="Directeur", start_date=date(2020, 1, 1))
    AffiliationFactory(person=other, organisation=org, role="Directeur", start_date=date(2020, 1, 1))  # the same
    AffiliationFactory(person=other, organisation=org, role="Beleidsmedewerker", start_date=date(2015, 1, 1),
                       end_date=date(2019, 12, 31))  # fmt: skip
    InteractionFactory(subject="Gesprek over cultuureducatie", people=[keep, other])
    InteractionFactory(subject="Alleen met de eerste", people=[keep])
    InteractionFactory(subject="Alleen met de tweede", people=[other])
    meeting = MeetingFactory(title="Taskforce culturele sector")
    AttendeeFactory(meeting=meeting, person=keep, attendance="attended")
    AttendeeFactory(meeting=meeting, person=other, attendance="invited")
    action = ActionItemFactory(meeting=meeting, description="Notitie sturen", owner_user=None, owner_person=other)
    dossier = DossierFactory(title="Nationaal Programma Onderwijs")
    StakeholderPositionFactory(dossier=dossier, person=other, stance="supportive", observed_on=date(2026, 1, 10))
    PersonPrivacyFactory(person=other)
    return keep, other, action, meeting, dossier


def merge(keep, other, from_other=frozenset()):
    services.merge_people(keep, other, set(from_other), keep_version=keep.version_id, other_version=other.version_id)
    _db.session.commit()
    _db.session.expire_all()


def test_after_a_merge_the_kept_person_has_everything_of_both_once(client, login_as):
    login_as("admin")
    keep, other, action, meeting, dossier = two_of_the_same_person()
    people_before = client.get("/").get_data(as_text=True)
    merge(keep, other, {"phone"})
    person = _db.session.get(Person, keep.id)
    assert (person.email, person.phone) == ("ilse@ocw.example", "070 123 4567")
    assert sorted(t.name for t in person.tags) == ["cultuur", "onderwijs"]
    assert sorted((a.role, a.start_date) for a in person.affiliations) == [
        ("Beleidsmedewerker", date(2015, 1, 1)), ("Directeur", date(2020, 1, 1))]  # fmt: skip
    # the timeline: every contact of both, the shared one once
    timeline = client.get(f"/people/{keep.id}/timeline").get_data(as_text=True)
    for subject in ("Gesprek over cultuureducatie", "Alleen met de eerste", "Alleen met de tweede"):
        assert timeline.count(subject) == 1, subject
    # the meeting: one attendee, the attendance of the one kept
    attendees = [a for a in meeting.attendees if a.person_id is not None]
    assert [(a.person_id, a.attendance) for a in attendees] == [(keep.id, "attended")]
    assert action.owner_person_id == keep.id
    # the stakeholder map of the dossier
    stakeholder_map = client.get(f"/dossiers/{dossier.id}/stakeholders").get_data(as_text=True)
    assert "Ilse van der Wouden" in stakeholder_map
    assert client.get(f"/dossiers/{dossier.id}/stakeholders/people/{keep.id}").status_code == 200
    # the privacy record moved, and the access export holds both people's data
    assert privacy_of(keep.id) is not None and privacy_of(other.id) is None
    export = as_json(access_export(person, privacy_of(keep.id)))
    subjects = [row["subject"] for row in export["interactions"]]
    assert sorted(subjects) == ["Alleen met de eerste", "Alleen met de tweede", "Gesprek over cultuureducatie"]
    assert len(export["affiliations"]) == 2 and export["privacy"]["data_source"] == "Website Tweede Kamer"
    # the old address leads to the one kept; the merged-away record's own history stays readable
    response = client.get(f"/people/{other.id}")
    assert response.status_code == 301 and response.headers["Location"].endswith(f"/people/{keep.id}")
    history = client.get(f"/people/{other.id}/history")
    assert history.status_code == 200 and "Ilse van der Wouden" in history.get_data(as_text=True)
    # the counts: one person fewer
    assert _count(people_before, "people") - 1 == _count(client.get("/").get_data(as_text=True), "people")


def _count(page: str, what: str) -> int:
    import re

    match = re.search(rf'href="/{what}/"[^>]*>\s*<[^>]*>\s*(\d+)', page) or re.search(
        rf"(\d+)\s*</\w+>\s*<\w+[^>]*>\s*{'Personen' if what == 'people' else 'Organisaties'}", page
    )
    assert match, page[:3000]
    return int(match.group(1))


def test_merging_organisations_moves_signatories_members_positions_and_children(client, login_as):
    login_as("admin")
    keep = OrganisationFactory(name="Kunstenbond")
    other = OrganisationFactory(name="Kunstenbond (FNV)", city="Amsterdam")
    child = OrganisationFactory(name="Afdeling Muziek", parent=other)
    AffiliationFactory(organisation=other, role="Voorzitter")
    signatory = SignatoryFactory(organisation=other, status="agreed")
    services.merge_organisations(keep, other, {"city"}, keep_version=keep.version_id, other_version=other.version_id)
    _db.session.commit()
    _db.session.expire_all()
    assert keep.city == "Amsterdam" and child.parent_id == keep.id
    assert signatory.organisation_id == keep.id
    letter_page = client.get(f"/letters/{signatory.letter_id}").get_data(as_text=True)
    assert "Kunstenbond" in letter_page and "Kunstenbond (FNV)" not in letter_page
    response = client.get(f"/organisations/{other.id}")
    assert response.status_code == 301 and response.headers["Location"].endswith(f"/organisations/{keep.id}")


def test_a_merge_that_would_lose_meaning_is_refused_and_changes_nothing(db):
    keep = OrganisationFactory(name="AVV")
    other = OrganisationFactory(name="A.V.V.")
    letter_signatory = SignatoryFactory(organisation=keep, status="signed")
    SignatoryFactory(letter=letter_signatory.letter, organisation=other, status="declined")
    with pytest.raises(services.ServiceError, match="ondertekenaars van een gezamenlijke brief"):
        services.merge_organisations(keep, other, set(), keep_version=keep.version_id,
                                     other_version=other.version_id)  # fmt: skip
    _db.session.rollback()
    assert not other.is_archived and other.merged_into_id is None
    parent = OrganisationFactory(name="Ministerie van OCW")
    directorate = OrganisationFactory(name="Ministerie OCW", parent=parent)
    with pytest.raises(services.ServiceError, match="onderdeel van"):
        services.merge_organisations(directorate, parent, set(), keep_version=directorate.version_id,
                                     other_version=parent.version_id)  # fmt: skip


def test_a_table_added_later_is_moved_too(db):
    follows = Table("test_follows", _db.metadata, Column("id", Integer, primary_key=True),
                    Column("person_id", ForeignKey("people.id")), Column("user_id", Integer))  # fmt: skip
    try:
        follows.create(_db.session.connection())
        keep, other = PersonFactory(), PersonFactory()
        _db.session.execute(insert(follows).values(person_id=other.id, user_id=7))
        merge(keep, other)
        assert _db.session.execute(select(follows.c.person_id)).scalars().all() == [keep.id]
    finally:
        _db.metadata.remove(follows)


def test_the_registry_lists_possible_duplicates_and_the_pages_merge_them(client, login_as):
    login_as("director")
    keep = PersonFactory(first_name="Jan", last_name="Jansen", email="jan@voorbeeld.example")
    other = PersonFactory(first_name="Jan", last_name="Janssen", email="j.janssen@voorbeeld.example")
    same_phone = [PersonFactory(first_name="Kees", last_name="Bakker", phone="06-12345678"),
                  PersonFactory(first_name="Karel", last_name="Smit", phone="+31 6 1234 5678")]  # fmt: skip
    pairs = {(a.id, b.id): p.reasons for a, b, p in possible_duplicate_people()}
    assert pairs[(keep.id, other.id)] == {"name"}
    assert pairs[(same_phone[0].id, same_phone[1].id)] == {"phone"}
    page = client.get("/merge/people/").get_data(as_text=True)
    assert "Jan Janssen" in page and "zelfde telefoonnummer" in page
    url = f"/merge/people/compare?a={keep.id}&b={other.id}"
    assert "j.janssen@voorbeeld.example" in client.get(url).get_data(as_text=True)
    response = client.submit(url, {"keep": "a", "field-email": "b", "a_version": keep.version_id,
                                   "b_version": other.version_id})  # fmt: skip
    assert response.status_code == 302
    _db.session.expire_all()
    assert keep.email == "j.janssen@voorbeeld.example" and other.merged_into_id == keep.id and other.is_archived
    assert "Jan Janssen is samengevoegd" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_lobbyists_may_not_merge(client, login_as):
    login_as("lobbyist")
    assert client.get("/merge/people/").status_code == 403


def test_api_clients_learn_where_a_merged_person_went_and_webhooks_hear_of_the_merge(client, db):
    import json

    from crm.webhooks.models import WebhookDelivery
    from tests.api.helpers import bearer, token_for
    from tests.factories_api import WebhookFactory

    WebhookFactory(events=["person.merged"])
    keep, other, *_ = two_of_the_same_person()
    token = token_for("lobbyist")
    merge(keep, other)
    gone = client.get(f"/api/v1/people/{other.id}", headers=bearer(token)).get_json()
    kept = client.get(f"/api/v1/people/{keep.id}", headers=bearer(token)).get_json()
    assert gone["merged_into"] == keep.id and gone["archived"] is True
    assert kept["merged_into"] is None
    payloads = [json.loads(d.payload) for d in db.session.scalars(select(WebhookDelivery))]
    assert [(p["event"], p["data"]["person_id"], p["data"]["merged_person_id"]) for p in payloads] == [
        ("person.merged", keep.id, other.id)
    ]


def test_merging_organisations_moves_their_follows_once_per_user(client):
    """Follows point at an organisation by type and id (no foreign key): a merge moves them to the kept one, and a
    colleague who followed both keeps one follow; a new contact with the kept one reaches every follower."""
    from crm.interactions.models import Interaction
    from crm.notifications import events
    from crm.notifications.models import Follow, Notification
    from tests.conftest import sign_in
    from tests.factories import UserFactory
    from tests.factories_notifications import FollowFactory, NotificationFactory

    keep = OrganisationFactory(name="Kunstenbond")
    other = OrganisationFactory(name="Kunstenbond (FNV)")
    both, only_other, only_keep = UserFactory(), UserFactory(), UserFactory()
    for user, org in ((both, keep), (both, other), (only_other, other), (only_keep, keep)):
        FollowFactory(user_id=user.id, target_type="organisation", target_id=org.id)
    about_other = NotificationFactory(user=only_other, kind="contact_logged", record_type="organisation",
                                      record_id=other.id)  # fmt: skip
    services.merge_organisations(keep, other, set(), keep_version=keep.version_id, other_version=other.version_id)
    _db.session.commit()
    follows = _db.session.execute(select(Follow.user_id, Follow.target_id).where(Follow.target_type == "organisation"))
    assert sorted(follows) == sorted([(both.id, keep.id), (only_other.id, keep.id), (only_keep.id, keep.id)])
    _db.session.expire_all()
    assert about_other.record_id == keep.id
    # what the colleague who followed only the merged-away one sees on the kept one's page
    assert sign_in(client, only_other.email).status_code == 302
    assert "Niet meer volgen" in client.get(f"/organisations/{keep.id}").get_data(as_text=True)
    interaction = InteractionFactory(subject="Overleg over de cao", organisations=[keep], created_by=UserFactory())
    events.contact_logged(_db.session.get(Interaction, interaction.id))
    _db.session.commit()
    told = _db.session.scalars(select(Notification.user_id).where(Notification.kind == "followed_contact")).all()
    assert sorted(told) == sorted([both.id, only_other.id, only_keep.id])
