"""Writes for documents: templates (drafts, checks, publishing), generated documents, logos."""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from typing import Any

import tinycss2
from flask_babel import lazy_gettext as _l
from jinja2 import TemplateSyntaxError
from PIL import Image, UnidentifiedImageError

from crm.auth.models import User
from crm.common.errors import ServiceError
from crm.common.files import carries_markup, clean_filename
from crm.common.forms import int_or_none
from crm.common.locking import ensure_current_version, flush_or_conflict
from crm.common.time import today
from crm.documents import catalogue, context, queries
from crm.documents.models import DocumentTemplate, GeneratedDocument, OrganisationLogo, TemplateVersion
from crm.extensions import db
from crm.partners.models import Organisation
from crm.permissions import can_manage_templates, check_edit, ensure
from crm.rendering.render import RenderError, RenderOptions, TemplateSource, render_pdf, seconds_allowed
from crm.rendering.sandbox import environment

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_PIXELS = 4000
LOGO_STORED_MAX = 800  # logos are printed a few centimetres wide: this is plenty at 300 dpi


@dataclass(frozen=True)
class Problem:
    """Something that keeps a template from being published: where, on which line, what."""

    where: str  # "html", "css" or "meta"
    line: int | None
    message: Any  # a (lazy) translation for our own checks; Jinja's, tinycss2's and TOML's own words as they come


# --- the template a document is made with ------------------------------------------------------------------------


@dataclass(frozen=True)
class Chosen:
    """A template to make documents with: a built-in one, or the live version of a shared one."""

    source: TemplateSource
    meta: catalogue.Meta
    version: TemplateVersion | None = None
    builtin: str | None = None

    @property
    def label(self) -> str:
        return str(self.meta.title)


def choose(ref: str) -> Chosen:
    """ "builtin:<name>" or "template:<id>" (its live version)."""
    kind, _, key = ref.partition(":")
    if kind == "builtin":
        found = catalogue.builtin(key)
        if found is None:
            raise ServiceError(_l("This template does not exist."), field="template")
        source = TemplateSource(found.name, found.html, found.css, str(found.folder))
        return Chosen(source, found.meta, builtin=found.name)
    template_id = int_or_none(key) if kind == "template" and key.isdigit() else None
    template = queries.get_template(template_id) if template_id else None
    if template is None or template.is_archived or template.live_version is None:
        raise ServiceError(_l("This template has no published version."), field="template")
    version = template.live_version
    return Chosen(source_of(template, version.html, version.css), catalogue.parse_meta(version.meta), version=version)


def made_with(document: GeneratedDocument, chosen: Chosen) -> bool:
    """Whether the document was made with this template (a shared one in any of its versions)."""
    if chosen.builtin is not None:
        return document.builtin_template == chosen.builtin
    made = document.template_version
    return made is not None and chosen.version is not None and made.template_id == chosen.version.template_id


def source_of(template: DocumentTemplate, html: str, css: str) -> TemplateSource:
    base = catalogue.builtin(template.copied_from) if template.copied_from else None
    return TemplateSource(f"t{template.id}", html, css, str(base.folder) if base else None)


# --- generating --------------------------------------------------------------------------------------------------


def check_required(meta: catalogue.Meta, raw: dict[str, Any]) -> None:
    for field in meta.fields:
        if field.required and not raw.get(field.name):
            raise ServiceError(_l("%(label)s is required.", label=field.label), field=field.name)


def generate(chosen: Chosen, raw: dict[str, Any], *, title: str, author: User | None, options: RenderOptions,
             dossier_id: int | None = None) -> GeneratedDocument:  # fmt: skip
    """Render and keep the PDF with its provenance: template version, the exact input, who and when."""
    check_required(chosen.meta, raw)
    values = context.field_values(chosen.meta, raw)
    return generate_from_values(chosen, values, title=title, author=author, options=options, dossier_id=dossier_id)


def generate_from_values(chosen: Chosen, values: dict[str, Any], *, title: str, author: User | None,
                         options: RenderOptions, dossier_id: int | None = None,
                         provenance: dict[str, Any] | None = None) -> GeneratedDocument:  # fmt: skip
    """`generate` for field values prepared by the caller (a report gathers its rows itself): plain data only.
    `provenance` (what the values were gathered from, e.g. a report's period) is kept with the options."""
    values = {field.name: context.plain_data(values.get(field.name)) for field in chosen.meta.fields}
    data = context.document_context(chosen.meta, values, title=title, author=author.name if author else "")
    try:
        rendered = render_pdf(chosen.source, data, options)
    except RenderError as error:
        raise ServiceError(_l("The document could not be made: %(reason)s", reason=error.message)) from error
    document = GeneratedDocument(
        title=title,
        kind=chosen.meta.kind,
        filename=document_filename(title, context.document_day(chosen.meta, values)),
        template_version=chosen.version,
        builtin_template=chosen.builtin,
        template_sha256=chosen.source.sha256,
        input_snapshot=data,
        options={"pdfa": options.pdfa, "tagged": options.tagged, **(provenance or {})},
        pdf=rendered.pdf,
        size=len(rendered.pdf),
        sha256=hashlib.sha256(rendered.pdf).hexdigest(),
        page_count=rendered.page_count,
        dossier_id=dossier_id,
        created_by=author,
    )
    db.session.add(document)
    db.session.flush()
    return document


def document_filename(title: str, day: str | None = None) -> str:
    """ "2026-03-12 Oproep cultuureducatie - Gemeente Utrecht.pdf": a date first, then what it is."""
    clean = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", title).strip()
    clean = re.sub(r"\s+", " ", clean)[:150] or "Document"
    return f"{day or today().isoformat()} {clean}.pdf"


def preview(chosen_source: TemplateSource, meta: catalogue.Meta, *, author: User, raw: dict[str, Any] | None = None,
            title: str | None = None) -> bytes:  # fmt: skip
    """A PDF to look at, not kept: the template's sample data, or the form's input."""
    values = context.field_values(meta, raw) if raw is not None else context.sample_values(meta)
    data = context.document_context(meta, values, title=str(title or meta.title), author=author.name,
                                    to=context.sample_recipient())  # fmt: skip
    try:
        return render_pdf(chosen_source, data, RenderOptions(), seconds=seconds_allowed(preview=True)).pdf
    except RenderError as error:
        raise ServiceError(_l("The preview could not be made: %(reason)s", reason=error.message)) from error


# --- shared templates --------------------------------------------------------------------------------------------


def check_may_manage_templates(actor) -> None:
    """Administrators, and editors an administrator granted the template right: one rule for every door (web page,
    API, CLI). The writes apply it to the acting user they are given (None: the system itself)."""
    if actor is not None:
        ensure(can_manage_templates(actor), "templates.manage")


def check_may_edit_template(actor, template: DocumentTemplate) -> None:
    """As above, and an archived template is read-only until restored."""
    if actor is not None:
        ensure(can_manage_templates(actor) and not template.is_archived)


def create_template(*, name: str, kind: str, description: str | None, copy_of: str | None,
                    author: User, actor=None) -> DocumentTemplate:  # fmt: skip
    """A new shared template: empty, or a copy of a built-in one to adapt. It has no live version yet."""
    check_may_manage_templates(actor)
    template = DocumentTemplate(name=name, kind=kind, description=description, created_by=author)
    if copy_of:
        base = catalogue.builtin(copy_of)
        if base is None:
            raise ServiceError(_l("This built-in template does not exist."), field="copy_of")
        template.copied_from = base.name
        template.draft_html, template.draft_css, template.draft_meta = base.html, base.css, base.meta_text
    else:
        template.draft_html = STARTER_HTML
        template.draft_css = STARTER_CSS
        template.draft_meta = STARTER_META.format(title=name.replace('"', "'"), kind=kind)
    db.session.add(template)
    db.session.flush()
    return template


def save_draft(template: DocumentTemplate, *, html: str, css: str, meta: str, expected_version: int | None,
               actor=None) -> None:  # fmt: skip
    check_may_edit_template(actor, template)
    ensure_current_version(template, expected_version)
    template.draft_html, template.draft_css, template.draft_meta = html, css, meta
    flush_or_conflict(template)


def check_draft(template: DocumentTemplate) -> list[Problem]:
    """Everything that keeps the draft from being published, with line numbers where they are known."""
    problems: list[Problem] = []
    try:
        catalogue.parse_meta(template.draft_meta)
    except catalogue.MetaError as error:
        problems.append(Problem("meta", error.line, error.message))
    try:
        environment().parse(template.draft_html)
    except TemplateSyntaxError as error:
        problems.append(Problem("html", error.lineno, error.message or "syntax error"))
    problems += css_problems(template.draft_css)
    return problems


def css_problems(css: str) -> list[Problem]:
    """Mistakes in the stylesheet with their line: unbalanced braces, rules and declarations that do not parse."""
    problems = _brace_problems(css)
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    for rule in rules:
        if rule.type == "error":
            problems.append(Problem("css", rule.source_line, rule.message))
        elif rule.type == "qualified-rule" or (rule.type == "at-rule" and rule.content is not None):
            for item in tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True):
                if item.type == "error":
                    problems.append(Problem("css", item.source_line, item.message))
                elif item.type == "declaration" and not tinycss2.serialize(item.value).strip():
                    problems.append(Problem("css", item.source_line, _l("‘%(name)s’ has no value.", name=item.name)))
    return sorted(problems, key=lambda p: p.line or 0)


_CSS_SKIPPED = re.compile(r"/\*.*?\*/|\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*'", re.S)


def _brace_problems(css: str) -> list[Problem]:
    """A "}" too many or a "{" never closed: the one mistake that silently swallows the rest of a stylesheet."""
    code = _CSS_SKIPPED.sub(lambda m: "\n" * m.group(0).count("\n"), css)  # comments and strings keep their lines
    opened: list[int] = []
    for line_number, line in enumerate(code.split("\n"), start=1):
        for char in line:
            if char == "{":
                opened.append(line_number)
            elif char == "}":
                if not opened:
                    return [Problem("css", line_number, _l("A ‘}’ without a matching ‘{’."))]
                opened.pop()
    return [Problem("css", opened[-1], _l("A ‘{’ that is never closed."))] if opened else []


def publish(template: DocumentTemplate, *, author: User, note: str | None, actor=None) -> TemplateVersion:
    """A new immutable version from the draft, made live — only if the draft checks out and renders its sample."""
    check_may_edit_template(actor, template)
    problems = check_draft(template)
    if problems:
        raise DraftProblems(problems)
    meta = catalogue.parse_meta(template.draft_meta)
    try:
        preview(source_of(template, template.draft_html, template.draft_css), meta, author=author)
    except ServiceError as error:
        raise DraftProblems([Problem("html", _line_of(error), str(error.message))]) from error
    number = queries.latest_version_number(template.id) + 1
    version = TemplateVersion(
        template_id=template.id, number=number, html=template.draft_html, css=template.draft_css,
        meta=template.draft_meta, note=note, created_by=author,
    )  # fmt: skip
    db.session.add(version)
    db.session.flush()
    template.live_version = version
    template.kind = meta.kind
    db.session.flush()
    return version


def _line_of(error: ServiceError) -> int | None:
    cause = error.__cause__
    return getattr(cause, "line", None)


class DraftProblems(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(p.message) for p in problems))
        self.problems = problems


# --- logos -------------------------------------------------------------------------------------------------------


def check_may_change_logo(actor, organisation: Organisation) -> None:
    """Whoever may edit the organisation (an editor, while it is not archived) changes its logo."""
    if actor is not None:
        check_edit(actor, organisation)


def upload_logo(organisation: Organisation, *, data: bytes, filename: str, author: User,
                actor=None) -> OrganisationLogo:  # fmt: skip
    """Keep a logo as a freshly encoded PNG: checked by content, not by name; SVG is refused."""
    check_may_change_logo(actor, organisation)
    if len(data) > LOGO_MAX_BYTES:
        raise ServiceError(_l("The logo is larger than 2 MB."), field="logo")
    if data.lstrip()[:5].lower() in (b"<?xml", b"<svg ") or b"<svg" in data[:1024].lower():
        raise ServiceError(_l("SVG logos are not accepted; upload a PNG or JPEG."), field="logo")
    if carries_markup(data):
        raise ServiceError(_l("This image also contains web page code; upload a plain PNG or JPEG."), field="logo")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            width, height = probe.size
            probe.verify()
        if kind not in ("PNG", "JPEG"):
            raise ServiceError(_l("Upload a PNG or JPEG image."), field="logo")
        if width * height > LOGO_MAX_PIXELS * LOGO_MAX_PIXELS or max(width, height) > LOGO_MAX_PIXELS * 2:
            raise ServiceError(_l("The logo has too many pixels; at most 4000 × 4000."), field="logo")
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            image = image.convert("RGBA")
            image.thumbnail((LOGO_STORED_MAX, LOGO_STORED_MAX))
            out = io.BytesIO()
            image.save(out, format="PNG", optimize=True)  # a new file: nothing of the upload but its pixels
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise ServiceError(_l("This is not a PNG or JPEG image we can read."), field="logo") from error
    png = out.getvalue()
    logo = queries.logo_of(organisation.id) or OrganisationLogo(organisation=organisation)
    logo.png = png
    logo.width, logo.height = image.size
    logo.sha256 = hashlib.sha256(png).hexdigest()
    logo.original_filename = clean_filename(filename, "logo")
    logo.created_by = author
    db.session.add(logo)
    db.session.flush()
    return logo


def remove_logo(logo: OrganisationLogo, *, actor=None) -> None:
    check_may_change_logo(actor, logo.organisation)
    db.session.delete(logo)
    db.session.flush()


STARTER_HTML = """<!doctype html>
<html lang="{{ doc.language }}">
<head>
  <meta charset="utf-8">
  <title>{{ doc.title }}</title>
  <meta name="author" content="{{ sender.name }}">
</head>
<body>
  <h1>{{ fields.title }}</h1>
  <p class="date">{{ doc.date|long_date }}</p>
  {{ fields.body|markdown }}
</body>
</html>
"""

STARTER_CSS = """@import url("../fonts/fonts.css");

@page {
  size: A4;
  margin: 25mm 22mm 25mm 22mm;
  @bottom-right { content: "Pagina " counter(page) " van " counter(pages); font-size: 8pt; }
}
html { font-family: "Source Sans 3", sans-serif; font-size: 10.5pt; line-height: 1.45; hyphens: auto; }
h1 { font-size: 18pt; }
"""

STARTER_META = """title = "{title}"
kind = "{kind}"
description = ""

[[fields]]
name = "title"
label = "Titel"
type = "text"
required = true

[[fields]]
name = "body"
label = "Tekst"
type = "markdown"

[sample]
title = "Voorbeeldtitel"
body = "Een **voorbeeld** van de tekst."
"""
