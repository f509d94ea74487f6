"""Reads for the partner registry: lists with filters, detail data, look-ups and duplicate candidates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz, process
from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from crm.coalitions.models import CoalitionMember
from crm.common.queries import archived_filter, equal_filters, sort_orders, word_filters
from crm.common.text import escape_like, fold, fold_for_match
from crm.common.time import today
from crm.extensions import db
from crm.partners.duplicates import ORGANISATION_NAME_CUTOFF, PERSON_NAME_CUTOFF
from crm.partners.kinds import OrganisationKind
from crm.partners.models import Affiliation, Organisation, Person, Tag, organisation_tags, person_tags


def held_between(first, last, affiliation=Affiliation):
    """The position was held at some time from `first` to `last` (dates or SQL date expressions; an open start or
    end counts as always). `affiliation` may be an alias of Affiliation."""
    return and_(
        or_(affiliation.start_date.is_(None), affiliation.start_date <= last),
        or_(affiliation.end_date.is_(None), affiliation.end_date >= first),
    )


def current_affiliation_clause(on: date | None = None):
    on = on or today()
    return held_between(on, on)


def _tag_match(record_id, link_record_id, link_table):
    """For word_filters: a word may also match one of the record's tags (tag keys are folded like the text)."""

    def condition(pattern: str):
        tagged = (
            select(link_record_id).join(Tag, Tag.id == link_table.c.tag_id).where(Tag.key.like(pattern, escape="\\"))
        )
        return record_id.in_(tagged)

    return condition


ORGANISATION_TAG_MATCH = _tag_match(Organisation.id, organisation_tags.c.organisation_id, organisation_tags)
PERSON_TAG_MATCH = _tag_match(Person.id, person_tags.c.person_id, person_tags)


# --- organisations ---------------------------------------------------------------------------------------------

ORGANISATION_SORTS = sort_orders(
    name=(Organisation.name_key,),
    kind=(Organisation.kind, Organisation.name_key.asc()),
    city=(Organisation.city, Organisation.name_key.asc()),
    updated=(Organisation.updated_at,),
)


# What an organisation row in a list shows, loaded in a fixed number of statements.
def organisation_list_options() -> tuple:
    return (
        joinedload(Organisation.parent),
        joinedload(Organisation.owner),
        selectinload(Organisation.tags),
    )


@dataclass
class OrganisationFilters:
    q: str = ""
    kind: str = ""
    tag: str = ""
    coalition_id: int | None = None
    owner_id: int | None = None
    parent_id: int | None = None
    province_id: int | None = None
    status: str = "active"
    sort: str = "name"


def organisations_query(filters: OrganisationFilters) -> Select:
    query = select(Organisation).options(*organisation_list_options())
    conditions = [
        *word_filters(Organisation.search_text, filters.q, also=ORGANISATION_TAG_MATCH),
        *archived_filter(Organisation, filters.status),
    ]
    if filters.kind in {k.value for k in OrganisationKind}:
        conditions.append(Organisation.kind == filters.kind)
    if filters.tag:
        tagged = select(organisation_tags.c.organisation_id).join(Tag).where(Tag.key == fold(filters.tag))
        conditions.append(Organisation.id.in_(tagged))
    if filters.coalition_id:
        members = select(CoalitionMember.organisation_id).where(CoalitionMember.coalition_id == filters.coalition_id)
        conditions.append(Organisation.id.in_(members))
    conditions += equal_filters(
        filters,
        owner_id=Organisation.owner_id,
        parent_id=Organisation.parent_id,
        province_id=Organisation.province_id,
    )
    order = ORGANISATION_SORTS.get(filters.sort, ORGANISATION_SORTS["name"])
    return query.where(*conditions).order_by(*order, Organisation.id)


def get_organisation(organisation_id: int) -> Organisation | None:
    # One record: joining its few tags costs less than a second statement.
    return db.session.get(
        Organisation,
        organisation_id,
        options=[
            joinedload(Organisation.parent),
            joinedload(Organisation.province),
            joinedload(Organisation.owner),
            joinedload(Organisation.tags),
            joinedload(Organisation.logo),
            joinedload(Organisation.children),  # a ministry's few directorates
        ],
    )


def child_organisations(organisation: Organisation) -> list[Organisation]:
    """Its parts, archived ones last (read with the organisation by `get_organisation`)."""
    return sorted(organisation.children, key=lambda child: (child.archived_at is not None, child.name_key))


def organisation_affiliations(organisation_id: int) -> list[Affiliation]:
    """Everyone who holds or held a position here, current first, then by name."""
    query = (
        select(Affiliation)
        .join(Affiliation.person)
        .options(joinedload(Affiliation.person))
        .where(Affiliation.organisation_id == organisation_id)
        .order_by(Person.name_key, Affiliation.start_date.desc())
    )
    return list(db.session.scalars(query))


def lookup_organisations(q: str, limit: int = 10, kinds: tuple[str, ...] = ()) -> list[Organisation]:
    """Type-ahead: active organisations whose name or acronym matches, the best (prefix) matches first."""
    folded = fold(q)
    if not folded:
        return []
    query = select(Organisation).where(Organisation.archived_at.is_(None), *word_filters(Organisation.search_text, q))
    if kinds:
        query = query.where(Organisation.kind.in_(kinds))
    prefix = f"{escape_like(folded)}%"
    starts = or_(Organisation.search_text.like(prefix, escape="\\"), func.lower(Organisation.acronym) == folded)
    query = query.order_by(starts.desc(), func.length(Organisation.name), Organisation.name_key).limit(limit)
    return list(db.session.scalars(query))


def organisations_by_reference(organisation_id: int | None, name: str | None) -> list[Organisation]:
    """What a picker field refers to: the chosen id, else an exact (folded) name or acronym."""
    if organisation_id:
        found = db.session.get(Organisation, organisation_id)
        return [found] if found else []
    if not name:
        return []
    key = fold_for_match(name)
    query = (
        select(Organisation)
        .where(
            Organisation.archived_at.is_(None),
            or_(Organisation.name_key == key, func.lower(Organisation.acronym) == fold(name)),
        )
        .limit(5)
    )
    return list(db.session.scalars(query))


def similar_organisations(name: str, exclude_id: int | None = None, limit: int = 5) -> list[Organisation]:
    """Possible duplicates of a new name: near-identical folded names, or the same acronym."""
    key = fold_for_match(name)
    if len(key) < 3:
        return []
    rows = db.session.execute(select(Organisation.id, Organisation.name_key, Organisation.acronym)).all()
    choices = {row.id: row.name_key for row in rows if row.id != exclude_id}
    matches = process.extract(key, choices, scorer=fuzz.ratio, score_cutoff=ORGANISATION_NAME_CUTOFF, limit=limit)
    ids = [match[2] for match in matches]
    ids += [row.id for row in rows if row.acronym and fold(row.acronym) == key and row.id not in ids]
    if not ids:
        return []
    found = {o.id: o for o in db.session.scalars(select(Organisation).where(Organisation.id.in_(ids)))}
    return [found[i] for i in ids[:limit] if i in found]


# --- people ----------------------------------------------------------------------------------------------------

PEOPLE_SORTS = sort_orders(name=(Person.name_key,), updated=(Person.updated_at,))


# What a person row in a list shows. Positions' organisations by selectin, not joined: PostgreSQL would otherwise
# hash-join the whole organisations table.
def person_list_options() -> tuple:
    return (
        joinedload(Person.party),
        selectinload(Person.tags),
        selectinload(Person.affiliations).selectinload(Affiliation.organisation),
    )


@dataclass
class PeopleFilters:
    q: str = ""
    tag: str = ""
    organisation_id: int | None = None
    coalition_id: int | None = None
    party_id: int | None = None
    owner_id: int | None = None
    status: str = "active"
    sort: str = "name"


def people_query(filters: PeopleFilters) -> Select:
    query = select(Person).options(*person_list_options())
    conditions = [
        *word_filters(Person.search_text, filters.q, also=PERSON_TAG_MATCH),
        *archived_filter(Person, filters.status),
    ]
    if filters.tag:
        tagged = select(person_tags.c.person_id).join(Tag).where(Tag.key == fold(filters.tag))
        conditions.append(Person.id.in_(tagged))
    if filters.organisation_id:
        at_org = select(Affiliation.person_id).where(
            Affiliation.organisation_id == filters.organisation_id, current_affiliation_clause()
        )
        conditions.append(Person.id.in_(at_org))
    if filters.coalition_id:
        in_coalition = (
            select(Affiliation.person_id)
            .join(CoalitionMember, CoalitionMember.organisation_id == Affiliation.organisation_id)
            .where(CoalitionMember.coalition_id == filters.coalition_id, current_affiliation_clause())
        )
        conditions.append(Person.id.in_(in_coalition))
    conditions += equal_filters(filters, party_id=Person.party_id, owner_id=Person.owner_id)
    order = PEOPLE_SORTS.get(filters.sort, PEOPLE_SORTS["name"])
    return query.where(*conditions).order_by(*order, Person.id)


def get_person(person_id: int) -> Person | None:
    return db.session.get(
        Person,
        person_id,
        options=[
            joinedload(Person.party),
            joinedload(Person.owner),
            selectinload(Person.tags),
            selectinload(Person.affiliations).joinedload(Affiliation.organisation),
        ],
    )


def get_affiliation(affiliation_id: int) -> Affiliation | None:
    return db.session.get(Affiliation, affiliation_id, options=[joinedload(Affiliation.organisation)])


def similar_people(
    first_name: str | None,
    name_prefix: str | None,
    last_name: str,
    email: str | None = None,
    exclude_id: int | None = None,
    limit: int = 5,
) -> list[Person]:
    """Possible duplicates: same email, or a near-identical full name."""
    key = fold_for_match(f"{last_name} {first_name or ''}")
    candidates: list[int] = []
    if email:
        candidates += list(
            db.session.scalars(select(Person.id).where(func.lower(Person.email) == email.strip().lower()).limit(limit))
        )
    if len(key) >= 3:
        rows = db.session.execute(
            select(Person.id, Person.name_key).where(Person.name_key.like(f"{escape_like(key[:1])}%", escape="\\"))
        ).all()
        choices = {row.id: row.name_key for row in rows if row.id != exclude_id}
        found = process.extract(key, choices, scorer=fuzz.ratio, score_cutoff=PERSON_NAME_CUTOFF, limit=limit)
        candidates += [m[2] for m in found]
    ids = list(dict.fromkeys(i for i in candidates if i != exclude_id))[:limit]
    if not ids:
        return []
    query = select(Person).options(selectinload(Person.affiliations).joinedload(Affiliation.organisation))
    found = {p.id: p for p in db.session.scalars(query.where(Person.id.in_(ids)))}
    return [found[i] for i in ids if i in found]


def lookup_people(q: str, limit: int = 10) -> list[Person]:
    if not fold(q):
        return []
    query = (
        select(Person)
        .where(Person.archived_at.is_(None), *word_filters(Person.search_text, q))
        .order_by(Person.name_key)
        .limit(limit)
    )
    return list(db.session.scalars(query))


# --- tags ------------------------------------------------------------------------------------------------------


def tags_in_use(table, limit: int = 300) -> list[Tag]:
    """Tags used on organisations (organisation_tags) or people (person_tags), for filter menus."""
    # EXISTS probes the tag index once per tag instead of reading every link row.
    used = select(table.c.tag_id).where(table.c.tag_id == Tag.id).exists()
    return list(db.session.scalars(select(Tag).where(used).order_by(Tag.key).limit(limit)))


def tags_by_keys(keys: list[str]) -> dict[str, Tag]:
    if not keys:
        return {}
    return {t.key: t for t in db.session.scalars(select(Tag).where(Tag.key.in_(keys)))}


def organisations_of_kind(kind: OrganisationKind) -> list[Organisation]:
    query = select(Organisation).where(Organisation.kind == kind.value, Organisation.archived_at.is_(None))
    return list(db.session.scalars(query.order_by(Organisation.name_key)))


def provinces() -> list[Organisation]:
    return organisations_of_kind(OrganisationKind.PROVINCE)


def parties() -> list[Organisation]:
    query = select(Organisation).where(
        Organisation.kind == OrganisationKind.PARTY.value, Organisation.archived_at.is_(None)
    )
    return list(db.session.scalars(query.order_by(Organisation.name_key)))


# --- counts and "mine" for the start page ----------------------------------------------------------------------


def count_active_organisations() -> int:
    return db.session.scalar(select(func.count()).where(Organisation.archived_at.is_(None))) or 0


def count_active_people() -> int:
    return db.session.scalar(select(func.count()).where(Person.archived_at.is_(None))) or 0


def owned_organisations(user_id: int, limit: int = 10) -> list[Organisation]:
    query = select(Organisation).where(Organisation.owner_id == user_id, Organisation.archived_at.is_(None))
    return list(db.session.scalars(query.order_by(Organisation.name_key).limit(limit)))


def owned_people(user_id: int, limit: int = 10) -> list[Person]:
    query = select(Person).where(Person.owner_id == user_id, Person.archived_at.is_(None))
    return list(db.session.scalars(query.order_by(Person.name_key).limit(limit)))


def organisation_names(ids: list[int]) -> dict[int, str]:
    """id → name of these organisations, in one statement."""
    if not ids:
        return {}
    return dict(db.session.execute(select(Organisation.id, Organisation.name).where(Organisation.id.in_(ids))).all())
