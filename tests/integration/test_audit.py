"""One listener records every write; administrators read the global log."""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import select

from crm.audit.context import acting_as
from crm.audit.models import AuditEvent
from crm.extensions import db
from crm.partners.services import OrganisationInput, create_organisation
from tests.factories import AuditEventFactory, OrganisationFactory, TagFactory, UserFactory
from tests.helpers import text_of


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
    assert "Aangemaakt door Bondgenoot (automatisch)" in text_of(page)  # made by a factory: no user


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


# --- who did it, in sentences (issue 13, item 17) ------------------------------------------------------------------


def history_listing(response) -> str:
    """The text of the history list alone (the page's account menu shows the reader's own login)."""
    html = response.get_data(as_text=True)
    return text_of_html(html.split('<ol class="history">', 1)[1].split("</ol>", 1)[0])


def text_of_html(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def test_history_names_the_colleague_in_a_sentence_not_their_login(client, login_as):
    admin = login_as("admin", name="Anna Admin", email="beheer@bondgenoot.test")
    colleague = UserFactory(name="Jan Jansen", role="viewer")
    form = {"name": "Jan Jansen", "email": colleague.email, "role": "lobbyist", "language": "nl",
            "active": "y", "version_id": str(colleague.version_id)}  # fmt: skip
    assert client.submit(f"/admin/users/{colleague.id}/edit", form).status_code == 302

    log = history_listing(client.get("/admin/audit/?entity_type=user"))
    assert "Anna Admin heeft gebruiker Jan Jansen gewijzigd" in log
    assert "gewijzigd gebruiker" not in log
    assert "Actief — ja" in log and "True" not in log  # yes and no, not Python's True
    own = history_listing(client.get(f"/admin/users/{colleague.id}/edit"))
    assert "Gewijzigd door Anna Admin" in own and "beheer@" not in own
    recent = text_of(client.get("/")).split("Recente wijzigingen", 1)[1]
    assert "Anna Admin heeft gebruiker Jan Jansen gewijzigd" in recent and "beheer@" not in recent
    # The log's "By" filter lists names; choosing one still filters on who it was.
    page = client.get("/admin/audit/").get_data(as_text=True)
    assert f'<option value="{admin.email}" >Anna Admin</option>' in page.replace("  ", " ")
    assert "Jan Jansen" in history_listing(client.get(f"/admin/audit/?actor={admin.email}"))


def test_a_renamed_colleague_is_shown_by_the_name_they_have_now(client, login_as):
    login_as("admin", name="Anna Admin")
    user = UserFactory(name="Piet Oud")
    OrganisationFactory(name="Gemaakt Door Piet")
    db.session.execute(AuditEvent.__table__.update().values(actor_id=user.id, actor_label=user.email))
    user.name = "Piet Nieuw"
    db.session.flush()
    log = history_listing(client.get("/admin/audit/?entity_type=organisation"))
    assert "Piet Nieuw heeft organisatie Gemaakt Door Piet aangemaakt" in log


def test_changes_without_a_signed_in_user_say_what_made_them(client, login_as):
    login_as("admin", name="Anna Admin")
    OrganisationFactory(name="Door Het Systeem")  # no user: background work, a signing link
    with acting_as("cli:create-user"):
        UserFactory(name="Via De Opdrachtregel")
    with acting_as("seed-demo"):
        OrganisationFactory(name="Uit De Demo")
    AuditEventFactory(actor_id=987654, actor_label="vertrokken@bondgenoot.test", entity_label="Door Een Oud-Collega")
    log = history_listing(client.get("/admin/audit/"))
    assert "Bondgenoot (automatisch) heeft organisatie Door Het Systeem aangemaakt" in log
    assert "Bondgenoot (opdracht flask crm create-user) heeft gebruiker Via De Opdrachtregel aangemaakt" in log
    assert "Bondgenoot (demogegevens) heeft organisatie Uit De Demo aangemaakt" in log
    # A user who is no longer there: the login recorded at the time is all there is.
    assert "vertrokken@bondgenoot.test heeft organisatie Door Een Oud-Collega gewijzigd" in log
    assert "system" not in log and "cli:" not in log and "seed-demo" not in log


def test_history_lines_are_sentences_in_english_too(client, login_as):
    login_as("admin", name="Anna Admin", language="en")
    with acting_as("cli:render"):
        OrganisationFactory(name="Made By Command")
    log = history_listing(client.get("/admin/audit/"))
    assert "Bondgenoot (command flask crm render) created organisation Made By Command" in log
