"""Reads for the stakeholder map: the current position of every stakeholder on a dossier (with its last change of
stance and last contact), a stakeholder's history, stances on person and organisation pages, and the
high-influence stakeholders nobody of us has spoken to lately.

"Current" is computed in the database with window functions over the dossier's rows (newest `observed_on`, then
newest id, per stakeholder), so every page costs a fixed number of statements whatever the number of stakeholders
or of observations.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import pairwise

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from crm.coalitions.models import Dossier, DossierStatus
from crm.common.time import local_day_start_utc, utc_to_local
from crm.extensions import db
from crm.interactions.queries import last_contact_at
from crm.partners.models import Affiliation, Organisation, Person
from crm.stakeholders.models import Level, StakeholderPosition, Stance, stance_label

SP = StakeholderPosition
PERIODS = (30, 90, 180)  # "not contacted in the last … days"
DEFAULT_PERIOD = 90
STANCE_ORDER = (Stance.SUPPORTIVE, Stance.NEUTRAL, Stance.CRITICAL, Stance.OPPOSED, Stance.UNKNOWN)
LEVEL_ORDER = (Level.HIGH, Level.MEDIUM, Level.LOW)
MOVE_COLUMNS = ("before", "after", "observed_on", "source")
_RANK = {stance: n for n, stance in enumerate(STANCE_ORDER[:4])}


def contact_since(days: int, now: datetime, zone: str) -> datetime:
    """Where "the last `days` days" begin (naive UTC): the start of that calendar day in the users' time zone."""
    today = utc_to_local(now, zone).date()
    return local_day_start_utc(today - timedelta(days=days), zone)


def _key(table=SP):
    """One integer per stakeholder: people even, organisations odd (a row has exactly one of the two)."""
    return func.coalesce(table.person_id * 2, table.organisation_id * 2 + 1)


def _last_contact(table=SP):
    return case(
        (table.person_id.is_not(None), last_contact_at("person", table.person_id)),
        else_=last_contact_at("organisation", table.organisation_id),
    )


def _steps(*conditions):
    """Each row with its rank among its stakeholder's rows on its dossier (1 = current) and the stance before it."""
    partition = (SP.dossier_id, _key())
    newest_first = (SP.observed_on.desc(), SP.id.desc())
    return (
        select(
            SP.id,
            SP.dossier_id,
            _key().label("key"),
            SP.stance,
            SP.observed_on,
            SP.source,
            func.row_number().over(partition_by=partition, order_by=newest_first).label("newest"),
            func.lead(SP.stance).over(partition_by=partition, order_by=newest_first).label("before"),
        )
        .where(*conditions)
        .subquery()
    )


def _current_ids(*conditions):
    steps = _steps(*conditions)
    return select(steps.c.id).where(steps.c.newest == 1)


@dataclass(frozen=True)
class Move:
    """A change of stance: from `before` to `after`, observed on a day, from a source."""

    before: str
    after: str
    observed_on: date
    source: str | None = None

    before_label = Stance.label_property("before")

    after_label = Stance.label_property("after")

    @property
    def direction(self) -> str:
        """Towards support ("up") or towards opposition ("down"); empty when either side is unknown."""
        if self.before not in _RANK or self.after not in _RANK:
            return ""
        return "up" if _RANK[self.after] < _RANK[self.before] else "down"


def stakeholder_name(record: Person | Organisation | None) -> str:
    if record is None:
        return ""
    return record.full_name if isinstance(record, Person) else str(record)


def stakeholder_detail(record: Person | Organisation | None) -> str:
    """What the person does (their current positions) or what kind of organisation it is."""
    if isinstance(record, Person):
        return ", ".join(
            f"{a.role}, {a.organisation.acronym or a.organisation.name}" if a.role else a.organisation.name
            for a in record.current_affiliations
        )
    return record.kind_label if record is not None else ""


@dataclass
class Card:
    position: StakeholderPosition  # the current one
    last_contact: datetime | None
    move: Move | None  # the last change of stance (it led to the current one)

    @property
    def stakeholder(self) -> Person | Organisation:
        return self.position.stakeholder

    @property
    def kind(self) -> str:
        return "person" if self.position.person_id else "organisation"

    @property
    def name(self) -> str:
        return stakeholder_name(self.stakeholder)

    @property
    def detail(self) -> str:
        return stakeholder_detail(self.stakeholder)

    @property
    def owner(self):
        return self.stakeholder.owner


@dataclass
class StakeholderMap:
    cards: list[Card]  # by influence, stance, interest (high first) and name
    archived: int = 0  # stakeholders with a position who are archived: not on the map
    cells: dict[tuple[str, str], list[Card]] = field(default_factory=dict)

    def cell(self, influence: str, stance: str) -> list[Card]:
        return self.cells.get((influence, stance), [])

    def count(self, stance: str) -> int:
        return sum(len(self.cell(level, stance)) for level in LEVEL_ORDER)


def _with_stakeholders(query):
    return query.options(
        joinedload(SP.person).joinedload(Person.owner),
        joinedload(SP.person).selectinload(Person.affiliations).joinedload(Affiliation.organisation),
        joinedload(SP.organisation).joinedload(Organisation.owner),
    )


def stakeholder_map(dossier_id: int) -> StakeholderMap:
    """The power/interest grid of a dossier: two statements (the cards, the people's current positions)."""
    steps = _steps(SP.dossier_id == dossier_id)
    moves = (
        select(
            steps.c.key,
            steps.c.before,
            steps.c.stance.label("after"),
            steps.c.observed_on,
            steps.c.source,
            func.row_number()
            .over(partition_by=steps.c.key, order_by=(steps.c.observed_on.desc(), steps.c.id.desc()))
            .label("n"),
        )
        .where(steps.c.before.is_not(None), steps.c.before != steps.c.stance)
        .subquery()
    )
    current = select(steps.c.id, steps.c.key).where(steps.c.newest == 1).subquery()
    query = (
        select(SP, _last_contact().label("last_contact"), *(moves.c[name] for name in MOVE_COLUMNS))
        .join(current, current.c.id == SP.id)
        .outerjoin(moves, and_(moves.c.key == current.c.key, moves.c.n == 1))
    )
    cards, archived = [], 0
    for position, last_contact, before, after, moved_on, source in db.session.execute(_with_stakeholders(query)):
        if position.stakeholder.is_archived:
            archived += 1
            continue
        move = Move(before, after, moved_on, source) if before else None
        cards.append(Card(position, last_contact, move))
    interest = {level: n for n, level in enumerate(LEVEL_ORDER)}
    cards.sort(key=lambda c: (interest.get(c.position.interest, 9), c.stakeholder.name_key, c.position.id))
    cells: dict[tuple[str, str], list[Card]] = {}
    for card in cards:
        cells.setdefault((card.position.influence, card.position.stance), []).append(card)
    ordered = [card for level in LEVEL_ORDER for stance in STANCE_ORDER for card in cells.get((level, stance), [])]
    return StakeholderMap(ordered, archived, cells)


@dataclass(frozen=True)
class StanceCounts:
    """How many stakeholders (not archived) hold each stance now, in the map's order of stances."""

    rows: list[tuple[str, str, int]]  # (stance, label, count)

    @property
    def total(self) -> int:
        return sum(count for _stance, _label, count in self.rows)


def stance_counts(dossier_id: int) -> StanceCounts:
    """The dossier page's summary of its map: one statement."""
    current = _current_ids(SP.dossier_id == dossier_id)
    active = or_(
        SP.person_id.in_(select(Person.id).where(Person.archived_at.is_(None))),
        SP.organisation_id.in_(select(Organisation.id).where(Organisation.archived_at.is_(None))),
    )
    rows = db.session.execute(
        select(SP.stance, func.count()).where(SP.id.in_(current), active).group_by(SP.stance)
    ).all()
    counts = {stance: int(n) for stance, n in rows}
    return StanceCounts([(stance.value, stance_label(stance), counts.get(stance.value, 0)) for stance in STANCE_ORDER])


def current_stances(scope: str, record_id: int) -> list[StakeholderPosition]:
    """A person's or organisation's current position on each dossier, with the dossier: one statement."""
    column = SP.person_id if scope == "person" else SP.organisation_id
    current = _current_ids(column == record_id)
    query = (
        select(SP)
        .join(Dossier, Dossier.id == SP.dossier_id)
        .options(joinedload(SP.dossier))
        .where(SP.id.in_(current))
        .order_by(Dossier.archived_at.is_not(None), Dossier.name_key)
    )
    return list(db.session.scalars(query))


def current_position(dossier_id: int, scope: str, record_id: int) -> StakeholderPosition | None:
    column = SP.person_id if scope == "person" else SP.organisation_id
    query = (
        select(SP)
        .where(SP.dossier_id == dossier_id, column == record_id)
        .order_by(SP.observed_on.desc(), SP.id.desc())
        .limit(1)
    )
    return db.session.scalar(query)


@dataclass
class History:
    rows: list[StakeholderPosition]  # newest first
    moves: list[Move]  # newest first

    @property
    def current(self) -> StakeholderPosition | None:
        return self.rows[0] if self.rows else None


def history(dossier_id: int, scope: str, record_id: int) -> History:
    """Every row of one stakeholder on one dossier, and the changes of stance they show: one statement."""
    column = SP.person_id if scope == "person" else SP.organisation_id
    query = (
        select(SP)
        .options(joinedload(SP.created_by))
        .where(SP.dossier_id == dossier_id, column == record_id)
        .order_by(SP.observed_on, SP.id)
    )
    rows = list(db.session.scalars(query))
    moves = [
        Move(earlier.stance, later.stance, later.observed_on, later.source)
        for earlier, later in pairwise(rows)
        if earlier.stance != later.stance
    ]
    return History(rows[::-1], moves[::-1])


def get_position(position_id: int) -> StakeholderPosition | None:
    return db.session.get(
        SP,
        position_id,
        options=[joinedload(SP.dossier), joinedload(SP.person), joinedload(SP.organisation)],
    )


# --- high influence, not contacted -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DossierStance:
    dossier_id: int
    title: str
    stance: str

    stance_label = Stance.label_property("stance")


@dataclass(frozen=True)
class NotContacted:
    kind: str  # "person" or "organisation"
    id: int
    name: str
    detail: str  # a person's current positions, or an organisation's kind
    owner_name: str | None  # the relationship owner
    last_contact: datetime | None  # None: never
    dossiers: list[DossierStance]  # where they currently have high influence, by title


def high_influence_not_contacted(dossier_id: int | None, since: datetime, limit: int) -> list[NotContacted]:
    """Stakeholders whose current influence on the dossier is high and whom nobody of us has been in contact with
    since `since` (naive UTC; a contact at exactly `since` counts as contact), the coldest first: never contacted,
    then the longest ago, then by name. Archived stakeholders are left out.

    `dossier_id` None looks across all dossiers that are neither archived nor closed; each stakeholder appears
    once, with every such dossier on which they have high influence and their stance there. Three statements,
    whatever the number of stakeholders or contacts: the stakeholders (with their last contact and owner), the
    people's current positions, and the dossiers.
    """
    if dossier_id is not None:
        scope = [SP.dossier_id == dossier_id]
    else:
        open_dossiers = select(Dossier.id).where(Dossier.archived_at.is_(None), Dossier.status != DossierStatus.CLOSED)
        scope = [SP.dossier_id.in_(open_dossiers)]
    high = (
        select(SP.dossier_id, SP.person_id, SP.organisation_id, SP.stance)
        .where(SP.id.in_(_current_ids(*scope)), SP.influence == Level.HIGH.value)
        .subquery()
    )
    who = select(high.c.person_id, high.c.organisation_id).distinct().subquery()
    contacted = select(who.c.person_id, who.c.organisation_id, _last_contact(who.c).label("last")).subquery()
    query = (
        select(Person, Organisation, contacted.c.last)
        .select_from(contacted)
        .outerjoin(Person, Person.id == contacted.c.person_id)
        .outerjoin(Organisation, Organisation.id == contacted.c.organisation_id)
        .where(
            or_(contacted.c.last.is_(None), contacted.c.last < since),
            Person.archived_at.is_(None),
            Organisation.archived_at.is_(None),
        )
        .order_by(
            contacted.c.last.is_not(None),
            contacted.c.last,
            func.coalesce(Person.name_key, Organisation.name_key),
            contacted.c.person_id,
            contacted.c.organisation_id,
        )
        .limit(limit)
        .options(
            joinedload(Person.owner),
            selectinload(Person.affiliations).joinedload(Affiliation.organisation),
            joinedload(Organisation.owner),
        )
    )
    found = db.session.execute(query).unique().all()
    if not found:
        return []
    person_ids = [p.id for p, _o, _last in found if p is not None]
    organisation_ids = [o.id for p, o, _last in found if p is None and o is not None]
    stances: dict[tuple[str, int], list[DossierStance]] = {}
    rows = db.session.execute(
        select(high.c.person_id, high.c.organisation_id, high.c.stance, Dossier.id, Dossier.title)
        .join(Dossier, Dossier.id == high.c.dossier_id)
        .where(or_(high.c.person_id.in_(person_ids), high.c.organisation_id.in_(organisation_ids)))
        .order_by(Dossier.name_key)
    )
    for person_id, organisation_id, stance, dossier, title in rows:
        key = ("person", person_id) if person_id else ("organisation", organisation_id)
        stances.setdefault(key, []).append(DossierStance(dossier, title, stance))
    result = []
    for person, organisation, last in found:
        record = person or organisation
        kind = "person" if person is not None else "organisation"
        result.append(
            NotContacted(
                kind=kind,
                id=record.id,
                name=stakeholder_name(record),
                detail=stakeholder_detail(record),
                owner_name=record.owner.name if record.owner else None,
                last_contact=last,
                dossiers=stances.get((kind, record.id), []),
            )
        )
    return result
