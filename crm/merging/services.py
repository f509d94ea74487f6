"""Merging two people or two organisations into one, in one transaction: the fields chosen per field, every linked
record moved (links.py) and what points at a record by type and id (follows, notifications), the merged-away
record archived with `merged_into_id` set, so its old address leads to the kept one and its own history stays
readable. Views and tests call these; they flush, the caller commits."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from crm.common.errors import ServiceError
from crm.common.locking import ensure_current_version, flush_or_conflict
from crm.common.time import utcnow
from crm.extensions import db
from crm.merging import links
from crm.notifications.services import move_references
from crm.partners import services as partners
from crm.partners.models import Organisation, Person
from crm.partners.services import OrganisationInput, OrganisationRef, PersonInput
from crm.privacy.models import PersonPrivacy
from crm.webhooks import services as webhooks

PERSON_FIELDS = ("first_name", "initials", "name_prefix", "last_name", "salutation", "email", "phone", "notes",
                 "party_id", "owner_id")  # fmt: skip
ORGANISATION_FIELDS = ("name", "acronym", "kind", "website", "email", "phone", "address", "postal_code", "city",
                       "description", "parent_id", "owner_id", "province_id")  # fmt: skip


def _refuse_common(keep, other) -> None:
    if keep.id == other.id:
        raise ServiceError(_l("Choose two different records to merge."))
    if keep.merged_into_id or other.merged_into_id:
        raise ServiceError(_l("One of the two was merged into another record already."))
    if keep.is_archived:
        raise ServiceError(_l("The record to keep is archived; restore it first, or keep the other one."))
    if keep.source and other.source:
        raise ServiceError(_l("Both records are kept by an outside source (the Tweede Kamer); merging them would "
                              "break the sync."))  # fmt: skip


def _refuse_plan(plan: links.Plan) -> None:
    if plan.refusals:
        message = _l("These two cannot be merged without losing information: both have %(what)s that say different "
                     "things. Correct or remove one of them first.", what=", ".join(plan.refusals))  # fmt: skip
        raise ServiceError(message)


def _take_source(keep, other) -> None:
    """The outside source's id moves to the kept record (one row per source id)."""
    if other.source and not keep.source:
        source, source_id = other.source, other.source_id
        other.source = other.source_id = None
        db.session.flush()
        keep.source, keep.source_id = source, source_id


def _chosen(keep, other, fields: tuple[str, ...], from_other: set[str]) -> dict:
    unknown = from_other - set(fields)
    if unknown:
        raise ServiceError(_l("Choose a value of one of the two records for each field."))
    return {name: getattr(other if name in from_other else keep, name) for name in fields}


def _close(other, keep) -> None:
    other.merged_into_id = keep.id
    if other.archived_at is None:
        other.archived_at = utcnow()
    flush_or_conflict(other)


def merge_people(keep: Person, other: Person, from_other: set[str], *, keep_version: int | None,
                 other_version: int | None) -> Person:  # fmt: skip
    """Merge `other` into `keep`; `from_other`: the fields whose value comes from `other`."""
    ensure_current_version(keep, keep_version)
    ensure_current_version(other, other_version)
    _refuse_common(keep, other)
    erased = db.session.scalar(select(PersonPrivacy.person_id).where(
        PersonPrivacy.person_id.in_((keep.id, other.id)), PersonPrivacy.erased_at.is_not(None)))  # fmt: skip
    if erased:
        raise ServiceError(_l("An erased person cannot be merged."))
    plan = links.plan(Person.__table__, keep.id, other.id)
    _refuse_plan(plan)
    values = _chosen(keep, other, PERSON_FIELDS, from_other)
    tags = ", ".join(dict.fromkeys(t.name for t in [*keep.tags, *other.tags]))
    _take_source(keep, other)
    links.carry_out(Person.__table__, plan, keep.id, other.id)
    move_references("person", other.id, keep.id)  # what points at a record by type and id: no foreign key
    db.session.expire(keep)
    _drop_repeated_positions(keep)
    data = PersonInput(**{k: v for k, v in values.items() if k not in ("party_id", "owner_id")}, tags=tags or None,
                       party=OrganisationRef(id=values["party_id"]), owner_id=values["owner_id"])  # fmt: skip
    partners.update_person(keep, data, keep.version_id)
    _close(other, keep)
    webhooks.emit("person.merged", {"person_id": keep.id, "merged_person_id": other.id, "name": str(keep)})
    return keep


def _drop_repeated_positions(person: Person) -> None:
    """Both held the same position (same organisation, function and dates): it is kept once."""
    seen = set()
    for affiliation in list(person.affiliations):
        key = (affiliation.organisation_id, (affiliation.role or "").strip().lower(), affiliation.start_date,
               affiliation.end_date)  # fmt: skip
        if key in seen:
            partners.remove_affiliation(affiliation)
        seen.add(key)
    db.session.expire(person, ["affiliations"])


def _ancestors(org: Organisation) -> set[int]:
    seen: set[int] = set()
    current = org.parent
    while current is not None and current.id not in seen:
        seen.add(current.id)
        current = current.parent
    return seen


def merge_organisations(keep: Organisation, other: Organisation, from_other: set[str], *, keep_version: int | None,
                        other_version: int | None) -> Organisation:  # fmt: skip
    ensure_current_version(keep, keep_version)
    ensure_current_version(other, other_version)
    _refuse_common(keep, other)
    if other.id in _ancestors(keep):
        raise ServiceError(_l("%(kept)s is part of %(other)s: merging would make it part of itself.",
                              kept=keep.name, other=other.name))  # fmt: skip
    plan = links.plan(Organisation.__table__, keep.id, other.id)
    _refuse_plan(plan)
    values = _chosen(keep, other, ORGANISATION_FIELDS, from_other)
    if values["parent_id"] in (keep.id, other.id):
        values["parent_id"] = None
    tags = ", ".join(dict.fromkeys(t.name for t in [*keep.tags, *other.tags]))
    _take_source(keep, other)
    links.carry_out(Organisation.__table__, plan, keep.id, other.id)
    move_references("organisation", other.id, keep.id)  # follows: by type and id, no foreign key
    db.session.expire(keep)
    data = OrganisationInput(
        **{k: v for k, v in values.items() if k not in ("parent_id", "owner_id", "province_id")},
        parent=OrganisationRef(id=values["parent_id"]), tags=tags or None, owner_id=values["owner_id"],
        province_id=values["province_id"],
    )  # fmt: skip
    partners.update_organisation(keep, data, keep.version_id)
    _close(other, keep)
    return keep
