"""Reads for letters: the board and the table, a letter's page, versions, signatories, history, timelines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import Select, and_, case, func, or_, select, union_all
from sqlalchemy.orm import joinedload, selectinload

from crm.coalitions.models import Coalition, Dossier
from crm.common.queries import records_by_ids, records_in_order, word_filters
from crm.extensions import db
from crm.letters.models import (
    JointLetter,
    LetterAnswer,
    LetterEvent,
    LetterStatus,
    LetterVersion,
    Signatory,
    SignatoryStatus,
    letter_dossiers,
)
from crm.partners.models import Organisation, Person

BOARD_CARDS_PER_STATUS = 12
BOARD_ORDER = [LetterStatus.DRAFT, LetterStatus.REVIEW, LetterStatus.APPROVED, LetterStatus.SIGNING,
               LetterStatus.SENT, LetterStatus.ANSWERED, LetterStatus.WITHDRAWN]  # fmt: skip
SORTS = {
    "deadline": (JointLetter.signature_deadline.is_(None), JointLetter.signature_deadline, JointLetter.id.desc()),
    "-updated": (JointLetter.updated_at.desc(), JointLetter.id.desc()),
    "title": (JointLetter.title, JointLetter.id),
}


# --- records the services check -------------------------------------------------------------------------------------


def organisations_by_ids(ids: list[int]) -> dict[int, Organisation]:
    return records_by_ids(Organisation, ids)


def person_by_id(person_id: int) -> Person | None:
    return db.session.get(Person, person_id)


def coalition_by_id(coalition_id: int) -> Coalition | None:
    return db.session.get(Coalition, coalition_id)


def dossiers_by_ids(ids: list[int]) -> list[Dossier]:
    return records_in_order(Dossier, ids)


def own_organisation() -> Organisation | None:
    """Our own organisation, the default lead of a letter: the one named in OWN_ORGANISATION."""
    name = current_app.config["OWN_ORGANISATION"]
    return db.session.scalar(select(Organisation).where(Organisation.name == name).limit(1))


# --- one letter ----------------------------------------------------------------------------------------------------


def get_letter(letter_id: int) -> JointLetter | None:
    return db.session.get(
        JointLetter,
        letter_id,
        options=[
            joinedload(JointLetter.addressee_organisation),
            joinedload(JointLetter.addressee_person),
            joinedload(JointLetter.lead_organisation),
            joinedload(JointLetter.coalition),
            selectinload(JointLetter.dossiers),
        ],
    )


def version_of(letter_id: int, number: int) -> LetterVersion | None:
    return db.session.scalar(
        select(LetterVersion)
        .options(joinedload(LetterVersion.author))
        .where(LetterVersion.letter_id == letter_id, LetterVersion.number == number)
    )


def current_version(letter: JointLetter) -> LetterVersion | None:
    return version_of(letter.id, letter.current_version)


def versions_of(letter_id: int) -> list[LetterVersion]:
    return list(
        db.session.scalars(
            select(LetterVersion)
            .options(joinedload(LetterVersion.author))
            .where(LetterVersion.letter_id == letter_id)
            .order_by(LetterVersion.number.desc())
        )
    )


def signatories_of(letter_id: int) -> list[Signatory]:
    """In the order of the letterhead: by organisation name (the lead organisation comes first on its own)."""
    return list(
        db.session.scalars(
            select(Signatory)
            .join(Signatory.organisation)
            .options(joinedload(Signatory.organisation))
            .where(Signatory.letter_id == letter_id)
            .order_by(Organisation.name_key, Signatory.id)
        )
    )


def get_signatory(letter_id: int, signatory_id: int) -> Signatory | None:
    signatory = db.session.get(Signatory, signatory_id, options=[joinedload(Signatory.organisation)])
    return signatory if signatory is not None and signatory.letter_id == letter_id else None


def signatory_by_token_hash(token_hash: str) -> Signatory | None:
    return db.session.scalar(
        select(Signatory)
        .options(joinedload(Signatory.organisation), joinedload(Signatory.letter))
        .where(Signatory.token_hash == token_hash)
    )


def events_of(letter_id: int) -> list[LetterEvent]:
    return list(
        db.session.scalars(
            select(LetterEvent)
            .where(LetterEvent.letter_id == letter_id)
            .order_by(LetterEvent.created_at.desc(), LetterEvent.id.desc())
        )
    )


def answer_of(letter_id: int) -> LetterAnswer | None:
    return db.session.scalar(select(LetterAnswer).where(LetterAnswer.letter_id == letter_id))


def answer_with_pdf(letter_id: int) -> LetterAnswer | None:
    from sqlalchemy.orm import undefer

    return db.session.scalar(
        select(LetterAnswer).options(undefer(LetterAnswer.pdf)).where(LetterAnswer.letter_id == letter_id)
    )


# --- lists ---------------------------------------------------------------------------------------------------------


def addressee_choices(limit: int = 300) -> list[Organisation]:
    """The organisations letters were addressed to, for the filter menu."""
    addressed = select(JointLetter.addressee_organisation_id).where(JointLetter.addressee_organisation_id.is_not(None))
    query = select(Organisation).where(Organisation.id.in_(addressed)).order_by(Organisation.name_key).limit(limit)
    return list(db.session.scalars(query))


@dataclass
class LetterFilters:
    q: str = ""
    status: str = ""
    coalition_id: int | None = None
    dossier_id: int | None = None
    addressee_id: int | None = None
    deadline_until: date | None = None
    sort: str = "-updated"

    @property
    def active(self) -> bool:
        return bool(self.q or self.status or self.coalition_id or self.dossier_id or self.addressee_id
                    or self.deadline_until)  # fmt: skip


def _filtered(query: Select, filters: LetterFilters, *, with_status: bool = True) -> Select:
    if filters.q:
        occasion = func.lower(func.coalesce(JointLetter.occasion, ""))
        query = query.where(*word_filters(func.lower(JointLetter.title), filters.q,
                                          also=lambda pattern: occasion.like(pattern, escape="\\")))  # fmt: skip
    if with_status and filters.status:
        query = query.where(JointLetter.status == filters.status)
    if filters.coalition_id:
        query = query.where(JointLetter.coalition_id == filters.coalition_id)
    if filters.dossier_id:
        linked = select(letter_dossiers.c.letter_id).where(letter_dossiers.c.dossier_id == filters.dossier_id)
        query = query.where(JointLetter.id.in_(linked))
    if filters.addressee_id:
        query = query.where(JointLetter.addressee_organisation_id == filters.addressee_id)
    if filters.deadline_until:
        query = query.where(JointLetter.signature_deadline <= filters.deadline_until)
    return query


def letters_query(filters: LetterFilters) -> Select:
    query = select(JointLetter).options(
        joinedload(JointLetter.addressee_organisation),
        joinedload(JointLetter.addressee_person),
        joinedload(JointLetter.coalition),
    )
    return _filtered(query, filters).order_by(*SORTS.get(filters.sort, SORTS["-updated"]))


@dataclass(frozen=True)
class SignatureCount:
    """ "5 van 7 ondertekend": signatures on the current text, of all organisations asked (declines included)."""

    signed: int
    total: int
    outdated: int


def signature_counts(letters: list[JointLetter]) -> dict[int, SignatureCount]:
    if not letters:
        return {}
    signed = and_(Signatory.status == SignatoryStatus.SIGNED, Signatory.signed_sha256 == JointLetter.current_sha256)
    outdated = and_(Signatory.status == SignatoryStatus.SIGNED, Signatory.signed_sha256 != JointLetter.current_sha256)
    rows = db.session.execute(
        select(
            Signatory.letter_id,
            func.count().label("total"),
            func.sum(case((signed, 1), else_=0)).label("signed"),
            func.sum(case((outdated, 1), else_=0)).label("outdated"),
        )
        .join(JointLetter, JointLetter.id == Signatory.letter_id)
        .where(Signatory.letter_id.in_([letter.id for letter in letters]))
        .group_by(Signatory.letter_id)
    )
    return {row.letter_id: SignatureCount(int(row.signed or 0), row.total, int(row.outdated or 0)) for row in rows}


@dataclass
class BoardColumn:
    status: LetterStatus
    letters: list[JointLetter]
    total: int


def board(filters: LetterFilters) -> list[BoardColumn]:
    """Every status as a column with its count and its first cards (soonest deadline first): two statements."""
    counts = dict(
        db.session.execute(
            _filtered(select(JointLetter.status, func.count()), filters, with_status=False).group_by(JointLetter.status)
        ).all()
    )
    ranked = _filtered(
        select(
            JointLetter.id,
            func.row_number()
            .over(
                partition_by=JointLetter.status,
                order_by=(
                    JointLetter.signature_deadline.is_(None),
                    JointLetter.signature_deadline,
                    JointLetter.updated_at.desc(),
                    JointLetter.id.desc(),
                ),
            )
            .label("rank"),
        ),
        filters,
        with_status=False,
    ).subquery()
    cards = list(
        db.session.scalars(
            select(JointLetter)
            .join(ranked, ranked.c.id == JointLetter.id)
            .options(joinedload(JointLetter.addressee_organisation), joinedload(JointLetter.addressee_person))
            .where(ranked.c.rank <= BOARD_CARDS_PER_STATUS)
            .order_by(ranked.c.rank)
        )
    )
    return [
        BoardColumn(status, [c for c in cards if c.status == status], counts.get(status, 0)) for status in BOARD_ORDER
    ]


# --- timelines -----------------------------------------------------------------------------------------------------


def _on_timeline_of(scope: str, record_id: int):
    """Which letters belong on a record's timeline: an organisation's letters are those addressed to it, led by it
    or co-signed by it; a person's those addressed to them; a dossier's and a coalition's their own."""
    if scope == "organisation":
        signing = select(Signatory.letter_id).where(Signatory.organisation_id == record_id)
        return or_(JointLetter.addressee_organisation_id == record_id, JointLetter.lead_organisation_id == record_id,
                   JointLetter.id.in_(signing))  # fmt: skip
    if scope == "person":
        return JointLetter.addressee_person_id == record_id
    if scope == "dossier":
        return JointLetter.id.in_(select(letter_dossiers.c.letter_id).where(letter_dossiers.c.dossier_id == record_id))
    if scope == "coalition":
        return JointLetter.coalition_id == record_id
    return None


def timeline_rows(scope: str, record_id: int):
    """(id, occurred_at) of a record's letters (on the day sent, or made) and of their answers (on the day received).

    An answer's row carries its letter's id negated, so one statement loads letters and answers alike.
    """
    condition = _on_timeline_of(scope, record_id)
    if condition is None:
        return None
    letters = select(
        JointLetter.id.label("id"), func.coalesce(JointLetter.sent_on, JointLetter.created_at).label("occurred_at")
    ).where(condition)
    answers = (
        select((-LetterAnswer.letter_id).label("id"), LetterAnswer.received_on.label("occurred_at"))
        .join(JointLetter, JointLetter.id == LetterAnswer.letter_id)
        .where(condition)
    )  # fmt: skip
    return union_all(letters, answers)


@dataclass(frozen=True)
class TimelineLetter:
    """A letter on a timeline: the letter itself, or (is_answer) the answer it received."""

    letter: JointLetter
    is_answer: bool


def timeline_letters(ids: list[int]) -> dict[int, TimelineLetter]:
    query = (
        select(JointLetter)
        .options(joinedload(JointLetter.addressee_organisation), joinedload(JointLetter.answer))
        .where(JointLetter.id.in_({abs(i) for i in ids}))
    )
    letters = {letter.id: letter for letter in db.session.scalars(query)}
    return {i: TimelineLetter(letters[abs(i)], i < 0) for i in ids if abs(i) in letters}
