"""Watch rules of a dossier, what they matched, and the matches a user dismissed.

A match is derived data: the matching service rewrites it from the rules and the Kamer's rows, so it is not audited
(a sync would flood the trail). Rules and dismissals are what users do: both are audited. A dismissal is keyed by
the dossier and the item, not by a match, so it stays whatever the next sync or a changed rule does.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.audit.models import Audited
from crm.common.choices import LabelledEnum, choices
from crm.common.models import TimestampMixin
from crm.common.time import utcnow
from crm.extensions import db

if TYPE_CHECKING:
    from crm.auth.models import User
    from crm.coalitions.models import Dossier

GUID = 36


class RuleKind(LabelledEnum):
    KAMERSTUK = "kamerstuk", _l("Kamerstuk number")  # a Kamerstukdossier: value "36600-VIII"
    COMMITTEE = "committee", _l("Committee")  # a committee: value the Kamer's Commissie id
    KEYWORD = "keyword", _l("Keyword")  # a word or phrase: value folded (no accents, lower case), matched literally


RULE_KIND_LABELS = RuleKind.labels()


class ItemKind(StrEnum):
    CASE = "case"  # a Zaak: motion, amendment, letter, written questions, bill
    ACTIVITY = "activity"  # a debate, briefing, hearing, vote
    COMMITMENT = "commitment"  # a Toezegging


class WatchRule(Audited, TimestampMixin, db.Model):
    __tablename__ = "watch_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20), info=choices(RuleKind))
    value: Mapped[str] = mapped_column(String(200))  # what is matched (normalised)
    label: Mapped[str] = mapped_column(String(300))  # what the user sees ("36 600 VIII", a committee's name)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    dossier: Mapped[Dossier] = relationship("Dossier")
    created_by: Mapped[User | None] = relationship("User")

    __table_args__ = (UniqueConstraint("dossier_id", "kind", "value", name="uq_watch_rules_dossier_kind_value"),)

    def __str__(self) -> str:
        return f"{self.kind_label}: {self.label}"

    kind_label = RuleKind.label_property("kind")

    def audit_parent(self) -> tuple[str, int] | None:
        return ("dossier", self.dossier_id)


class WatchMatch(db.Model):
    """An item one rule found. `announced_at` stays empty until the new match has been announced to the dossier's
    followers (`crm.watch.matching.announce_new_matches`)."""

    __tablename__ = "watch_matches"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"))
    rule_id: Mapped[int] = mapped_column(ForeignKey("watch_rules.id", ondelete="CASCADE"))
    item_kind: Mapped[str] = mapped_column(String(20))
    item_id: Mapped[str] = mapped_column(String(GUID))
    item_at: Mapped[datetime | None]  # the item's own moment (start, date, made on): the timeline orders by it
    # A zaak's group as the dossier page shows it (motion, amendment, letter, question, other; empty for other kinds),
    # so the page walks one group's newest matches by index however many matches the dossier has.
    item_group: Mapped[str | None] = mapped_column(String(20))
    matched_at: Mapped[datetime] = mapped_column(default=utcnow)
    announced_at: Mapped[datetime | None] = mapped_column(default=None)

    __table_args__ = (
        UniqueConstraint("rule_id", "item_kind", "item_id", name="uq_watch_matches_rule_item"),
        Index("ix_watch_matches_dossier_kind_at", "dossier_id", "item_kind", "item_at"),
        Index("ix_watch_matches_dossier_group_at", "dossier_id", "item_kind", "item_group", "item_at"),
        Index("ix_watch_matches_item", "item_kind", "item_id"),
        Index("ix_watch_matches_unannounced", "announced_at"),
    )


class WatchDismissal(Audited, db.Model):
    """A match a user said is not about the dossier: hidden from the dossier whichever rule finds it again."""

    __tablename__ = "watch_dismissals"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"))
    item_kind: Mapped[str] = mapped_column(String(20))
    item_id: Mapped[str] = mapped_column(String(GUID))
    label: Mapped[str] = mapped_column(String(300), default="")  # what the item was called, for the history
    dismissed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    dismissed_by: Mapped[User | None] = relationship("User")

    __table_args__ = (UniqueConstraint("dossier_id", "item_kind", "item_id", name="uq_watch_dismissals_dossier_item"),)

    def __str__(self) -> str:
        return self.label or self.item_id

    def audit_parent(self) -> tuple[str, int] | None:
        return ("dossier", self.dossier_id)


class WatchMark(db.Model):
    """How far the incremental matching has read each Kamer table: the newest `published_at` it has matched. Rows
    published at or after the mark are matched again on the next run (matching is idempotent)."""

    __tablename__ = "watch_marks"

    table: Mapped[str] = mapped_column(String(40), primary_key=True)
    mark: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
