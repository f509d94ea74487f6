"""Writes a user makes on the review list ("Kamerleden koppelen"): link a Kamerlid to a registry person, or make a
new one. They flush; the view commits once. The projection then fills the Kamer's fields and positions."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from crm.common.errors import ServiceError
from crm.extensions import db
from crm.parliament import SOURCE
from crm.parliament.models import KamerPerson
from crm.parliament.registry import project_people
from crm.partners.models import Person
from crm.privacy.models import PersonPrivacy


def _linked_person(kamerlid: KamerPerson) -> Person | None:
    return db.session.scalar(select(Person).where(Person.source == SOURCE, Person.source_id == kamerlid.id))


def link_kamerlid(kamerlid: KamerPerson, person_id: int | None) -> Person:
    if _linked_person(kamerlid) is not None:
        raise ServiceError(_l("This Kamerlid is linked already."))
    candidates = {int(i) for i in (kamerlid.review_candidates or "").split(",") if i.isdigit()}
    person = db.session.get(Person, person_id) if person_id in candidates else None
    if person is None:
        raise ServiceError(_l("Choose one of the people listed."), field="person_id")
    if person.source is not None:
        raise ServiceError(_l("This person is linked to another Kamerlid already."), field="person_id")
    privacy = db.session.get(PersonPrivacy, person.id)
    if privacy is not None and privacy.is_erased:
        raise ServiceError(_l("This person has been anonymised and cannot be linked."), field="person_id")
    person.source, person.source_id = SOURCE, kamerlid.id
    kamerlid.review_candidates = None
    db.session.flush()
    project_people([kamerlid.id])
    return person


def create_for_kamerlid(kamerlid: KamerPerson) -> Person:
    if _linked_person(kamerlid) is not None:
        raise ServiceError(_l("This Kamerlid is linked already."))
    kamerlid.review_candidates = None
    project_people([kamerlid.id])
    person = _linked_person(kamerlid)
    if person is None:
        raise ServiceError(_l("This Kamerlid holds no seat in the Tweede Kamer; nobody was made."))
    return person
