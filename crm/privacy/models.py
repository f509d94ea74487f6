"""A person's privacy record: why we hold their data, where it came from, when they were told, when to review it.

A table of its own (one row per person, keyed by the person) rather than columns on `people`:
- the privacy domain owns it, and the partner registry does not change for it;
- its audit trail is its own ("personprivacy"), shown only on the administrators' privacy page, never in the
  person's history that every reader sees;
- an existing person simply has no row yet: "not recorded". We do not invent a lawful basis after the fact
  (a migration cannot know whether someone is a public official or a partner's staff member); the administrator
  records it, and the retention review lists people whose review date has passed.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.audit.models import Audited
from crm.common.choices import LabelledEnum, choices
from crm.common.models import TimestampMixin, VersionedMixin
from crm.extensions import db

if TYPE_CHECKING:
    from crm.partners.models import Person


class LawfulBasis(LabelledEnum):
    PUBLIC_ROLE = (
        "public_role",
        _l("Public role"),
    )  # a public function: officials, Kamerleden, aldermen (AVG art. 6(1)(e)/(f))
    LEGITIMATE_INTEREST = (
        "legitimate_interest",
        _l("Legitimate interest"),
    )  # partners' staff, contacts in the field (art. 6(1)(f))
    CONSENT = "consent", _l("Consent")  # people who asked to be kept informed (art. 6(1)(a))


LAWFUL_BASIS_LABELS = LawfulBasis.labels()

SOURCE_MAX = 300
REASON_MAX = 500
PSEUDONYM = "Geanonimiseerd persoon {id}"  # data, like a name: the same in every language


def pseudonym(person_id: int) -> str:
    return PSEUDONYM.format(id=person_id)


def lawful_basis_label(value: str | None) -> str:
    if not value:
        return str(_l("Not recorded"))
    return LawfulBasis.label_of(value)


class PersonPrivacy(Audited, TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "person_privacy"
    __audit_type__ = "personprivacy"

    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), primary_key=True)
    lawful_basis: Mapped[str | None] = mapped_column(String(30), info=choices(LawfulBasis))
    data_source: Mapped[str | None] = mapped_column(String(SOURCE_MAX))
    notice_given_on: Mapped[date | None] = mapped_column(Date)
    review_on: Mapped[date | None] = mapped_column(Date, index=True)
    # Set once, by an erasure: the person is anonymised everywhere and can no longer be erased or exported.
    erased_at: Mapped[datetime | None]
    erasure_reason: Mapped[str | None] = mapped_column(String(REASON_MAX))
    retention_reason: Mapped[str | None] = mapped_column(String(REASON_MAX))

    person: Mapped[Person] = relationship("Person")

    __table_args__ = (
        CheckConstraint(
            "lawful_basis IS NULL OR lawful_basis IN ('public_role', 'legitimate_interest', 'consent')",
            name="lawful_basis_known",
        ),
    )

    @property
    def id(self) -> int:
        """The record is keyed by its person; `id` as on every other record (history pages, generic checks)."""
        return self.person_id

    def __str__(self) -> str:
        return self.person.full_name if self.person is not None else f"#{self.person_id}"

    @property
    def lawful_basis_label(self) -> str:
        return lawful_basis_label(self.lawful_basis)

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None
