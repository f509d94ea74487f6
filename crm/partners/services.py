"""Writes for the partner registry. Views call these; they flush, the view commits once."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l

from crm.auth.queries import get_user
from crm.common.errors import ServiceError
from crm.common.locking import locked_change
from crm.common.services import created, without_autoflush
from crm.common.text import fold, split_tags
from crm.extensions import db
from crm.partners import queries
from crm.partners.kinds import OrganisationKind
from crm.partners.models import ORGANISATION_FIELDS, PERSON_FIELDS, Affiliation, Organisation, Person, Tag
from crm.permissions import check_archive, check_edit
from crm.webhooks import services as webhooks

# The object-level rules, for every door: a view calls them before it shows a form; the writes below apply them to
# the acting user they are given (None: a trusted door of the system itself, such as the Tweede Kamer sync).
check_may_archive = check_archive


def check_may_edit(actor, record) -> None:
    if actor is not None:
        check_edit(actor, record)


@dataclass
class OrganisationRef:
    """What a picker field submitted: the chosen id and/or the typed name."""

    id: int | None = None
    name: str | None = None
    field: str = ""

    @property
    def empty(self) -> bool:
        return not self.id and not (self.name or "").strip()


def resolve_organisation(ref: OrganisationRef, *, required: bool = False) -> Organisation | None:
    if ref.empty:
        if required:
            raise ServiceError(_l("Choose an organisation."), field=ref.field)
        return None
    found = queries.organisations_by_reference(ref.id, ref.name)
    if not found:
        raise ServiceError(_l("No organisation found with this name; choose one from the list."), field=ref.field)
    if len(found) > 1:
        raise ServiceError(_l("Several organisations have this name; choose one from the list."), field=ref.field)
    return found[0]


def resolve_tags(raw: str | None) -> list[Tag]:
    names = split_tags(raw)
    for name in names:
        if len(name) > 60:
            raise ServiceError(_l("A tag can be at most 60 characters."), field="tags")
    existing = queries.tags_by_keys([fold(n) for n in names])
    tags = []
    for name in names:
        tag = existing.get(fold(name))
        if tag is None:
            tag = Tag(name=name, key=fold(name))
            db.session.add(tag)
            existing[tag.key] = tag
        tags.append(tag)
    return tags


def _lower(value: str | None) -> str | None:
    return value.lower() if value else None


def _upper(value: str | None) -> str | None:
    return value.upper() if value else None


# How a field is stored when it is not stored as given.
_NORMALISED = {
    "kind": lambda value: OrganisationKind(value).value,
    "email": _lower,
    "postal_code": _upper,
    "name_prefix": _lower,
}


def _copy_fields(record, data, names: tuple[str, ...]) -> None:
    for name in names:
        value = getattr(data, name)
        normalise = _NORMALISED.get(name)
        setattr(record, name, normalise(value) if normalise else value)


def _resolve_owner(owner_id: int | None):
    if not owner_id:
        return None
    owner = get_user(owner_id)
    if owner is None or not owner.active:
        raise ServiceError(_l("Choose an active user as relationship owner."), field="owner_id")
    return owner


def _resolve_province(province_id: int | None) -> Organisation | None:
    if not province_id:
        return None
    province = queries.get_organisation(province_id)
    if province is None or province.kind != OrganisationKind.PROVINCE or province.is_archived:
        raise ServiceError(_l("Choose one of the provinces."), field="province_id")
    return province


# --- organisations ---------------------------------------------------------------------------------------------


@dataclass
class OrganisationInput:
    name: str
    kind: str
    acronym: str | None = None
    parent: OrganisationRef = field(default_factory=OrganisationRef)
    website: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    postal_code: str | None = None
    city: str | None = None
    description: str | None = None
    tags: str | None = None
    owner_id: int | None = None
    province_id: int | None = None
    source: str | None = None  # an outside source that keeps the record (set when it is made, never by a form)
    source_id: str | None = None


@without_autoflush
def _apply_organisation(org: Organisation, data: OrganisationInput) -> None:
    parent = resolve_organisation(data.parent)
    if parent is not None and org.id is not None:
        ancestor = parent
        while ancestor is not None:
            if ancestor.id == org.id:
                raise ServiceError(_l("An organisation cannot be part of itself."), field=data.parent.field)
            ancestor = ancestor.parent
    _copy_fields(org, data, ORGANISATION_FIELDS)
    org.parent = parent
    org.tags = resolve_tags(data.tags)
    org.owner = _resolve_owner(data.owner_id)
    org.province = _resolve_province(data.province_id)


def create_organisation(data: OrganisationInput) -> Organisation:
    return created(Organisation(source=data.source, source_id=data.source_id), _apply_organisation, data)


def update_organisation(org: Organisation, data: OrganisationInput, expected_version: int | None, *,
                        actor=None) -> Organisation:  # fmt: skip
    check_may_edit(actor, org)
    locked_change(org, expected_version, lambda: _apply_organisation(org, data))
    return org


# --- people ----------------------------------------------------------------------------------------------------


@dataclass
class PersonInput:
    last_name: str
    first_name: str | None = None
    initials: str | None = None
    name_prefix: str | None = None
    salutation: str | None = None
    email: str | None = None
    phone: str | None = None
    notes: str | None = None
    tags: str | None = None
    party: OrganisationRef = field(default_factory=OrganisationRef)
    owner_id: int | None = None
    source: str | None = None  # as on OrganisationInput
    source_id: str | None = None


@dataclass
class AffiliationInput:
    organisation: OrganisationRef
    role: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    source: str | None = None  # as on OrganisationInput: a Kamer seat
    source_id: str | None = None


@without_autoflush
def _apply_person(person: Person, data: PersonInput) -> None:
    party = resolve_organisation(data.party)
    if party is not None and party.kind != OrganisationKind.PARTY:
        raise ServiceError(_l("Choose an organisation of the kind political party."), field=data.party.field)
    _copy_fields(person, data, PERSON_FIELDS)
    person.tags = resolve_tags(data.tags)
    person.party = party
    person.owner = _resolve_owner(data.owner_id)


def create_person(data: PersonInput, first_position: AffiliationInput | None = None) -> Person:
    person = Person(source=data.source, source_id=data.source_id)
    _apply_person(person, data)
    db.session.add(person)
    if first_position is not None and not first_position.organisation.empty:
        add_affiliation(person, first_position)
    db.session.flush()
    webhooks.emit("person.created", {"person_id": person.id, "name": str(person)})
    return person


def update_person(person: Person, data: PersonInput, expected_version: int | None, *, actor=None) -> Person:
    check_may_edit(actor, person)
    locked_change(person, expected_version, lambda: _apply_person(person, data))
    return person


@without_autoflush
def _apply_affiliation(affiliation: Affiliation, data: AffiliationInput) -> None:
    if data.start_date and data.end_date and data.end_date < data.start_date:
        raise ServiceError(_l("The end date cannot be before the start date."), field="end_date")
    affiliation.organisation = resolve_organisation(data.organisation, required=True)
    affiliation.role = data.role
    affiliation.start_date = data.start_date
    affiliation.end_date = data.end_date


def add_affiliation(person: Person, data: AffiliationInput, *, actor=None) -> Affiliation:
    check_may_edit(actor, person)
    affiliation = Affiliation(source=data.source, source_id=data.source_id)
    _apply_affiliation(affiliation, data)
    affiliation.person = person
    db.session.add(affiliation)
    db.session.flush()
    return affiliation


def update_affiliation(affiliation: Affiliation, data: AffiliationInput, expected_version: int | None, *,
                       actor=None) -> None:  # fmt: skip
    check_may_edit(actor, affiliation.person)
    locked_change(affiliation, expected_version, lambda: _apply_affiliation(affiliation, data))


def remove_affiliation(affiliation: Affiliation, *, actor=None) -> None:
    """For positions entered by mistake; a position that ended gets an end date instead."""
    check_may_edit(actor, affiliation.person)
    db.session.delete(affiliation)
    db.session.flush()
