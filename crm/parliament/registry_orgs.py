"""Fractions and committees of the Tweede Kamer as organisations in the registry, without duplicates.

A Fractie is an organisation of the kind party; a Commissie a parliamentary committee under the Tweede Kamer. One
already in the registry (made by hand, or by the demo) is linked when its name or abbreviation matches; otherwise
one is made through the registry's services (audited, as the system). The Kamer's own pseudo-committee "TK"
(the voortouw of plenary activities) is the Tweede Kamer itself.

Who owns which field (the ownership rule, per field):
- OWNED fields are the Kamer's: the sync sets them whenever the Kamer's row changes;
- SEEDED fields are filled from the Kamer only while empty, and are our users' from then on;
- every other field (website, contact details, description, tags, relationship owner) is our users' alone.
"""

from __future__ import annotations

import re

from sqlalchemy import select

from crm.common.text import fold
from crm.extensions import db
from crm.parliament import SOURCE
from crm.parliament.models import KamerCommittee, KamerFraction
from crm.partners import services as partner_services
from crm.partners.kinds import OrganisationKind
from crm.partners.models import Organisation

FRACTION_OWNED = ("name", "acronym", "kind")
COMMITTEE_OWNED = ("name", "kind", "parent_id")
COMMITTEE_SEEDED = ("acronym",)
KAMER_ITSELF = "TK"
TWEEDE_KAMER_NAME = "Tweede Kamer der Staten-Generaal"


def _acronym_key(value: str | None) -> str:
    """ "cie. OCW", "Commissie OCW" and "OCW" compare alike."""
    return re.sub(r"^(vaste )?(cie\.?|commissie)\s+", "", fold(value)).replace(" ", "")


def sourced_organisations() -> dict[str, Organisation]:
    """The registry's organisations that the Kamer keeps, by the Kamer's id."""
    found = db.session.scalars(select(Organisation).where(Organisation.source == SOURCE))
    return {org.source_id: org for org in found if org.source_id}


def tweede_kamer() -> Organisation:
    """The Tweede Kamer's own organisation (kind parliament), made once when the registry has none."""
    candidates = db.session.scalars(
        select(Organisation).where(Organisation.kind == OrganisationKind.PARLIAMENT.value).order_by(Organisation.id)
    ).all()
    for org in candidates:
        if fold(org.name).startswith("tweede kamer") or fold(org.acronym) == "tk":
            return org
    return partner_services.create_organisation(
        partner_services.OrganisationInput(
            name=TWEEDE_KAMER_NAME,
            acronym="TK",
            kind=OrganisationKind.PARLIAMENT.value,
            website="https://www.tweedekamer.nl",
            city="Den Haag",
        )
    )


def _unlinked(kind: OrganisationKind) -> list[Organisation]:
    return list(
        db.session.scalars(
            select(Organisation)
            .where(Organisation.kind == kind.value, Organisation.source.is_(None))
            .order_by(Organisation.id)
        )
    )


def _match(candidates: list[Organisation], name: str | None, abbreviation: str | None) -> Organisation | None:
    by_name = [org for org in candidates if fold(org.name) == fold(name)]
    if by_name:
        return by_name[0]
    key = _acronym_key(abbreviation)
    if key:
        for org in candidates:
            if key in (_acronym_key(org.acronym), _acronym_key(org.name)):
                return org
    return None


def _set(org: Organisation, field: str, value) -> None:
    if getattr(org, field) != value:
        setattr(org, field, value)


def project_fraction(row: KamerFraction, known: dict[str, Organisation]) -> Organisation | None:
    org = known.get(row.id)
    if row.removed:
        return org  # a removed fraction leaves the organisation and everything our users wrote about it
    if org is None:
        org = _match(_unlinked(OrganisationKind.PARTY), row.name, row.abbreviation)
        if org is None:
            org = partner_services.create_organisation(
                partner_services.OrganisationInput(
                    name=row.name or row.abbreviation or row.id,
                    acronym=row.abbreviation,
                    kind=OrganisationKind.PARTY.value,
                    source=SOURCE,
                    source_id=row.id,
                )
            )
        org.source, org.source_id = SOURCE, row.id
        known[row.id] = org
    _set(org, "name", row.name or org.name)
    _set(org, "acronym", row.abbreviation)
    _set(org, "kind", OrganisationKind.PARTY.value)
    return org


def project_committee(row: KamerCommittee, known: dict[str, Organisation], kamer: Organisation) -> Organisation | None:
    org = known.get(row.id)
    if row.removed:
        return org
    if org is None:
        if (row.abbreviation or "").upper() == KAMER_ITSELF and kamer.source is None:
            org = kamer
        else:
            org = _match(_unlinked(OrganisationKind.COMMITTEE), row.name, row.abbreviation)
        if org is None:
            org = partner_services.create_organisation(
                partner_services.OrganisationInput(
                    name=row.name or row.id,
                    acronym=row.abbreviation,
                    kind=OrganisationKind.COMMITTEE.value,
                    parent=partner_services.OrganisationRef(id=kamer.id),
                    source=SOURCE,
                    source_id=row.id,
                )
            )
        org.source, org.source_id = SOURCE, row.id
        known[row.id] = org
    if org.id == kamer.id:
        return org  # the Kamer itself: its name and kind are as the registry has them
    _set(org, "name", row.name or org.name)
    _set(org, "kind", OrganisationKind.COMMITTEE.value)
    _set(org, "parent_id", kamer.id)
    if not org.acronym and row.abbreviation:
        org.acronym = row.abbreviation
    return org
