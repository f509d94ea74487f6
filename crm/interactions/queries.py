"""Reads for the contact log: look-ups by id, lists with filters, timelines, "who spoke to whom", my follow-ups."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial

from flask import current_app
from sqlalchemy import Select, and_, case, func, literal, or_, select
from sqlalchemy.orm import aliased, contains_eager, joinedload, selectinload

from crm.auth.models import User
from crm.coalitions.models import Coalition, Dossier
from crm.common.queries import records_by_ids
from crm.common.text import escape_like, fold
from crm.common.time import local_day_start_utc, utcnow
from crm.extensions import db
from crm.inbox.models import EmailAttachment
from crm.interactions.models import (
    Interaction,
    interaction_dossiers,
    interaction_organisations,
    interaction_people,
    interaction_users,
)
from crm.meetings.models import Meeting
from crm.partners.models import Affiliation, Organisation, Person
from crm.partners.queries import current_affiliation_clause

# The records that a form or a filter names, by id: one statement each, whatever the number of ids.
people_by_ids = partial(records_by_ids, Person)
organisations_by_ids = partial(records_by_ids, Organisation)
users_by_ids = partial(records_by_ids, User)
dossiers_by_ids = partial(records_by_ids, Dossier)
coalitions_by_ids = partial(records_by_ids, Coalition)


def current_positions(person_id: int) -> list[Affiliation]:
    query = (
        select(Affiliation)
        .options(joinedload(Affiliation.organisation))
        .where(Affiliation.person_id == person_id, current_affiliation_clause())
    )
    return list(db.session.scalars(query))


def same_contact_logged(
    author_id: int, kind: str, subject: str, occurred_at: datetime, window: timedelta
) -> list[Interaction]:
    """Contacts this author logged of this kind, with this subject (case and spacing aside), within `window` of
    `occurred_at`, with their people and organisations: what a quick log sent again would repeat."""
    query = (
        select(Interaction)
        .options(selectinload(Interaction.people), selectinload(Interaction.organisations))
        .where(
            Interaction.occurred_at.between(occurred_at - window, occurred_at + window),
            Interaction.created_by_id == author_id,
            Interaction.kind == kind,
        )
        .order_by(Interaction.id.desc())
        .limit(50)
    )
    return [i for i in db.session.scalars(query) if _plain(i.subject) == _plain(subject)]


def _plain(text: str) -> str:
    return " ".join(text.split()).casefold()


# --- the contact log ---------------------------------------------------------------------------------------------


@dataclass
class ContactLogFilters:
    q: str = ""
    kind: str = ""
    date_from: date | None = None
    date_until: date | None = None
    user_id: int | None = None
    person_id: int | None = None
    organisation_id: int | None = None
    dossier_id: int | None = None
    coalition_id: int | None = None
    open_follow_up: bool = False
    # Whether the reader may read notes marked sensitive: if not, words are not matched in them (set by the view,
    # never from the URL), so a search cannot reveal what they say.
    sensitive_notes: bool = False

    def as_args(self) -> dict:
        """The filters as query arguments (for export links and paging)."""
        args = {
            "q": self.q,
            "kind": self.kind,
            "from": self.date_from,
            "until": self.date_until,
            "user": self.user_id,
            "person": self.person_id,
            "organisation": self.organisation_id,
            "dossier": self.dossier_id,
            "coalition": self.coalition_id,
            "open": "1" if self.open_follow_up else None,
        }
        return {key: value for key, value in args.items() if value}

    @property
    def active(self) -> bool:
        return bool(self.as_args())


def list_options() -> tuple:
    return (
        selectinload(Interaction.people),
        selectinload(Interaction.organisations),
        selectinload(Interaction.users),
        joinedload(Interaction.created_by),
        joinedload(Interaction.follow_up_owner),
    )


def _linked(link_table, column_name: str, record_id: int):
    return Interaction.id.in_(select(link_table.c.interaction_id).where(link_table.c[column_name] == record_id))


def contact_log_query(filters: ContactLogFilters) -> Select:
    zone = current_app.config["BABEL_DEFAULT_TIMEZONE"]
    conditions = []
    for word in fold(filters.q).split()[:8]:
        pattern = f"%{escape_like(word)}%"
        in_notes = func.lower(Interaction.notes).like(pattern, escape="\\")
        if not filters.sensitive_notes:
            in_notes = and_(Interaction.sensitive.is_(False), in_notes)
        conditions.append(or_(func.lower(Interaction.subject).like(pattern, escape="\\"), in_notes))
    if filters.kind:
        conditions.append(Interaction.kind == filters.kind)
    if filters.date_from:
        conditions.append(Interaction.occurred_at >= local_day_start_utc(filters.date_from, zone))
    if filters.date_until:
        conditions.append(Interaction.occurred_at < local_day_start_utc(filters.date_until + timedelta(days=1), zone))
    if filters.user_id:
        conditions.append(
            or_(_linked(interaction_users, "user_id", filters.user_id), Interaction.created_by_id == filters.user_id)
        )
    if filters.person_id:
        conditions.append(_linked(interaction_people, "person_id", filters.person_id))
    if filters.organisation_id:
        conditions.append(_linked(interaction_organisations, "organisation_id", filters.organisation_id))
    if filters.dossier_id:
        conditions.append(_linked(interaction_dossiers, "dossier_id", filters.dossier_id))
    if filters.coalition_id:
        conditions.append(Interaction.coalition_id == filters.coalition_id)
    if filters.open_follow_up:
        conditions.append(and_(Interaction.follow_up.is_not(None), Interaction.follow_up_done_at.is_(None)))
    return (
        select(Interaction)
        .options(*list_options())
        .where(*conditions)
        .order_by(Interaction.occurred_at.desc(), Interaction.id.desc())
    )


def get_interaction_for_page(interaction_id: int) -> Interaction | None:
    return db.session.get(
        Interaction,
        interaction_id,
        options=[*list_options(), selectinload(Interaction.dossiers), joinedload(Interaction.coalition)],
    )


def place_column():
    """Where a contact took place, for a query that outer-joins `Meeting` on `Meeting.interaction_id`: a contact
    that stands for a held meeting took place where the meeting did (or online); others where the log says."""
    online = case((func.coalesce(Meeting.online_url, "") != "", literal("Online")), else_=None)
    return func.coalesce(func.nullif(Meeting.location, ""), online, Interaction.location)


def places_of(interaction_ids: list[int]) -> dict[int, str]:
    """contact id → its place (where known), in one statement."""
    if not interaction_ids:
        return {}
    query = (
        select(Interaction.id, place_column())
        .outerjoin(Meeting, Meeting.interaction_id == Interaction.id)
        .where(Interaction.id.in_(interaction_ids))
    )
    return {row[0]: row[1] for row in db.session.execute(query) if row[1]}


def export_rows(filters: ContactLogFilters, batch: int = 1000) -> Iterator[tuple[Interaction, str | None]]:
    """Every contact the filters select with its place, in batches, with what the export shows loaded per batch."""
    query = contact_log_query(filters).options(selectinload(Interaction.dossiers), joinedload(Interaction.coalition))
    offset = 0
    while True:
        rows = list(db.session.scalars(query.limit(batch).offset(offset)).unique())
        places = places_of([row.id for row in rows])
        yield from ((row, places.get(row.id)) for row in rows)
        if len(rows) < batch:
            return
        offset += batch


# --- who spoke to whom -------------------------------------------------------------------------------------------

SCOPES = {
    "person": (interaction_people, "person_id"),
    "organisation": (interaction_organisations, "organisation_id"),
    "dossier": (interaction_dossiers, "dossier_id"),
}


def timeline_rows(scope: str, record_id: int, kind: str = "") -> Select:
    """(id, occurred_at) of a record's contacts, read from an index on (record, occurred_at): newest-first pages
    and counts of a record cost the same whether the log holds a thousand contacts or a hundred thousand."""
    if scope == "coalition":
        query = select(Interaction.id.label("id"), Interaction.occurred_at.label("occurred_at")).where(
            Interaction.coalition_id == record_id
        )
        return query.where(Interaction.kind == kind) if kind else query
    link_table, column = SCOPES[scope]
    query = select(link_table.c.interaction_id.label("id"), link_table.c.occurred_at.label("occurred_at")).where(
        link_table.c[column] == record_id
    )
    if kind:
        query = query.where(link_table.c.interaction_id.in_(select(Interaction.id).where(Interaction.kind == kind)))
    return query


def last_contact_at(scope: str, id_column):
    """The time of the newest contact with the person or organisation whose id is in `id_column`, as a correlated
    scalar subquery: a list of records gets each one's last contact from an index look-up in the same statement,
    whatever the size of the log (the stakeholder map, "not contacted lately")."""
    link_table, column = SCOPES[scope]
    return select(func.max(link_table.c.occurred_at)).where(link_table.c[column] == id_column).scalar_subquery()


@dataclass
class ContactSummary:
    last: Interaction | None
    recent_count: int
    days: int


def contact_summary(scope: str, record_id: int, days: int = 90) -> ContactSummary:
    """The last contact by anyone of us and the number of contacts in the last `days` days, in one statement."""
    rows = timeline_rows(scope, record_id).subquery()
    newest = select(rows.c.id).order_by(rows.c.occurred_at.desc(), rows.c.id.desc()).limit(1).scalar_subquery()
    since = utcnow() - timedelta(days=days)
    recent = select(func.count()).select_from(rows).where(rows.c.occurred_at >= since).scalar_subquery()
    query = with_people_and_users(select(Interaction, recent.label("recent")).where(Interaction.id == newest))
    row = db.session.execute(query).unique().first()
    if row is None:  # never in contact, so none in the last days either
        return ContactSummary(last=None, recent_count=0, days=days)
    return ContactSummary(last=row[0], recent_count=row.recent or 0, days=days)


def recent_contacts_by_others(
    person_ids: list[int], organisation_ids: list[int], user_id: int, days: int = 14, limit: int = 5
) -> list[Interaction]:
    """Contacts with these people or organisations that colleagues logged lately: avoid asking twice."""
    if not person_ids and not organisation_ids:
        return []
    involved = []
    if person_ids:
        involved.append(
            Interaction.id.in_(
                select(interaction_people.c.interaction_id).where(interaction_people.c.person_id.in_(person_ids))
            )
        )
    if organisation_ids:
        involved.append(
            Interaction.id.in_(
                select(interaction_organisations.c.interaction_id).where(
                    interaction_organisations.c.organisation_id.in_(organisation_ids)
                )
            )
        )
    mine = Interaction.id.in_(select(interaction_users.c.interaction_id).where(interaction_users.c.user_id == user_id))
    query = (
        select(Interaction)
        .options(*list_options())
        .where(
            or_(*involved),
            Interaction.occurred_at >= utcnow() - timedelta(days=days),
            or_(Interaction.created_by_id.is_(None), Interaction.created_by_id != user_id),
            ~mine,
        )
        .order_by(Interaction.occurred_at.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query).unique())


# --- follow-ups ("my actions") -----------------------------------------------------------------------------------


def _open_follow_ups(user_id: int):
    return and_(
        Interaction.follow_up_owner_id == user_id,
        Interaction.follow_up.is_not(None),
        Interaction.follow_up_done_at.is_(None),
    )


def open_follow_ups_for(user_id: int, limit: int = 200) -> list[Interaction]:
    query = (
        select(Interaction)
        .options(selectinload(Interaction.people), selectinload(Interaction.organisations))
        .where(_open_follow_ups(user_id))
        .order_by(Interaction.follow_up_due.is_(None), Interaction.follow_up_due, Interaction.occurred_at)
        .limit(limit)
    )
    return list(db.session.scalars(query).unique())


def open_follow_ups_count_query(user_id: int):
    """A scalar subquery, so a page can count several kinds of open actions in one statement."""
    return select(func.count()).select_from(Interaction).where(_open_follow_ups(user_id)).scalar_subquery()


# --- timelines ---------------------------------------------------------------------------------------------------


def with_people_and_users(query: Select) -> Select:
    """Load who of us and which people took part in the same statement, through flat outer joins.

    (joinedload on these many-to-many relationships nests the joins, and SQLite then joins the whole link table
    to its target for every query: 600 ms at 100,000 contacts. Flat joins use the links' primary keys.)
    """
    colleague, author = aliased(User), aliased(User)
    return (
        query.outerjoin(interaction_users, interaction_users.c.interaction_id == Interaction.id)
        .outerjoin(colleague, colleague.id == interaction_users.c.user_id)
        .outerjoin(interaction_people, interaction_people.c.interaction_id == Interaction.id)
        .outerjoin(Person, Person.id == interaction_people.c.person_id)
        .outerjoin(author, author.id == Interaction.created_by_id)
        .options(
            contains_eager(Interaction.users.of_type(colleague)),
            contains_eager(Interaction.people.of_type(Person)),
            contains_eager(Interaction.created_by.of_type(author)),
        )
        .order_by(Person.name_key, colleague.name)
    )


def interactions_by_ids(ids: list[int]) -> dict[int, Interaction]:
    """The contacts of a timeline page, with who took part."""
    if not ids:
        return {}
    # The attachments of a contact logged from e-mail come in the same statement (most contacts have none, so the
    # flat join adds few rows); ordered last, so each contact lists them in the order they were stored.
    query = with_people_and_users(select(Interaction).where(Interaction.id.in_(ids)))
    query = (
        query.outerjoin(EmailAttachment, EmailAttachment.interaction_id == Interaction.id)
        .options(contains_eager(Interaction.attachments))
        .order_by(EmailAttachment.id)
    )
    return {interaction.id: interaction for interaction in db.session.scalars(query).unique()}
