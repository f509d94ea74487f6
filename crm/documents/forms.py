"""Forms for documents: the fields a template declares, template editing, logo upload."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Optional

from crm.common.files import plain_file_name
from crm.common.forms import BaseForm, IdListField, OnceForm, VersionForm, length, none_if_blank, select_choices
from crm.documents.catalogue import Meta
from crm.documents.models import OUTPUT_LABELS, TEMPLATE_KIND_LABELS, MergeOutput, TemplateKind

TEXT_MAX = 100_000
SOURCE_MAX = 500_000


def document_form_class(meta: Meta) -> type[BaseForm]:
    """A form with one input per declared field, plus the document's title and output options."""

    class DocumentForm(OnceForm):
        title = StringField(_l("Document title"), validators=[DataRequired(), length(300)])
        dossier_id = SelectField(_l("Dossier"), coerce=int, default=0)
        pdfa = BooleanField(_l("PDF/A for the archive"), default=False)
        tagged = BooleanField(_l("Tagged PDF (accessible)"), default=True)

    for field in meta.fields:
        if field.type == "data":
            continue  # filled from the registry, never typed
        validators = [Optional(), length(TEXT_MAX)]
        label, help_text = field.label, field.help
        if field.type == "text":
            unbound = StringField(label, validators=[Optional(), length(500)], description=help_text)
        elif field.type == "date":
            unbound = DateField(label, validators=[Optional()], description=help_text)
        elif field.type == "organisations":
            unbound = IdListField(label, description=help_text)
        elif field.type == "dossier":
            unbound = SelectField(label, coerce=int, default=0, description=help_text)
        else:
            hint = {
                "sections": _l('Start each section with a line "## Heading".'),
                "references": _l("One reference per line."),
                "markdown": _l("Markdown: **bold**, *italic*, lists with -, links, footnotes [^1]."),
            }.get(field.type, "")
            unbound = TextAreaField(label, validators=validators, description=help_text or hint)
        setattr(DocumentForm, f"f_{field.name}", unbound)
    return DocumentForm


def merge_form_class(meta: Meta) -> type[BaseForm]:
    """The document form plus who the letters go to, what to make, and whether to log them as contacts."""

    class MergeForm(document_form_class(meta)):
        recipients = SelectField(_l("Recipients"), validators=[DataRequired(_l("Choose who the letters go to."))])
        output = RadioField(_l("Make"), choices=select_choices((k.value, v) for k, v in OUTPUT_LABELS.items()),
                            default=MergeOutput.ZIP.value)  # fmt: skip
        log_contacts = BooleanField(_l("Log a “letter” contact with every recipient"), default=False)

    return MergeForm


def field_input(form: Any, meta: Meta) -> dict[str, Any]:
    """The declared fields' raw input, by field name (ids for organisations and dossiers)."""
    raw = {}
    for field in meta.fields:
        if field.type == "data":
            continue
        value = getattr(form, f"f_{field.name}").data
        raw[field.name] = (value or None) if field.type == "dossier" else value
    return raw


class TemplateCreateForm(OnceForm):
    name = StringField(_l("Name"), validators=[DataRequired(), length(200)])
    kind = SelectField(_l("Kind"), choices=select_choices((k.value, v) for k, v in TEMPLATE_KIND_LABELS.items()),
                       default=TemplateKind.OTHER.value)  # fmt: skip
    description = TextAreaField(_l("Description"), validators=[Optional(), length(2000)], filters=[none_if_blank])
    copy_of = SelectField(_l("Start from"), default="")


class TemplateEditForm(VersionForm):
    html = TextAreaField(_l("HTML (Jinja)"), validators=[DataRequired(), length(SOURCE_MAX)])
    css = TextAreaField(_l("CSS"), validators=[length(SOURCE_MAX)])
    meta_toml = TextAreaField(_l("Fields and sample data (meta.toml)"), validators=[DataRequired(), length(SOURCE_MAX)])
    note = StringField(_l("What changed (for the version list)"), validators=[Optional(), length(500)],
                       filters=[none_if_blank])  # fmt: skip

    def fill_from(self, template) -> None:
        self.html.data, self.css.data, self.meta_toml.data = (
            template.draft_html,
            template.draft_css,
            template.draft_meta,
        )
        self.version_id.data = template.version_id


class LogoForm(BaseForm):
    logo = FileField(_l("Logo (PNG or JPEG, at most 2 MB)"),
                     validators=[FileRequired(_l("Choose a file.")), plain_file_name],
                     render_kw={"accept": "image/png,image/jpeg"})  # fmt: skip
