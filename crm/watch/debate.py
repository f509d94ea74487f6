"""The debate preparation of one activity: its agenda and documents, the committee members present with our recorded
stance and influence, who of us last spoke to each and when, open action items with them, our joint letters and
position papers on the dossier, the motions and votes so far and the open commitments.

Reads through other domains' models and queries in a fixed number of statements. `preparation_values` turns it into
the plain values of the built-in "Debatvoorbereiding" template (templates/documents/debate_preparation/).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flask import current_app
from sqlalchemy import func, literal, select, union_all

from crm.auth.models import User
from crm.coalitions.models import Dossier
from crm.common.time import today, utc_to_local
from crm.documents.models import GeneratedDocument
from crm.extensions import db
from crm.interactions.models import interaction_people, interaction_users
from crm.letters.models import LETTER_STATUS_LABELS, JointLetter, LetterStatus, letter_dossiers
from crm.meetings.models import ActionItem, ActionStatus
from crm.parliament import queries as parliament
from crm.parliament.models import KamerActivity
from crm.stakeholders.models import StakeholderPosition, level_label, stance_label
from crm.watch.commitments import CommitmentRow, open_commitments
from crm.watch.models import ItemKind, WatchMatch
from crm.watch.queries import Matched, latest_cases
from crm.watch.votes import vote_tables

MOTIONS_SHOWN = 20


@dataclass
class MemberRow:
    member: parliament.MemberView
    stance: str | None = None  # the person's own position, else their party's
    influence: str | None = None
    stance_of: str = ""  # "person" or "party": whose position it is
    last_contact_at: datetime | None = None
    last_contact_by: str = ""
    actions: list[ActionItem] = field(default_factory=list)


@dataclass
class Preparation:
    activity: KamerActivity
    dossier: Dossier | None
    day: date | None
    items: list[parliament.AgendaItemView]
    members: list[MemberRow]
    letters: list[OurDocument]
    papers: list[OurDocument]
    motions: list[Matched]
    commitments: list[CommitmentRow]


def _zone() -> str:
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


def dossiers_of_activity(activity_id: str) -> list[Dossier]:
    """The dossiers whose rules found the activity (not dismissed), by title."""
    ids = select(WatchMatch.dossier_id).where(
        WatchMatch.item_kind == ItemKind.ACTIVITY.value, WatchMatch.item_id == activity_id
    )
    return list(db.session.scalars(select(Dossier).where(Dossier.id.in_(ids)).order_by(Dossier.name_key)))


def _positions(dossier_id: int, person_ids: list[int], party_ids: list[int]) -> dict[tuple[str, int], Any]:
    """The current position (newest observation) of each person and party on the dossier (one statement)."""
    if not person_ids and not party_ids:
        return {}
    rows = db.session.scalars(
        select(StakeholderPosition)
        .where(
            StakeholderPosition.dossier_id == dossier_id,
            StakeholderPosition.person_id.in_(person_ids) | StakeholderPosition.organisation_id.in_(party_ids),
        )
        .order_by(StakeholderPosition.observed_on, StakeholderPosition.id)
    )
    current: dict[tuple[str, int], Any] = {}
    for position in rows:  # oldest first: the newest wins
        key = ("person", position.person_id) if position.person_id else ("party", position.organisation_id)
        current[key] = position
    return current


def _last_contacts(person_ids: list[int]) -> dict[int, tuple[datetime, str]]:
    """Each person's newest contact and which of us took part (one statement: the newest per person, joined with
    the colleagues on it)."""
    if not person_ids:
        return {}
    ranked = (
        select(
            interaction_people.c.person_id,
            interaction_people.c.interaction_id,
            interaction_people.c.occurred_at,
            func.row_number()
            .over(
                partition_by=interaction_people.c.person_id,
                order_by=(interaction_people.c.occurred_at.desc(), interaction_people.c.interaction_id.desc()),
            )
            .label("n"),
        )
        .where(interaction_people.c.person_id.in_(person_ids))
        .subquery()
    )
    rows = db.session.execute(
        select(ranked.c.person_id, ranked.c.occurred_at, User.name)
        .outerjoin(interaction_users, interaction_users.c.interaction_id == ranked.c.interaction_id)
        .outerjoin(User, User.id == interaction_users.c.user_id)
        .where(ranked.c.n == 1)
        .order_by(ranked.c.person_id, User.name)
    )
    found: dict[int, tuple[datetime, list[str]]] = {}
    for person_id, occurred_at, name in rows:
        entry = found.setdefault(person_id, (occurred_at, []))
        if name:
            entry[1].append(name)
    return {person_id: (at, ", ".join(names)) for person_id, (at, names) in found.items()}


def _open_actions(person_ids: list[int]) -> dict[int, list[ActionItem]]:
    if not person_ids:
        return {}
    found: dict[int, list[ActionItem]] = {}
    rows = db.session.scalars(
        select(ActionItem)
        .where(ActionItem.owner_person_id.in_(person_ids), ActionItem.status == ActionStatus.OPEN.value)
        .order_by(ActionItem.due_date.is_(None), ActionItem.due_date, ActionItem.id)
    )
    for item in rows:
        found.setdefault(item.owner_person_id, []).append(item)
    return found


@dataclass
class OurDocument:
    kind: str  # "letter" or "paper"
    id: int
    title: str
    status: str  # a letter's status value
    on: date | datetime | None  # sent on (a letter), made on (a paper)

    @property
    def status_label(self) -> str:
        return str(LETTER_STATUS_LABELS.get(LetterStatus(self.status), self.status)) if self.status else ""


def _ours(dossier_id: int, limit: int = 20) -> tuple[list[OurDocument], list[OurDocument]]:
    """Our joint letters and position papers on the dossier, newest first (one statement: a union)."""
    on_dossier = select(letter_dossiers.c.letter_id).where(letter_dossiers.c.dossier_id == dossier_id)
    letters = (
        select(literal("letter").label("kind"), JointLetter.id, JointLetter.title, JointLetter.status,
               JointLetter.sent_on.label("on"), JointLetter.updated_at.label("at"))
        .where(JointLetter.id.in_(on_dossier))
        .order_by(JointLetter.updated_at.desc())
        .limit(limit)
    )  # fmt: skip
    papers = (
        select(literal("paper").label("kind"), GeneratedDocument.id, GeneratedDocument.title,
               literal("").label("status"), GeneratedDocument.created_at.label("on"),
               GeneratedDocument.created_at.label("at"))
        .where(GeneratedDocument.dossier_id == dossier_id, GeneratedDocument.kind == "position_paper")
        .order_by(GeneratedDocument.created_at.desc())
        .limit(limit)
    )  # fmt: skip
    both = union_all(letters.subquery().select(), papers.subquery().select()).subquery()
    rows = db.session.execute(select(both.c.kind, both.c.id, both.c.title, both.c.status, both.c.on)
                              .order_by(both.c.kind, both.c.at.desc()))  # fmt: skip
    found = [OurDocument(*row) for row in rows]
    return [d for d in found if d.kind == "letter"], [d for d in found if d.kind == "paper"]


def preparation(activity: KamerActivity, dossier: Dossier | None) -> Preparation:
    day = utc_to_local(activity.sort_at, _zone()).date() if activity.sort_at else None
    members = parliament.committee_members(activity.committee_id, day) if day else []
    person_ids = [m.person_id for m in members if m.person_id]
    party_ids = sorted({m.party_organisation_id for m in members if m.party_organisation_id})
    positions = _positions(dossier.id, person_ids, party_ids) if dossier else {}
    contacts = _last_contacts(person_ids)
    actions = _open_actions(person_ids)
    rows = []
    for member in members:
        row = MemberRow(member)
        position = positions.get(("person", member.person_id)) or positions.get(("party", member.party_organisation_id))
        if position is not None:
            row.stance, row.influence = position.stance, position.influence
            row.stance_of = "person" if position.person_id else "party"
        if member.person_id in contacts:
            row.last_contact_at, row.last_contact_by = contacts[member.person_id]
        row.actions = actions.get(member.person_id, [])
        rows.append(row)
    ours = _ours(dossier.id) if dossier else ([], [])
    motions: list[Matched] = []
    if dossier is not None:
        for group, case in latest_cases(dossier.id, MOTIONS_SHOWN, ("motion", "amendment")):
            motions.append(Matched(ItemKind.CASE.value, case, group))
        votes = vote_tables([m.item.id for m in motions])
        for matched in motions:
            matched.votes = votes.get(matched.item.id, [])
    return Preparation(
        activity=activity,
        dossier=dossier,
        day=day,
        items=parliament.agenda_items(activity),
        members=rows,
        letters=ours[0],
        papers=ours[1],
        motions=motions,
        commitments=open_commitments(dossier.id, today(), limit=30) if dossier else [],
    )


# --- the PDF's values (plain data, Dutch) --------------------------------------------------------------------------


def _d(value: date | datetime | None) -> str:
    return value.strftime("%d-%m-%Y") if value else ""


def preparation_values(prep: Preparation) -> dict[str, Any]:
    activity = prep.activity
    starts = utc_to_local(activity.sort_at, _zone()) if activity.sort_at else None
    return {
        "activity": {
            "subject": activity.subject or "",
            "kind": activity.soort or "",
            "date": _d(starts),
            "time": starts.strftime("%H:%M") if starts else "",
            "location": activity.location or "",
            "committee": activity.lead_name or "",
            "number": activity.number or "",
            "url": parliament.activity_url(activity) or "",
        },
        "dossier": {"title": prep.dossier.title if prep.dossier else ""},
        "agenda": [
            {
                "subject": view.item.subject or "",
                "documents": [
                    {"title": d.title or d.subject or "", "number": d.number or "", "kind": d.soort or ""}
                    for d in view.documents
                ],
                "zaken": [
                    {"title": c.title or c.subject or "", "number": c.number or "", "kind": c.soort or ""}
                    for c in view.cases
                ],
            }
            for view in prep.items
        ],
        "members": [
            {
                "name": row.member.name,
                "function": row.member.function,
                "substitute": row.member.substitute,
                "party": row.member.fraction or "",
                "stance": stance_label(row.stance) if row.stance else "",
                "stance_of": "fractie" if row.stance_of == "party" else "",
                "influence": level_label(row.influence) if row.influence else "",
                "last_contact": _d(row.last_contact_at),
                "last_contact_by": row.last_contact_by,
                "actions": [{"description": a.description, "due": _d(a.due_date)} for a in row.actions],
            }
            for row in prep.members
        ],
        "letters": [
            {"title": letter.title, "status": letter.status_label, "sent_on": _d(letter.on)} for letter in prep.letters
        ],
        "papers": [{"title": paper.title, "made_on": _d(paper.on)} for paper in prep.papers],
        "motions": [
            {
                "title": m.item.title or m.item.subject or "",
                "number": m.item.number or "",
                "kind": m.item.soort or "",
                "votes": [
                    {
                        "outcome": table.outcome,
                        "votes_for": table.for_seats,
                        "votes_against": table.against_seats,
                        "absent": table.absent_seats,
                        "rows": [{"actor": r.actor, "side": r.side, "seats": r.seats} for r in table.by_actor()],
                    }
                    for table in m.votes
                ],
            }
            for m in prep.motions
        ],
        "commitments": [
            {
                "text": row.commitment.text or "",
                "minister": row.commitment.name or row.commitment.function or "",
                "made_on": _d(row.commitment.made_on),
                "due_on": _d(row.commitment.due_on),
                "status": row.commitment.status or "",
                "overdue": row.overdue,
            }
            for row in prep.commitments
        ],
    }
