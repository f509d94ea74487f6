"""Organisations, people, affiliations over time, and tags."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Column, Date, ForeignKey, Index, String, Table, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from crm.audit.models import Audited
from crm.common.choices import choices
from crm.common.models import ArchivableMixin, TimestampMixin, VersionedMixin
from crm.common.text import fold, fold_for_match
from crm.common.time import today
from crm.extensions import db
from crm.partners.kinds import OrganisationKind

if TYPE_CHECKING:
    from crm.auth.models import User
    from crm.documents.models import OrganisationLogo

organisation_tags = Table(
    "organisation_tags",
    db.metadata,
    Column("organisation_id", ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True),
)

person_tags = Table(
    "person_tags",
    db.metadata,
    Column("person_id", ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Tag(db.Model):
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    key: Mapped[str] = mapped_column(String(60), unique=True)  # folded name: one tag per spelling

    def __str__(self) -> str:
        return self.name


# A record's own fields that a form shows and the services store as they are (or normalised: e-mail in lower case);
# its links (parent, party, tags, owner, province) are resolved apart. Forms, services and the privacy erasure read
# these lists, so a new field is added in one place.
ORGANISATION_FIELDS = (
    "name", "acronym", "kind", "website", "email", "phone", "address", "postal_code", "city", "description",
)  # fmt: skip
PERSON_FIELDS = ("first_name", "initials", "name_prefix", "last_name", "salutation", "email", "phone", "notes")


class KeptBySource:
    """Rows an outside source keeps (the Tweede Kamer: "tweedekamer" and its GUID); the source owns some fields of
    them and our users the rest (crm/parliament/registry.py says which). Empty for rows our users made."""

    source: Mapped[str | None] = mapped_column(String(20))
    source_id: Mapped[str | None] = mapped_column(String(64))


class Mergeable:
    """Set when this record was merged into another (crm/merging): its old address leads to the one kept."""

    @declared_attr
    def merged_into_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey(f"{cls.__tablename__}.id"))


class Organisation(Audited, TimestampMixin, VersionedMixin, ArchivableMixin, KeptBySource, Mergeable, db.Model):
    __tablename__ = "organisations"
    __audit_exclude__ = frozenset({"name_key", "search_text"})

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    acronym: Mapped[str | None] = mapped_column(String(30))
    kind: Mapped[str] = mapped_column(
        String(40), default=OrganisationKind.OTHER.value, index=True, info=choices(OrganisationKind)
    )
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    website: Mapped[str | None] = mapped_column(String(500))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(50))
    address: Mapped[str | None] = mapped_column(String(200))
    postal_code: Mapped[str | None] = mapped_column(String(20))
    city: Mapped[str | None] = mapped_column(String(100))
    description: Mapped[str | None] = mapped_column(Text)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    # The province a municipality (or any organisation) lies in: for mail merges to "the municipalities of …".
    province_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    # Derived keys, kept by the listeners below: folded name for sorting and duplicate checks, and search text.
    name_key: Mapped[str] = mapped_column(String(200), default="")
    search_text: Mapped[str] = mapped_column(String(600), default="")

    parent: Mapped[Organisation | None] = relationship(
        remote_side=[id], back_populates="children", foreign_keys=[parent_id]
    )
    children: Mapped[list[Organisation]] = relationship(
        back_populates="parent", order_by="Organisation.name_key", foreign_keys=[parent_id]
    )
    province: Mapped[Organisation | None] = relationship(remote_side=[id], foreign_keys=[province_id])
    # The logo printed on documents (kept by the documents domain); read here to show it on the organisation's page.
    logo: Mapped[OrganisationLogo | None] = relationship("OrganisationLogo", uselist=False, viewonly=True)
    owner: Mapped[User | None] = relationship("User")
    tags: Mapped[list[Tag]] = relationship(secondary=organisation_tags, order_by=Tag.key)
    affiliations: Mapped[list[Affiliation]] = relationship(back_populates="organisation")

    # Name first: lists walk it in order and filter on archived_at without reading the rows. (With archived_at
    # first, SQLite without statistics would use it for every "active and matching" search, row by row.)
    __table_args__ = (
        Index("ix_organisations_name_archived", "name_key", "archived_at"),
        UniqueConstraint("source", "source_id"),
    )

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym and self.acronym != self.name else self.name

    kind_label = OrganisationKind.label_property("kind")

    @property
    def display_address(self) -> str:
        return ", ".join(p for p in (self.address, " ".join(filter(None, (self.postal_code, self.city)))) if p)


def person_name(person) -> str:
    """The name as written, e.g. "Ilse van der Wouden": given name (or initials), prefix and surname of a person
    or of a query row with those columns."""
    return " ".join(p for p in (person.first_name or person.initials, person.name_prefix, person.last_name) if p)


class Person(Audited, TimestampMixin, VersionedMixin, ArchivableMixin, KeptBySource, Mergeable, db.Model):
    __tablename__ = "people"
    __audit_exclude__ = frozenset({"name_key", "search_text"})

    id: Mapped[int] = mapped_column(primary_key=True)
    first_name: Mapped[str | None] = mapped_column(String(80))
    initials: Mapped[str | None] = mapped_column(String(20))
    name_prefix: Mapped[str | None] = mapped_column(String(30))  # tussenvoegsel: "de", "van der"
    last_name: Mapped[str] = mapped_column(String(120))
    salutation: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    phone: Mapped[str | None] = mapped_column(String(50))
    notes: Mapped[str | None] = mapped_column(Text)
    party_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    name_key: Mapped[str] = mapped_column(String(250), default="")
    search_text: Mapped[str] = mapped_column(String(600), default="")

    party: Mapped[Organisation | None] = relationship(foreign_keys=[party_id])
    owner: Mapped[User | None] = relationship("User")
    tags: Mapped[list[Tag]] = relationship(secondary=person_tags, order_by=Tag.key)
    affiliations: Mapped[list[Affiliation]] = relationship(
        back_populates="person",
        order_by=lambda: (
            Affiliation.end_date.is_(None).desc(),
            Affiliation.end_date.desc(),
            Affiliation.start_date.desc(),
        ),
    )

    __table_args__ = (
        Index("ix_people_name_archived", "name_key", "archived_at"),
        UniqueConstraint("source", "source_id"),
    )

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return person_name(self)

    @property
    def sort_name(self) -> str:
        given = " ".join(p for p in (self.first_name or self.initials, self.name_prefix) if p)
        return f"{self.last_name}, {given}" if given else self.last_name

    @property
    def current_affiliations(self) -> list[Affiliation]:
        return [a for a in self.affiliations if a.is_current]

    @property
    def committees(self) -> list[Affiliation]:
        return [a for a in self.current_affiliations if a.organisation.kind == OrganisationKind.COMMITTEE]


class Affiliation(Audited, TimestampMixin, VersionedMixin, KeptBySource, db.Model):
    """A position a person holds at an organisation, from a date until a date (open-ended while current)."""

    __tablename__ = "affiliations"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    role: Mapped[str | None] = mapped_column(String(200))
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)

    person: Mapped[Person] = relationship(back_populates="affiliations")
    organisation: Mapped[Organisation] = relationship(back_populates="affiliations")

    __table_args__ = (
        CheckConstraint("end_date IS NULL OR start_date IS NULL OR end_date >= start_date", name="dates_ordered"),
        UniqueConstraint("source", "source_id"),
    )

    def __str__(self) -> str:
        return f"{self.role or '—'} @ {self.organisation.name if self.organisation else self.organisation_id}"

    def audit_parent(self) -> tuple[str, int] | None:
        return ("person", self.person_id)

    @property
    def is_current(self) -> bool:
        now = today()
        started = self.start_date is None or self.start_date <= now
        return started and (self.end_date is None or self.end_date >= now)


@event.listens_for(Organisation, "before_insert")
@event.listens_for(Organisation, "before_update")
def _organisation_keys(_mapper, _connection, org: Organisation) -> None:
    org.name_key = fold_for_match(org.name)[:200]
    org.search_text = fold(" ".join(p for p in (org.name, org.acronym, org.city, org.email) if p))[:600]


@event.listens_for(Person, "before_insert")
@event.listens_for(Person, "before_update")
def _person_keys(_mapper, _connection, person: Person) -> None:
    person.name_key = fold_for_match(f"{person.last_name} {person.first_name or person.initials or ''}")[:250]
    parts = (person.first_name, person.name_prefix, person.last_name, person.initials, person.email)
    person.search_text = fold(" ".join(p for p in parts if p))[:600]
