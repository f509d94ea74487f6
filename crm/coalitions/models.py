"""Coalitions, their members, and dossiers."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.audit.models import Audited
from crm.common.choices import LabelledEnum, choices
from crm.common.models import ArchivableMixin, NameKeyed, TimestampMixin, VersionedMixin, dossier_links
from crm.extensions import db

if TYPE_CHECKING:
    from crm.partners.models import Organisation


class MemberRole(LabelledEnum):
    INITIATOR = "initiator", _l("Initiator")
    CARRIER = "carrier", _l("Carrier")
    PARTNER = "partner", _l("Partner")
    OBSERVER = "observer", _l("Observer")


MEMBER_ROLE_LABELS = MemberRole.labels()


class DossierStatus(LabelledEnum):
    ACTIVE = "active", _l("Active")
    MONITORING = "monitoring", _l("Monitoring")
    CLOSED = "closed", _l("Closed")


DOSSIER_STATUS_LABELS = DossierStatus.labels()

coalition_dossiers = dossier_links("coalition_dossiers", "coalition_id", "coalitions.id")


class Coalition(NameKeyed, Audited, TimestampMixin, VersionedMixin, ArchivableMixin, db.Model):
    __tablename__ = "coalitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)

    members: Mapped[list[CoalitionMember]] = relationship(back_populates="coalition")
    dossiers: Mapped[list[Dossier]] = relationship(
        secondary=coalition_dossiers, back_populates="coalitions", order_by="Dossier.name_key"
    )

    def __str__(self) -> str:
        return self.name


class CoalitionMember(Audited, TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "coalition_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    coalition_id: Mapped[int] = mapped_column(ForeignKey("coalitions.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    role: Mapped[str] = mapped_column(String(20), default=MemberRole.PARTNER.value, info=choices(MemberRole))
    joined_on: Mapped[date | None] = mapped_column(Date)

    coalition: Mapped[Coalition] = relationship(back_populates="members")
    # One way: an organisation's memberships are read through the coalitions' queries, so partners knows no coalition.
    organisation: Mapped[Organisation] = relationship("Organisation")

    __table_args__ = (UniqueConstraint("coalition_id", "organisation_id", name="uq_coalition_members_pair"),)

    def __str__(self) -> str:
        name = self.organisation.name if self.organisation else self.organisation_id
        return f"{name} ({self.role_label})"

    @property
    def audit_label(self) -> str:
        return self.organisation.name if self.organisation else str(self.organisation_id)

    def audit_parent(self) -> tuple[str, int] | None:
        return ("coalition", self.coalition_id)

    role_label = MemberRole.label_property("role")


class Dossier(NameKeyed, Audited, TimestampMixin, VersionedMixin, ArchivableMixin, db.Model):
    __tablename__ = "dossiers"
    __name_attribute__ = "title"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default=DossierStatus.ACTIVE.value, info=choices(DossierStatus))

    coalitions: Mapped[list[Coalition]] = relationship(
        secondary=coalition_dossiers, back_populates="dossiers", order_by=Coalition.name_key
    )

    def __str__(self) -> str:
        return self.title

    status_label = DossierStatus.label_property("status")
