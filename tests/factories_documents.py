"""Factories and small templates for the document tests."""

from __future__ import annotations

import factory

from crm.documents.models import DocumentTemplate, GeneratedDocument, MergeJob, OrganisationLogo, TemplateVersion
from tests.factories import Base, OrganisationFactory

TINY_HTML = """<!doctype html>
<html lang="{{ doc.language }}"><head><meta charset="utf-8"><title>{{ doc.title }}</title></head>
<body><h1>{{ fields.title }}</h1>{{ fields.body|markdown }}
{% if recipient %}<p class="to">{{ recipient.salutation }} — {{ recipient.name }}</p>{% endif %}</body></html>
"""
TINY_CSS = (
    '@import url("../fonts/fonts.css");\n@page { size: A4; margin: 20mm; }\nbody { font-family: "Source Sans 3"; }\n'
)
TINY_META = """title = "Korte notitie"
kind = "other"

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
body = "Voorbeeldtekst."
"""


class DocumentTemplateFactory(Base):
    class Meta:
        model = DocumentTemplate

    name = factory.Sequence(lambda n: f"Sjabloon {n}")
    kind = "other"
    draft_html = TINY_HTML
    draft_css = TINY_CSS
    draft_meta = TINY_META


class TemplateVersionFactory(Base):
    class Meta:
        model = TemplateVersion

    template = factory.SubFactory(DocumentTemplateFactory)
    number = 1
    html = TINY_HTML
    css = TINY_CSS
    meta = TINY_META


def published(template: DocumentTemplate, number: int = 1) -> TemplateVersion:
    """Give the template a live version equal to its draft (arranged directly, without a render)."""
    from crm.extensions import db

    version = TemplateVersion(template_id=template.id, number=number, html=template.draft_html,
                              css=template.draft_css, meta=template.draft_meta)  # fmt: skip
    db.session.add(version)
    db.session.flush()
    template.live_version = version
    db.session.flush()
    return version


# A minimal, valid one-page PDF: the access tests only need stored bytes to serve, not a render.
SMALL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


class GeneratedDocumentFactory(Base):
    class Meta:
        model = GeneratedDocument

    title = factory.Sequence(lambda n: f"Standpunt {n}")
    kind = "position_paper"
    filename = factory.LazyAttribute(lambda o: f"2026-03-12 {o.title}.pdf")
    builtin_template = "position_paper"
    template_sha256 = "0" * 64
    input_snapshot = factory.LazyFunction(lambda: {"fields": {"title": "Standpunt"}})
    options = factory.LazyFunction(dict)
    pdf = SMALL_PDF
    size = len(SMALL_PDF)
    sha256 = "0" * 64
    page_count = 1


class MergeJobFactory(Base):
    class Meta:
        model = MergeJob

    title = "Oproep cultuureducatie"
    builtin_template = "municipal_call"
    recipients_label = "Gemeenten in Provincie Utrecht"
    recipient_ids = factory.LazyFunction(list)
    fields = factory.LazyFunction(dict)
    options = factory.LazyFunction(dict)
    status = "done"
    total = 1
    done = 1
    result = SMALL_PDF
    result_filename = "2026-03-12 Oproep cultuureducatie - Alle brieven.pdf"


def sample_document_arguments(organisation) -> dict:
    """URL arguments for the document routes; the organisation gets a logo so its logo routes have one to show."""
    from crm.extensions import db

    template = DocumentTemplateFactory()
    published(template)
    db.session.add(OrganisationLogo(organisation=organisation, png=PNG_PIXEL, width=1, height=1, sha256="0" * 64,
                                    original_filename="logo.png"))  # fmt: skip
    db.session.flush()
    return {
        "document_id": GeneratedDocumentFactory().id,
        "template_id": template.id,
        "number": 1,
        "name": "joint_letter",
        "ref": "builtin:joint_letter",
        "job_id": MergeJobFactory().id,
    }


PNG_PIXEL = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


class OrganisationLogoFactory(Base):
    class Meta:
        model = OrganisationLogo

    organisation = factory.SubFactory(OrganisationFactory)
    png = PNG_PIXEL
    width = 1
    height = 1
    sha256 = "0" * 64
    original_filename = "logo.png"
