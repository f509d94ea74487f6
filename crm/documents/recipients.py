"""Who a mail merge goes to: named sets of organisations and people, resolved to plain recipient data.

A selection is a short string, the same in the browser and on the command line:
  municipalities                  every active municipality
  province:<id or name>           the municipalities of one province ("Utrecht" or "Provincie Utrecht")
  coalition:<id or name>          a coalition's member organisations
  committee:<id or name>          the people currently seated on a committee (name or acronym: "OCW")
  organisations:<filter query>    the organisation list as filtered (e.g. "kind=fund&tag=cultuur")
  people:<filter query>           the people list as filtered
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload, selectinload
from werkzeug.datastructures import MultiDict

from crm.coalitions.models import Coalition, CoalitionMember
from crm.common.errors import ServiceError
from crm.common.time import today
from crm.documents.context import recipient
from crm.extensions import db
from crm.partners import queries as partner_queries
from crm.partners.forms import organisation_filters, people_filters
from crm.partners.kinds import OrganisationKind
from crm.partners.models import Affiliation, Organisation, Person

MAX_RECIPIENTS = 2000


@dataclass(frozen=True)
class Selection:
    label: str
    refs: list[str]  # "organisation:12", "person:7": kept on the job, so a rerun needs no query


@dataclass(frozen=True)
class Recipient:
    ref: str
    name: str  # for the file name: "Gemeente Utrecht"
    data: dict[str, Any]  # what the template sees as `recipient`
    organisation_id: int | None
    person_id: int | None


def _find(model, key: str, name_column, prefixes: tuple[str, ...] = (), **conditions):
    """By id, or by name or acronym with case ignored; a usual prefix may be left out ("Utrecht" finds
    "Provincie Utrecht", "OCW" the committee "cie. OCW")."""
    query = select(model).filter_by(**conditions)
    if key.isdigit():
        number = int(key)
        return db.session.scalar(query.where(model.id == number)) if 0 < number < 2**31 else None
    found = db.session.scalar(query.where(name_column == key).limit(1))
    if found is not None or not key:
        return found
    names = [key.lower()] + [f"{prefix} {key}".lower() for prefix in prefixes]
    columns = [name_column] + ([model.acronym] if hasattr(model, "acronym") else [])
    matches = or_(*(func.lower(column).in_(names) for column in columns))
    return db.session.scalar(query.where(matches).order_by(model.id).limit(1))


def _organisation_refs(query) -> list[str]:
    ids = db.session.scalars(query.with_only_columns(Organisation.id).order_by(None).order_by(Organisation.name))
    return [f"organisation:{i}" for i in ids]


def _active_municipalities():
    return select(Organisation).where(
        Organisation.kind == OrganisationKind.MUNICIPALITY.value, Organisation.archived_at.is_(None)
    )


def resolve(selection: str) -> Selection:
    """The selection's label and recipients; ServiceError when it names nothing we know."""
    kind, _sep, key = selection.strip().partition(":")
    key = key.strip()
    if kind == "municipalities":
        found = Selection(_("All municipalities"), _organisation_refs(_active_municipalities()))
    elif kind == "province":
        province = _find(Organisation, key, Organisation.name, ("Provincie",), kind=OrganisationKind.PROVINCE.value)
        if province is None:
            raise ServiceError(_l("There is no province “%(key)s”.", key=key), field="recipients")
        query = _active_municipalities().where(Organisation.province_id == province.id)
        found = Selection(_("Municipalities in %(province)s", province=province.name), _organisation_refs(query))
    elif kind == "coalition":
        coalition = _find(Coalition, key, Coalition.name)
        if coalition is None:
            raise ServiceError(_l("There is no coalition “%(key)s”.", key=key), field="recipients")
        query = (
            select(Organisation)
            .join(CoalitionMember, CoalitionMember.organisation_id == Organisation.id)
            .where(CoalitionMember.coalition_id == coalition.id, Organisation.archived_at.is_(None))
        )
        found = Selection(_("Members of %(coalition)s", coalition=coalition.name), _organisation_refs(query))
    elif kind == "committee":
        committee = _find(Organisation, key, Organisation.name, ("cie.", "Vaste commissie voor"),
                          kind=OrganisationKind.COMMITTEE.value)  # fmt: skip
        if committee is None:
            raise ServiceError(_l("There is no committee “%(key)s”.", key=key), field="recipients")
        ids = db.session.scalars(
            select(Person.id)
            .join(Affiliation, Affiliation.person_id == Person.id)
            .where(
                Affiliation.organisation_id == committee.id,
                partner_queries.current_affiliation_clause(),
                Person.archived_at.is_(None),
            )
            .order_by(Person.last_name, Person.id)
        )
        refs = list(dict.fromkeys(f"person:{i}" for i in ids))  # a person with two seats gets one letter
        found = Selection(_("Members of %(committee)s", committee=committee.name), refs)
    elif kind == "organisations":
        filters = organisation_filters(_args(key))
        found = Selection(_("Filtered organisations"), _organisation_refs(partner_queries.organisations_query(filters)))
    elif kind == "people":
        filters = people_filters(_args(key))
        query = partner_queries.people_query(filters).with_only_columns(Person.id)
        found = Selection(_("Filtered people"), [f"person:{i}" for i in db.session.scalars(query)])
    else:
        raise ServiceError(_l("Choose who the letters go to."), field="recipients")
    if not found.refs:
        raise ServiceError(_l("Nobody to send to: %(label)s is empty.", label=found.label), field="recipients")
    if len(found.refs) > MAX_RECIPIENTS:
        raise ServiceError(_l("At most %(n)s recipients per mail merge.", n=MAX_RECIPIENTS), field="recipients")
    return found


def _args(query: str) -> MultiDict:
    return MultiDict([(k, v) for k, values in parse_qs(query.lstrip("?")).items() for v in values])


def load(refs: list[str]) -> list[Recipient]:
    """The recipients in the order given, as plain data; ones archived or deleted since are left out."""
    org_ids = [int(r.split(":")[1]) for r in refs if r.startswith("organisation:")]
    person_ids = [int(r.split(":")[1]) for r in refs if r.startswith("person:")]
    organisations = {
        o.id: o
        for o in db.session.scalars(
            select(Organisation).options(joinedload(Organisation.province)).where(Organisation.id.in_(org_ids))
        )
    }
    people = {
        p.id: p
        for p in db.session.scalars(
            select(Person)
            .options(selectinload(Person.affiliations).joinedload(Affiliation.organisation))
            .where(Person.id.in_(person_ids))
        )
    }
    found = []
    for ref in refs:
        kind, _sep, key = ref.partition(":")
        if kind == "organisation" and int(key) in organisations:
            org = organisations[int(key)]
            found.append(Recipient(ref, org.name, recipient(org), org.id, None))
        elif kind == "person" and int(key) in people:
            person = people[int(key)]
            found.append(Recipient(ref, person.full_name, person_recipient(person), None, person.id))
    return found


def person_recipient(person: Person) -> dict[str, Any]:
    """A person as the addressee: their name above the address of the organisation they work for now."""
    current = [a for a in person.affiliations if a.end_date is None or a.end_date >= today()]
    org = current[0].organisation if current else None
    base = recipient(org) if org is not None else {
        "name": "", "acronym": "", "kind": "", "address": "", "postal_code": "", "city": "", "municipality": "",
        "province": "", "salutation": "",
    }  # fmt: skip
    role = (current[0].role or "") if current else ""
    return {
        **base,
        "name": base["name"] or person.full_name,  # the organisation on the envelope, the person "t.a.v."
        "person": {"full_name": person.full_name, "role": role},
        "salutation": person.salutation or _salutation_for(person, org),
    }


def _salutation_for(person: Person, org: Organisation | None) -> str:
    if org is not None and org.kind in (OrganisationKind.COMMITTEE.value, OrganisationKind.PARLIAMENT.value):
        return f"Geacht Kamerlid {person.full_name}"
    # Without the first name a Dutch prefix is capitalised: "Geachte heer/mevrouw Van der Berg".
    prefix = (person.name_prefix or "").strip()
    surname = f"{prefix[:1].upper()}{prefix[1:]} {person.last_name}" if prefix else person.last_name
    return f"Geachte heer/mevrouw {surname}"
