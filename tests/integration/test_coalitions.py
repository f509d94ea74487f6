"""Coalitions with their members, and dossiers."""

from __future__ import annotations

from sqlalchemy import select

from crm.coalitions.models import Coalition, CoalitionMember, Dossier
from crm.extensions import db
from tests.factories import CoalitionFactory, CoalitionMemberFactory, DossierFactory, OrganisationFactory
from tests.helpers import count, listed, rows_of, text_of


def test_create_coalition_with_dossiers_then_add_members(client, login_as):
    login_as("lobbyist")
    npo = DossierFactory(title="Nationaal Programma Onderwijs")
    DossierFactory(title="Steunpakketten")
    response = client.submit(
        "/coalitions/new",
        {
            "name": "Deltaplan Jeugd",
            "description": "Input voor het Deltaplan Jeugd.",
            "start_date": "2021-03-01",
            "end_date": "",
            "dossier_ids": [str(npo.id)],
        },
    )
    assert response.status_code == 302
    coalition = db.session.scalar(select(Coalition))
    assert [d.title for d in coalition.dossiers] == ["Nationaal Programma Onderwijs"]

    lkca = OrganisationFactory(name="Landelijk Kenniscentrum Cultuureducatie en Amateurkunst", acronym="LKCA")
    OrganisationFactory(name="CJP")
    added = client.submit(
        f"/coalitions/{coalition.id}/members",
        {"organisation_name": "LKCA", "organisation_id": "", "role": "initiator", "joined_on": "2021-03-01"},
        token_from=f"/coalitions/{coalition.id}",
    )
    assert added.status_code == 302
    client.submit(
        f"/coalitions/{coalition.id}/members",
        {"organisation_name": "CJP", "organisation_id": "", "role": "carrier", "joined_on": ""},
        token_from=f"/coalitions/{coalition.id}",
    )
    rows = rows_of(client.get(f"/coalitions/{coalition.id}"))
    assert any(
        r.startswith("Landelijk Kenniscentrum Cultuureducatie en Amateurkunst Initiatiefnemer 1 mrt 2021") for r in rows
    ), rows
    assert any(r.startswith("CJP Dragend partner") for r in rows), rows
    assert "Deltaplan Jeugd" in text_of(client.get(f"/organisations/{lkca.id}"))
    dossier_page = text_of(client.get(f"/dossiers/{npo.id}"))
    assert "Deltaplan Jeugd" in dossier_page and "CJP" in dossier_page


def test_an_organisation_joins_a_coalition_only_once(client, login_as):
    login_as("lobbyist")
    member = CoalitionMemberFactory(organisation__name="Kunstenbond")
    response = client.submit(
        f"/coalitions/{member.coalition_id}/members",
        {"organisation_name": "Kunstenbond", "organisation_id": str(member.organisation_id), "role": "partner"},
        token_from=f"/coalitions/{member.coalition_id}",
    )
    assert response.status_code == 422
    assert "al lid" in text_of(response)
    assert count(CoalitionMember) == 1


def test_change_member_role_and_remove_member(client, login_as):
    login_as("lobbyist")
    member = CoalitionMemberFactory(role="partner")
    coalition_id, member_id = member.coalition_id, member.id
    response = client.submit(
        f"/coalitions/{coalition_id}/members/{member_id}/edit",
        {"role": "observer", "joined_on": "", "version_id": str(member.version_id)},
    )
    assert response.status_code == 302
    assert db.session.get(CoalitionMember, member_id).role == "observer"
    confirm = client.get(f"/coalitions/{coalition_id}/members/{member_id}/remove")
    assert confirm.status_code == 200
    assert db.session.get(CoalitionMember, member_id) is not None
    client.submit(f"/coalitions/{coalition_id}/members/{member_id}/remove", {})
    assert db.session.get(CoalitionMember, member_id) is None
    history = text_of(client.get(f"/coalitions/{coalition_id}/history"))
    assert "verwijderd" in history and "Waarnemer" in history


def test_member_of_another_coalition_is_not_reachable(client, login_as):
    login_as("lobbyist")
    mine = CoalitionFactory()
    other = CoalitionMemberFactory()
    assert client.get(f"/coalitions/{mine.id}/members/{other.id}/edit").status_code == 404


def test_dossier_with_coalitions_and_phase(client, login_as):
    login_as("lobbyist")
    coalition = CoalitionFactory(name="Zet cultuur op de agenda")
    response = client.submit(
        "/dossiers/new",
        {
            "title": "Heropening en routekaart",
            "status": "monitoring",
            "description": "",
            "coalition_ids": [str(coalition.id)],
        },
    )
    assert response.status_code == 302
    dossier = db.session.scalar(select(Dossier))
    assert [c.name for c in dossier.coalitions] == ["Zet cultuur op de agenda"]
    listing = listed(client.get("/dossiers/?dossier_status=monitoring"))
    assert "Heropening en routekaart" in listing and "Volgen" in listing
    assert "Heropening en routekaart" not in listed(client.get("/dossiers/?dossier_status=closed"))
    assert "Zet cultuur op de agenda" in listed(client.get(f"/coalitions/?dossier={dossier.id}"))


def test_coalition_archive_needs_a_manager(client, login_as):
    login_as("lobbyist")
    coalition = CoalitionFactory()
    assert client.get(f"/coalitions/{coalition.id}/archive").status_code == 403


def test_director_archives_and_restores_a_dossier(client, login_as):
    login_as("director")
    dossier = DossierFactory(title="Sneltesten en Fieldlabs")
    client.submit(f"/dossiers/{dossier.id}/archive", {})
    assert "Sneltesten" not in listed(client.get("/dossiers/"))
    assert "Sneltesten" in listed(client.get("/dossiers/?status=archived"))
    client.submit(f"/dossiers/{dossier.id}/restore", {}, token_from=f"/dossiers/{dossier.id}")
    assert db.session.get(Dossier, dossier.id).archived_at is None


def test_stale_coalition_edit_is_a_conflict(client, login_as):
    login_as("lobbyist")
    coalition = CoalitionFactory(name="Federatie Cultuur", description="Oud")
    opened = coalition.version_id
    coalition.description = "Door collega aangepast"
    db.session.commit()
    response = client.submit(
        f"/coalitions/{coalition.id}/edit",
        {
            "name": "Federatie Cultuur",
            "description": "Mijn versie",
            "start_date": "",
            "end_date": "",
            "version_id": str(opened),
        },
    )
    assert response.status_code == 409
    assert "Door collega aangepast" in text_of(response) and "Mijn versie" in text_of(response)
    assert db.session.get(Coalition, coalition.id).description == "Door collega aangepast"
