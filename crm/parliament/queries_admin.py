"""Reads for the administrators' sync status page and the review list ("Kamerleden koppelen")."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from crm.extensions import db
from crm.parliament import SOURCE
from crm.parliament.models import KamerFraction, KamerFractionMember, KamerFractionSeat, KamerPerson
from crm.parliament.models_sync import SyncMark, SyncRun
from crm.parliament.records import ENTITY_SETS
from crm.partners.models import Affiliation, Person


@dataclass
class SetStatus:
    name: str
    mark: str | None
    counts: dict | None  # of the last run that fetched this set


def set_statuses(runs: list[SyncRun]) -> list[SetStatus]:
    marks = {mark.entity_set: mark.mark for mark in db.session.scalars(select(SyncMark))}
    statuses = []
    for entity in ENTITY_SETS:
        counts = next((run.counts[entity.name] for run in runs if entity.name in (run.counts or {})), None)
        statuses.append(SetStatus(entity.name, marks.get(entity.name), counts))
    return statuses


def latest_runs(limit: int = 10) -> list[SyncRun]:
    return list(db.session.scalars(select(SyncRun).order_by(SyncRun.started_at.desc(), SyncRun.id.desc()).limit(limit)))


def review_query():
    """Kamerleden the projection was not sure about, and whom nobody linked yet."""
    linked = select(Person.id).where(Person.source == SOURCE, Person.source_id == KamerPerson.id).exists()
    return (
        select(KamerPerson)
        .where(KamerPerson.review_candidates.is_not(None), KamerPerson.removed.is_(False), ~linked)
        .order_by(KamerPerson.last_name, KamerPerson.id)
    )


def get_review(kamer_person_id: str) -> KamerPerson | None:
    row = db.session.get(KamerPerson, kamer_person_id.lower())
    if row is None or row.removed or not row.review_candidates:
        return None
    return row


@dataclass
class ReviewRow:
    kamerlid: KamerPerson
    fractions: list[str]
    candidates: list[Person]


def review_rows(kamer_people: list[KamerPerson]) -> list[ReviewRow]:
    """Each Kamerlid on the page with their fractions and the registry people they might be (three statements)."""
    ids = [row.id for row in kamer_people]
    fractions: dict[str, list[str]] = {}
    found = db.session.execute(
        select(KamerFractionMember.person_id, KamerFraction.abbreviation, KamerFraction.name)
        .join(KamerFractionSeat, KamerFractionSeat.id == KamerFractionMember.seat_id)
        .join(KamerFraction, KamerFraction.id == KamerFractionSeat.fraction_id)
        .where(KamerFractionMember.person_id.in_(ids), KamerFractionMember.removed.is_(False))
        .order_by(KamerFractionMember.from_date)
    )
    for person_id, abbreviation, name in found:
        label = abbreviation or name
        if label not in fractions.setdefault(person_id, []):
            fractions[person_id].append(label)
    candidate_ids = {int(i) for row in kamer_people for i in (row.review_candidates or "").split(",") if i.isdigit()}
    people = {
        person.id: person
        for person in db.session.scalars(
            select(Person)
            .where(Person.id.in_(candidate_ids), Person.source.is_(None))
            .options(
                selectinload(Person.party), selectinload(Person.affiliations).selectinload(Affiliation.organisation)
            )
        )
    }
    return [
        ReviewRow(
            row,
            fractions.get(row.id, []),
            [people[int(i)] for i in (row.review_candidates or "").split(",") if i.isdigit() and int(i) in people],
        )
        for row in kamer_people
    ]
