"""Document templates and their immutable versions, generated documents, organisation logos, mail-merge jobs
(rows of the jobs table, crm.tasks)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship, synonym

from crm.audit.models import Audited
from crm.common.choices import LabelledEnum, choices
from crm.common.models import ArchivableMixin, TimestampMixin, VersionedMixin
from crm.common.time import utcnow
from crm.extensions import db
from crm.tasks.models import Job, JobStatus

if TYPE_CHECKING:
    from crm.auth.models import User
    from crm.coalitions.models import Dossier
    from crm.partners.models import Organisation


class TemplateKind(LabelledEnum):
    JOINT_LETTER = "joint_letter", _l("Joint letter")
    POSITION_PAPER = "position_paper", _l("Position paper")
    MUNICIPAL_CALL = "municipal_call", _l("Call to municipalities")
    MINUTES = "minutes", _l("Minutes")
    REPORT = "report", _l("Report")
    OTHER = "other", _l("Other")


TEMPLATE_KIND_LABELS = TemplateKind.labels()


class KindLabelled:
    """A template or a document: its kind (a `TemplateKind` value) as the user reads it."""

    kind_label = TemplateKind.label_property("kind")


class DocumentTemplate(KindLabelled, Audited, TimestampMixin, VersionedMixin, ArchivableMixin, db.Model):
    """A shared template. The draft is what its editors work on; documents use the live (published) version."""

    __tablename__ = "document_templates"
    __audit_exclude__ = frozenset({"draft_html", "draft_css", "draft_meta"})

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(30), default=TemplateKind.OTHER.value, info=choices(TemplateKind))
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


class GeneratedDocument(KindLabelled, Audited, db.Model):
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
    # The meeting it was made for (a debate preparation added to a meeting): listed on the meeting's page.
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="SET NULL"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    template_version: Mapped[TemplateVersion | None] = relationship()
    created_by: Mapped[User | None] = relationship("User")
    dossier: Mapped[Dossier | None] = relationship("Dossier")  # the history names the dossier, not its id

    def __str__(self) -> str:
        return self.title


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


MergeStatus = JobStatus  # a mail merge is a job: its statuses are the jobs'


class MergeOutput(LabelledEnum):
    PDF = "pdf", _l("One combined PDF, to print")
    ZIP = "zip", _l("A ZIP with one PDF per recipient")
    BOTH = "both", _l("Both: a ZIP with one PDF per recipient and the combined PDF")


OUTPUT_LABELS = MergeOutput.labels()


def _argument(name: str, default: Any = None) -> property:
    """A mail merge's setting, kept in the job's arguments."""

    def read(self) -> Any:
        return (self.arguments or {}).get(name, default)

    def write(self, value: Any) -> None:
        self.arguments = {**(self.arguments or {}), name: value}  # a new dict: the JSON column sees the change

    return property(read, write)


class MergeJob(Job):
    """A mail merge: one template × a set of recipients, run by a worker, its result kept for download.

    A row of `jobs` (kind "mail_merge"); what to render, for whom and how are its arguments."""

    __mapper_args__ = {"polymorphic_identity": "mail_merge"}
    KIND = "mail_merge"

    template_version_id = _argument("template_version_id")
    builtin_template = _argument("builtin_template")
    title = _argument("title", "")
    recipients_label = _argument("recipients_label", "")
    recipient_ids = _argument("recipient_ids", [])  # "organisation:12", "person:7"
    fields = _argument("fields", {})
    output = _argument("output", MergeOutput.PDF.value)
    options = _argument("options", {})
    log_contacts = _argument("log_contacts", False)
    created_by = synonym("owner")
    created_by_id = synonym("owner_id")

    def __init__(self, **values: Any) -> None:
        arguments = values.pop("arguments", None) or {}
        super().__init__(kind=self.KIND, arguments=arguments)
        for name, value in values.items():
            setattr(self, name, value)

    @property
    def template_version(self) -> TemplateVersion | None:
        return db.session.get(TemplateVersion, self.template_version_id) if self.template_version_id else None

    @template_version.setter
    def template_version(self, version: TemplateVersion | None) -> None:
        self.template_version_id = version.id if version is not None else None
