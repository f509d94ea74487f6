"""One listener records every write; administrators read the global log."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from crm.audit.context import acting_as
from crm.audit.models import AuditEvent
from crm.extensions import db
from crm.partners.services import OrganisationInput, create_organisation
from tests.factories import AuditEventFactory, OrganisationFactory, TagFactory, UserFactory
from tests.helpers import listed, text_of


def events_for(entity_type: str, entity_id: int) -> list[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.entity_type == entity_type, AuditEvent.entity_id == entity_id)
    return list(db.session.scalars(query.order_by(AuditEvent.id)))


def test_service_writes_are_audited_with_the_named_actor(db):
    with acting_as("cli:import"):
        org = create_organisation(OrganisationInput(name="Stichting OAK", kind="other", tags="arbeidsmarkt"))
    (event,) = events_for("organisation", org.id)
    assert event.action == "create" and event.actor_label == "cli:import" and event.actor_id is None
    assert event.changes["name"] == [None, "Stichting OAK"]
    assert event.changes["tags"] == [[], ["arbeidsmarkt"]]


def test_tag_and_parent_changes_are_recorded_by_label(db):
    parent = OrganisationFactory(name="Ministerie van OCW")
    other_parent = OrganisationFactory(name="Ministerie van VWS")
    tag = TagFactory(name="cultuur", key="cultuur")
    org = OrganisationFactory(name="Directie Kunsten", parent=other_parent)
    org.parent = parent
    org.tags = [tag]
    db.session.flush()
    changes = {}
    for event in events_for("organisation", org.id)[1:]:  # after the create
        changes.update(event.changes)
    assert changes["parent"] == ["Ministerie van VWS", "Ministerie van OCW"]
    assert changes["tags"] == [[], ["cultuur"]]
    assert "parent_id" not in changes


def test_a_flush_without_real_changes_records_nothing(db):
    org = OrganisationFactory(name="Gelijk")
    before = len(events_for("organisation", org.id))
    org.name = "Gelijk"
    db.session.flush()
    assert len(events_for("organisation", org.id)) == before


def test_admin_filters_the_global_log(client, login_as):
    admin = login_as("admin")
    OrganisationFactory(name="Organisatie In Log")
    AuditEventFactory(action="archive", entity_type="person", entity_label="Persoon In Log")
    everything = text_of(client.get("/admin/audit/"))
    assert "Organisatie In Log" in everything and "Persoon In Log" in everything
    archived_only = text_of(client.get("/admin/audit/?action=archive"))
    assert "Persoon In Log" in archived_only and "Organisatie In Log" not in archived_only
    by_type = text_of(client.get("/admin/audit/?entity_type=organisation"))
    assert "Organisatie In Log" in by_type and "Persoon In Log" not in by_type
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    assert "Organisatie In Log" not in text_of(client.get(f"/admin/audit/?from={tomorrow}"))
    assert admin.email


def test_history_teaser_on_detail_page_links_to_full_history(client, login_as):
    login_as("lobbyist")
    org = OrganisationFactory(name="Met Geschiedenis")
    page = client.get(f"/organisations/{org.id}")
    assert "Volledige geschiedenis" in text_of(page) and "oudere wijzigingen" not in text_of(page)
    assert f'href="/organisations/{org.id}/history"' in page.get_data(as_text=True)
    assert "aangemaakt" in listed(page) or "aangemaakt" in text_of(page)


def test_only_administrators_get_a_link_to_a_users_page_from_recent_changes(client, login_as):
    login_as("lobbyist")
    user = UserFactory(name="Nieuwe Collega")
    AuditEventFactory(action="create", entity_type="user", entity_id=user.id, entity_label="Nieuwe Collega")
    page = client.get("/").get_data(as_text=True)
    assert "Nieuwe Collega" in page
    assert f"/admin/users/{user.id}/edit" not in page, "a link that would answer 'no access'"
    client.submit("/logout", token_from="/")
    login_as("admin")
    assert f"/admin/users/{user.id}/edit" in client.get("/").get_data(as_text=True)
