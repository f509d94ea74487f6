"""Load the demo registry through the same services the web pages use, so it is audited like real work."""

from __future__ import annotations

from datetime import date
from importlib import resources

from sqlalchemy import func, select

from crm.audit.context import acting_as
from crm.auth.models import User
from crm.auth.queries import user_by_email
from crm.auth.services import create_user
from crm.coalitions.services import (
    CoalitionInput,
    DossierInput,
    MemberInput,
    add_member,
    create_coalition,
    create_dossier,
)
from crm.demo import data, data_coalitions, data_organisations, data_people, data_regional
from crm.demo.contacts import seed_contacts
from crm.demo.letters import seed_letters
from crm.demo.meetings import seed_meetings
from crm.demo.notifications import seed_notifications
from crm.demo.parliament import seed_parliament
from crm.demo.stakeholders import seed_stakeholders
from crm.demo.watch import seed_watch
from crm.extensions import db
from crm.notifications.services import paused as notifications_paused
from crm.partners.models import Organisation
from crm.partners.services import (
    AffiliationInput,
    OrganisationInput,
    OrganisationRef,
    PersonInput,
    add_affiliation,
    create_organisation,
    create_person,
)


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def municipalities() -> list[tuple[str, str]]:
    """The 342 municipalities of 2024 with the province each lies in."""
    text = resources.files("crm.demo").joinpath("gemeenten-provincies-2024.txt").read_text(encoding="utf-8")
    return [tuple(line.strip().split(";")) for line in text.splitlines() if line.strip()]


def database_is_empty() -> bool:
    users = db.session.scalar(select(func.count()).select_from(User)) or 0
    organisations = db.session.scalar(select(func.count()).select_from(Organisation)) or 0
    return users == 0 and organisations == 0


def demo_is_loaded() -> bool:
    """The demo registry is here already: its first organisation exists by name. Loading it again would double it."""
    first_name = data_organisations.ORGANISATIONS[0][1]
    return db.session.scalar(select(func.count()).select_from(Organisation).where(Organisation.name == first_name)) > 0


def demo_logins() -> list[tuple[str, str]]:
    """The demo accounts that exist in this database, with their role."""
    found = []
    for email, _name, role in data.USERS:
        if user_by_email(email) is not None:
            found.append((email, role))
    return found


def seed_demo() -> dict[str, int]:
    counts = {"users": 0, "organisations": 0, "people": 0, "coalitions": 0, "dossiers": 0, "contacts": 0}
    with acting_as("seed-demo"):
        users = {}
        for email, name, role in data.USERS:
            users[email] = user_by_email(email) or create_user(
                email=email, name=name, role=role, password=data.PASSWORD
            )
            counts["users"] += 1

        orgs: dict[str, Organisation] = {}

        def add_org(key: str, **fields) -> Organisation:
            parent_key = fields.pop("parent_key", None)
            org = create_organisation(
                OrganisationInput(parent=OrganisationRef(id=orgs[parent_key].id if parent_key else None), **fields)
            )
            orgs[key] = org
            counts["organisations"] += 1
            return org

        for key, name, acronym, kind, parent, website, city, tags, owner in data_organisations.ORGANISATIONS:
            add_org(
                key,
                name=name,
                acronym=acronym,
                kind=kind,
                parent_key=parent,
                website=website,
                city=city,
                tags=tags,
                owner_id=users[owner].id if owner else None,
            )
        for acronym, name in data_regional.PARTIES:
            add_org(f"party:{acronym}", name=name, acronym=acronym, kind="party", tags="politiek")
        for province in data_regional.PROVINCES:
            add_org(f"province:{province}", name=f"Provincie {province}", kind="province", tags="provincies")
        for municipality, province in municipalities():
            add_org(
                f"municipality:{municipality}",
                name=f"Gemeente {municipality}",
                kind="municipality",
                city=municipality,
                tags="gemeenten",
                province_id=orgs[f"province:{province}"].id,
            )

        for first, prefix, last, email, salutation, tags, positions, party in data_people.PEOPLE:
            person = create_person(
                PersonInput(
                    first_name=first,
                    name_prefix=prefix,
                    last_name=last,
                    email=email,
                    salutation=salutation,
                    tags=tags,
                    party=OrganisationRef(id=orgs[f"party:{party}"].id if party else None),
                    owner_id=users["lobbyist@bondgenoot.test"].id,
                ),
                None,
            )
            for org_key, role, start, end in positions:
                position = AffiliationInput(OrganisationRef(id=orgs[org_key].id), role, _date(start), _date(end))
                add_affiliation(person, position)
            counts["people"] += 1
        for first, prefix, last, email, place, kind, role, party in data_regional.REGIONAL:
            org = orgs[f"{kind}:{place}"]
            create_person(
                PersonInput(
                    first_name=first,
                    name_prefix=prefix,
                    last_name=last,
                    email=email,
                    tags="regionaal",
                    party=OrganisationRef(id=orgs[f"party:{party}"].id if party else None),
                ),
                AffiliationInput(OrganisationRef(id=org.id), role, date(2022, 6, 1)),
            )
            counts["people"] += 1

        dossiers = {}
        for title, status, description in data_coalitions.DOSSIERS:
            dossiers[title] = create_dossier(DossierInput(title=title, status=status, description=description))
            counts["dossiers"] += 1
        for name, description, start, end, members, dossier_titles in data_coalitions.COALITIONS:
            coalition = create_coalition(
                CoalitionInput(
                    name=name,
                    description=description,
                    start_date=_date(start),
                    end_date=_date(end),
                    dossier_ids=[dossiers[t].id for t in dossier_titles],
                )
            )
            for org_key, role in members:
                add_member(coalition, MemberInput(OrganisationRef(id=orgs[org_key].id), role, _date(start)))
            counts["coalitions"] += 1
        with notifications_paused():  # the demo's history is not news: a few notifications are made below
            counts["contacts"] = seed_contacts(users)
            counts.update(seed_meetings(users))
            counts.update(seed_letters(users))
            counts["stakeholder_positions"] = seed_stakeholders(users)
        counts.update(seed_notifications(users, dossiers, orgs))
    db.session.flush()
    counts.update(seed_parliament())  # through the Tweede Kamer sync's own importer (it commits per page)
    counts.update(seed_watch())  # after the parliament: adding a rule matches it at once
    return counts
