"""The mirror of the Tweede Kamer's entity sets: one table per set, keyed by the Kamer's `Id` (a GUID).

The Kamer owns every row here; nobody edits them. Columns are the API's fields we use, in English, with the
Kamer's own values (Dutch). Each row keeps the source's change times and its `Verwijderd` flag: a removed row stays
as a tombstone (`removed`) and leaves every view. Many-to-many links, which the API only gives through `$expand`,
are link tables replaced with their row. `needs_projection` marks rows the registry projection has not seen yet
(crm/parliament/registry.py), so a sync that stopped between the mirror and the projection catches up later.
Dates the API sends as local midnight are `Date` columns holding the Amsterdam day; instants are naive UTC.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Column, Date, ForeignKey, Index, String, Table, Text, false, true
from sqlalchemy.orm import Mapped, mapped_column

from crm.extensions import db

GUID = 36


def _link_table(name: str, own: str, owner_table: str, other: str) -> Table:
    """A many-to-many the API only gives by `$expand`: the owner's id (its rows go with it) and the other side's
    Kamer id (no foreign key: that row may arrive later, or never)."""
    return Table(
        name,
        db.metadata,
        Column(own, String(GUID), ForeignKey(f"{owner_table}.id", ondelete="CASCADE"), primary_key=True),
        Column(other, String(GUID), primary_key=True, index=True),
    )


class KamerRow:
    """Columns every mirrored entity has."""

    id: Mapped[str] = mapped_column(String(GUID), primary_key=True)
    changed_at: Mapped[datetime | None]  # GewijzigdOp: when the Kamer changed it (UTC)
    published_at: Mapped[datetime | None]  # ApiGewijzigdOp: when the warehouse published it (UTC)
    removed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())  # Verwijderd


class ProjectedRow(KamerRow):
    """A row the registry projection reads: new, changed and removed rows wait for it."""

    needs_projection: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true(), index=True)


class SeatMemberRow(ProjectedRow):
    """Who held a fraction's or a committee's seat (FractieZetelPersoon, CommissieZetel…Persoon), in what function,
    from when until when (inclusive)."""

    seat_id: Mapped[str | None] = mapped_column(String(GUID), index=True)
    person_id: Mapped[str | None] = mapped_column(String(GUID), index=True)
    function: Mapped[str | None] = mapped_column(String(80))
    from_date: Mapped[date | None] = mapped_column(Date)
    until_date: Mapped[date | None] = mapped_column(Date)


class KamerPerson(ProjectedRow, db.Model):
    __tablename__ = "tk_persons"

    number: Mapped[int | None]
    titles: Mapped[str | None] = mapped_column(String(100))
    initials: Mapped[str | None] = mapped_column(String(40))
    prefix: Mapped[str | None] = mapped_column(String(40))
    last_name: Mapped[str | None] = mapped_column(String(120))
    given_names: Mapped[str | None] = mapped_column(String(200))
    first_name: Mapped[str | None] = mapped_column(String(80))  # Roepnaam
    gender: Mapped[str | None] = mapped_column(String(20))
    function: Mapped[str | None] = mapped_column(String(80))
    born_on: Mapped[date | None] = mapped_column(Date)
    residence: Mapped[str | None] = mapped_column(String(120))
    # When the registry projection could not be sure which registry person this is: the candidates' ids, for the
    # review list ("Kamerleden koppelen"). Empty when linked, created, or nothing similar exists.
    review_candidates: Mapped[str | None] = mapped_column(String(300))


class KamerFraction(ProjectedRow, db.Model):
    __tablename__ = "tk_fractions"

    number: Mapped[int | None]
    abbreviation: Mapped[str | None] = mapped_column(String(60))
    name: Mapped[str | None] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    seats: Mapped[int | None]
    votes: Mapped[int | None]
    active_from: Mapped[date | None] = mapped_column(Date)
    active_until: Mapped[date | None] = mapped_column(Date)


class KamerFractionSeat(ProjectedRow, db.Model):
    __tablename__ = "tk_fraction_seats"

    fraction_id: Mapped[str | None] = mapped_column(String(GUID), index=True)
    weight: Mapped[int | None]


class KamerFractionMember(SeatMemberRow, db.Model):
    """FractieZetelPersoon: who held a fraction seat, from when until when (inclusive)."""

    __tablename__ = "tk_fraction_members"


class KamerCommittee(ProjectedRow, db.Model):
    __tablename__ = "tk_committees"

    number: Mapped[int | None]
    kind: Mapped[str | None] = mapped_column(String(80))  # Soort
    abbreviation: Mapped[str | None] = mapped_column(String(60))
    name: Mapped[str | None] = mapped_column(String(300))
    name_en: Mapped[str | None] = mapped_column(String(300))
    web_name: Mapped[str | None] = mapped_column(String(300))
    active_from: Mapped[date | None] = mapped_column(Date)
    active_until: Mapped[date | None] = mapped_column(Date)


class KamerCommitteeSeat(ProjectedRow, db.Model):
    __tablename__ = "tk_committee_seats"

    committee_id: Mapped[str | None] = mapped_column(String(GUID), index=True)
    weight: Mapped[int | None]


class KamerCommitteeMember(SeatMemberRow, db.Model):
    """CommissieZetelVastPersoon (a member, chair, …) and CommissieZetelVervangerPersoon (a substitute) alike."""

    __tablename__ = "tk_committee_members"

    substitute: Mapped[bool] = mapped_column(Boolean, default=False)


class KamerActivity(KamerRow, db.Model):
    __tablename__ = "tk_activities"

    kind: Mapped[str] = mapped_column(String(20), default="other")  # our grouping of `soort` (records.py)
    soort: Mapped[str | None] = mapped_column(String(120))
    number: Mapped[str | None] = mapped_column(String(30))
    subject: Mapped[str | None] = mapped_column(Text)
    date_kind: Mapped[str | None] = mapped_column(String(40))
    day: Mapped[datetime | None]  # Datum
    starts_at: Mapped[datetime | None]
    ends_at: Mapped[datetime | None]
    sort_at: Mapped[datetime | None]  # the start, else the day: what the agenda orders and filters by
    location: Mapped[str | None] = mapped_column(String(300))
    closed: Mapped[bool | None]  # Besloten
    status: Mapped[str | None] = mapped_column(String(40))
    session_year: Mapped[str | None] = mapped_column(String(12))
    note: Mapped[str | None] = mapped_column(Text)
    lead_name: Mapped[str | None] = mapped_column(String(300))
    lead_abbreviation: Mapped[str | None] = mapped_column(String(60))
    committee_id: Mapped[str | None] = mapped_column(String(GUID))  # Voortouwcommissie_Id

    __table_args__ = (
        Index("ix_tk_activities_removed_sort_at", "removed", "sort_at"),
        # One committee's agenda: equality on two columns beats the (removed, sort_at) index in SQLite's planner
        # (which has no statistics), so a committee's weeks are read without walking every committee's.
        Index("ix_tk_activities_committee_sort_at", "committee_id", "removed", "sort_at"),
    )


agenda_item_cases = _link_table("tk_agenda_item_cases", "agenda_item_id", "tk_agenda_items", "case_id")
agenda_item_documents = _link_table("tk_agenda_item_documents", "agenda_item_id", "tk_agenda_items", "document_id")


class KamerAgendaItem(KamerRow, db.Model):
    __tablename__ = "tk_agenda_items"

    activity_id: Mapped[str | None] = mapped_column(String(GUID), index=True)
    number: Mapped[str | None] = mapped_column(String(30))
    subject: Mapped[str | None] = mapped_column(Text)
    starts_at: Mapped[datetime | None]
    ends_at: Mapped[datetime | None]
    position: Mapped[int | None]  # Volgorde
    heading: Mapped[str | None] = mapped_column(String(300))  # Rubriek
    note: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str | None] = mapped_column(String(40))


case_dossiers = _link_table("tk_case_dossiers", "case_id", "tk_cases", "dossier_id")


class KamerCase(KamerRow, db.Model):
    """A Zaak: a motion, amendment, bill, letter, written questions."""

    __tablename__ = "tk_cases"

    number: Mapped[str | None] = mapped_column(String(30), index=True)
    soort: Mapped[str | None] = mapped_column(String(120))
    title: Mapped[str | None] = mapped_column(Text)
    citation_title: Mapped[str | None] = mapped_column(Text)
    alias: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str | None] = mapped_column(String(60))
    subject: Mapped[str | None] = mapped_column(Text)
    started_on: Mapped[date | None] = mapped_column(Date)
    organisation: Mapped[str | None] = mapped_column(String(200))
    session_year: Mapped[str | None] = mapped_column(String(12))
    serial: Mapped[int | None]  # Volgnummer
    treatment_status: Mapped[str | None] = mapped_column(String(120))
    done: Mapped[bool | None]  # Afgedaan
    large_project: Mapped[bool | None]
    cabinet_appraisal: Mapped[str | None] = mapped_column(Text)


class KamerDossier(KamerRow, db.Model):
    """A Kamerstukdossier: number (+ addition) is the key people quote ("36 200 VIII")."""

    __tablename__ = "tk_kamerstukdossiers"

    title: Mapped[str | None] = mapped_column(Text)
    citation_title: Mapped[str | None] = mapped_column(Text)
    alias: Mapped[str | None] = mapped_column(Text)
    number: Mapped[int | None] = mapped_column(index=True)
    addition: Mapped[str | None] = mapped_column(String(30))  # Toevoeging
    highest_serial: Mapped[int | None]
    closed: Mapped[bool | None]  # Afgesloten
    chamber: Mapped[str | None] = mapped_column(String(40))


document_dossiers = _link_table("tk_document_dossiers", "document_id", "tk_documents", "dossier_id")


class KamerDocument(KamerRow, db.Model):
    """A document's metadata; the file stays at the Kamer (we link to it)."""

    __tablename__ = "tk_documents"

    soort: Mapped[str | None] = mapped_column(String(120))
    number: Mapped[str | None] = mapped_column(String(30))  # DocumentNummer, e.g. 2022D37914
    title: Mapped[str | None] = mapped_column(Text)
    subject: Mapped[str | None] = mapped_column(Text)
    day: Mapped[date | None] = mapped_column(Date)
    session_year: Mapped[str | None] = mapped_column(String(12))
    serial: Mapped[int | None]  # Volgnummer: the Kamerstuk within its dossier
    citation_title: Mapped[str | None] = mapped_column(Text)
    registered_on: Mapped[date | None] = mapped_column(Date)
    organisation: Mapped[str | None] = mapped_column(String(200))
    content_type: Mapped[str | None] = mapped_column(String(100))
    content_length: Mapped[int | None]


decision_cases = _link_table("tk_decision_cases", "decision_id", "tk_decisions", "case_id")


class KamerDecision(KamerRow, db.Model):
    """A Besluit on an agenda item (often a vote)."""

    __tablename__ = "tk_decisions"

    agenda_item_id: Mapped[str | None] = mapped_column(String(GUID), index=True)
    vote_kind: Mapped[str | None] = mapped_column(String(80))  # StemmingsSoort
    decision_kind: Mapped[str | None] = mapped_column(String(120))  # BesluitSoort
    text: Mapped[str | None] = mapped_column(Text)
    remark: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str | None] = mapped_column(String(40))
    position: Mapped[int | None]


class KamerVote(KamerRow, db.Model):
    """A Stemming: one per fraction (hand-raising) or per member (roll call)."""

    __tablename__ = "tk_votes"

    decision_id: Mapped[str | None] = mapped_column(String(GUID), index=True)
    soort: Mapped[str | None] = mapped_column(String(40))
    fraction_size: Mapped[int | None]
    actor_name: Mapped[str | None] = mapped_column(String(200))
    actor_fraction: Mapped[str | None] = mapped_column(String(200))
    mistake: Mapped[bool | None]  # Vergissing
    person_id: Mapped[str | None] = mapped_column(String(GUID))
    fraction_id: Mapped[str | None] = mapped_column(String(GUID))


class KamerCommitment(KamerRow, db.Model):
    """A Toezegging: what a minister promised the Kamer, and by when."""

    __tablename__ = "tk_commitments"

    number: Mapped[str | None] = mapped_column(String(30))
    activity_number: Mapped[str | None] = mapped_column(String(30), index=True)
    name: Mapped[str | None] = mapped_column(String(200))
    function: Mapped[str | None] = mapped_column(String(200))
    ministry: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str | None] = mapped_column(String(40))
    due_on: Mapped[date | None] = mapped_column(Date)  # DatumNakoming
    made_on: Mapped[date | None] = mapped_column(Date)  # Aanmaakdatum
    text: Mapped[str | None] = mapped_column(Text)
