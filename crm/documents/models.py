"""Document templates and their immutable versions, generated documents, organisation logos, mail-merge jobs."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from crm.audit.models import Audited
from crm.common.labels import register_value_labels
from crm.common.models import ArchivableMixin, TimestampMixin, VersionedMixin
from crm.common.time import utcnow
from crm.extensions import db

if TYPE_CHECKING:
    from crm.auth.models import User
    from crm.coalitions.models import Dossier
    from crm.partners.models import Organisation


class TemplateKind(StrEnum):
    JOINT_LETTER = "joint_letter"
    POSITION_PAPER = "position_paper"
    MUNICIPAL_CALL = "municipal_call"
    MINUTES = "minutes"
    REPORT = "report"
    OTHER = "other"


TEMPLATE_KIND_LABELS = {
    TemplateKind.JOINT_LETTER: _l("Joint letter"),
    TemplateKind.POSITION_PAPER: _l("Position paper"),
    TemplateKind.MUNICIPAL_CALL: _l("Call to municipalities"),
    TemplateKind.MINUTES: _l("Minutes"),
    TemplateKind.REPORT: _l("Report"),
    TemplateKind.OTHER: _l("Other"),
}
register_value_labels("documenttemplate", "kind", TEMPLATE_KIND_LABELS)


class DocumentTemplate(Audited, TimestampMixin, VersionedMixin, ArchivableMixin, db.Model):
    """A shared template. The draft is what its editors work on; documents use the live (published) version."""

    __tablename__ = "document_templates"
    __audit_exclude__ = frozenset({"draft_html", "draft_css", "draft_meta"})

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(30), default=TemplateKind.OTHER.value)
    description: Mapped[str | None] = mapped_column(Text)
    copied_from: Mapped[str | None] = mapped_column(String(60))  # the built-in template it started as
    draft_html: Mapped[str] = mapped_column(Text, default="")
    draft_css: Mapped[str] = mapped_column(Text, default="")
    draft_meta: Mapped[str] = mapped_column(Text, default="")
    live_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("template_versions.id", use_alter=True, ondelete="SET NULL")
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    live_version: Mapped[TemplateVersion | None] = relationship(foreign_keys=[live_version_id], post_update=True)
    created_by: Mapped[User | None] = relationship("User")

    def __str__(self) -> str:
        return self.name

    @property
    def kind_label(self) -> str:
        return str(TEMPLATE_KIND_LABELS.get(TemplateKind(self.kind), self.kind))


class TemplateVersion(Audited, db.Model):
    """A published template, never changed afterwards: documents record which version made them."""

    __tablename__ = "template_versions"
    __audit_exclude__ = frozenset({"html", "css", "meta"})

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("document_templates.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    html: Mapped[str] = mapped_column(Text)
    css: Mapped[str] = mapped_column(Text)
    meta: Mapped[str] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(String(500))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    template: Mapped[DocumentTemplate] = relationship(foreign_keys=[template_id])
    created_by: Mapped[User | None] = relationship("User")

    __table_args__ = (UniqueConstraint("template_id", "number", name="uq_template_versions_number"),)

    def __str__(self) -> str:
        return f"{self.template.name if self.template else self.template_id} v{self.number}"

    def audit_parent(self) -> tuple[str, int] | None:
        return ("documenttemplate", self.template_id)


class GeneratedDocument(Audited, db.Model):
    """A PDF as it was made, with its provenance: template version, input, who and when. Never changed."""

    __tablename__ = "generated_documents"
    __audit_exclude__ = frozenset({"pdf", "input_snapshot"})

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(30))
    filename: Mapped[str] = mapped_column(String(300))
    template_version_id: Mapped[int | None] = mapped_column(ForeignKey("template_versions.id"), index=True)
    builtin_template: Mapped[str | None] = mapped_column(String(60))
    template_sha256: Mapped[str] = mapped_column(String(64))
    input_snapshot: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    options: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    pdf: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    page_count: Mapped[int]
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossiers.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    template_version: Mapped[TemplateVersion | None] = relationship()
    created_by: Mapped[User | None] = relationship("User")
    dossier: Mapped[Dossier | None] = relationship("Dossier")  # the history names the dossier, not its id

    def __str__(self) -> str:
        return self.title

    @property
    def kind_label(self) -> str:
        return str(TEMPLATE_KIND_LABELS.get(TemplateKind(self.kind), self.kind))


class OrganisationLogo(Audited, db.Model):
    """An organisation's logo as re-encoded PNG, in the database so every app server sees it."""

    __tablename__ = "organisation_logos"
    __audit_exclude__ = frozenset({"png"})

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), unique=True)
    png: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    width: Mapped[int]
    height: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    original_filename: Mapped[str] = mapped_column(String(255))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    organisation: Mapped[Organisation] = relationship("Organisation")
    created_by: Mapped[User | None] = relationship("User")  # the history names who, not an id

    def __str__(self) -> str:
        return f"logo {self.organisation.name if self.organisation else self.organisation_id}"

    def audit_parent(self) -> tuple[str, int] | None:
        return ("organisation", self.organisation_id)


class MergeStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


STALLED_AFTER = timedelta(hours=2)


class MergeOutput(StrEnum):
    PDF = "pdf"
    ZIP = "zip"
    BOTH = "both"


OUTPUT_LABELS = {
    MergeOutput.PDF: _l("One combined PDF, to print"),
    MergeOutput.ZIP: _l("A ZIP with one PDF per recipient"),
    MergeOutput.BOTH: _l("Both: a ZIP with one PDF per recipient and the combined PDF"),
}


class MergeJob(db.Model):
    """A mail merge: one template × a set of recipients, run in the background, its result kept for download."""

    __tablename__ = "merge_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    template_version_id: Mapped[int | None] = mapped_column(ForeignKey("template_versions.id"))
    builtin_template: Mapped[str | None] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(String(300))
    recipients_label: Mapped[str] = mapped_column(String(300))
    recipient_ids: Mapped[list[str]] = mapped_column(JSON, default=list)  # "organisation:12", "person:7"
    fields: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    output: Mapped[str] = mapped_column(String(10), default=MergeOutput.PDF.value)
    options: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    log_contacts: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(20), default=MergeStatus.QUEUED.value)
    total: Mapped[int] = mapped_column(default=0)
    done: Mapped[int] = mapped_column(default=0)
    error: Mapped[str | None] = mapped_column(Text)
    result: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    result_filename: Mapped[str | None] = mapped_column(String(300))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]

    created_by: Mapped[User | None] = relationship("User")
    template_version: Mapped[TemplateVersion | None] = relationship()

    @property
    def is_finished(self) -> bool:
        return self.status in (MergeStatus.DONE, MergeStatus.FAILED)

    @property
    def is_stalled(self) -> bool:
        """Still "running" long after any merge would have finished: the process running it was stopped."""
        return not self.is_finished and utcnow() - self.created_at > STALLED_AFTER

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0
