"""Stakeholder positions: what a person or organisation thinks of a dossier, as we observed it on a day.

Every observation is a row of its own and later observations never change earlier ones: the current position of a
stakeholder on a dossier is its newest row (latest `observed_on`, then latest id), the history is all its rows in
order. A row entered by mistake can be corrected (optimistic locking) or removed by its author or a manager; the
audit trail keeps both.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.audit.models import Audited
from crm.common.choices import LabelledEnum, choices
from crm.common.models import TimestampMixin, VersionedMixin
from crm.extensions import db

if TYPE_CHECKING:
    from crm.auth.models import User
    from crm.coalitions.models import Dossier
    from crm.partners.models import Organisation, Person


class Stance(LabelledEnum):
    SUPPORTIVE = "supportive", _l("Supportive")
    NEUTRAL = "neutral", _l("Neutral")
    CRITICAL = "critical", _l("Critical")
    OPPOSED = "opposed", _l("Opposed")
    UNKNOWN = "unknown", _l("Unknown")


class Level(LabelledEnum):
    HIGH = "high", _l("High")
    MEDIUM = "medium", _l("Medium")
    LOW = "low", _l("Low")


STANCE_LABELS = Stance.labels()
LEVEL_LABELS = Level.labels()

# The audit trail names the stakeholder map of a dossier as the parent of its rows: only pages behind
# `positions.read` read it (never the dossier's or the person's own history, which viewers may read).
AUDIT_PARENT = "stakeholdermap"

RATIONALE_MAX = 1000
SOURCE_MAX = 200


def _one_of(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(str(v)) for v in values)})"


class StakeholderPosition(Audited, TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "stakeholder_positions"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    stance: Mapped[str] = mapped_column(String(20), info=choices(Stance))
    influence: Mapped[str] = mapped_column(String(10), info=choices(Level))
    interest: Mapped[str] = mapped_column(String(10), info=choices(Level))
    rationale: Mapped[str | None] = mapped_column(String(RATIONALE_MAX))
    source: Mapped[str | None] = mapped_column(String(SOURCE_MAX))
    observed_on: Mapped[date] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)

    dossier: Mapped[Dossier] = relationship("Dossier")
    person: Mapped[Person | None] = relationship("Person")
    organisation: Mapped[Organisation | None] = relationship("Organisation")
    created_by: Mapped[User | None] = relationship("User")

    __table_args__ = (
        CheckConstraint("(person_id IS NULL) <> (organisation_id IS NULL)", name="one_stakeholder"),
        CheckConstraint(_one_of("stance", Stance), name="stance_known"),
        CheckConstraint(_one_of("influence", Level), name="influence_known"),
        CheckConstraint(_one_of("interest", Level), name="interest_known"),
        # The map of a dossier: its rows, newest first per stakeholder (the current one is the first).
        Index("ix_stakeholder_positions_dossier", "dossier_id", "observed_on", "id"),
        # A person's or organisation's stances across dossiers (their own pages).
        Index("ix_stakeholder_positions_person", "person_id", "dossier_id", "observed_on"),
        Index("ix_stakeholder_positions_organisation", "organisation_id", "dossier_id", "observed_on"),
    )

    def __str__(self) -> str:
        who = self.person or self.organisation
        return f"{who} · {self.dossier} · {self.observed_on.isoformat() if self.observed_on else ''}"

    def audit_parent(self) -> tuple[str, int] | None:
        return (AUDIT_PARENT, self.dossier_id)

    @property
    def stakeholder(self) -> Person | Organisation | None:
        return self.person or self.organisation

    stance_label = Stance.label_property("stance")
    influence_label = Level.label_property("influence")
    interest_label = Level.label_property("interest")


stance_label = Stance.label_of
level_label = Level.label_of


# Audit events only readers of positions may see (the home page's "recent changes" leaves them out for others).
POSITION_AUDIT_TYPES = (StakeholderPosition.audit_type(),)
