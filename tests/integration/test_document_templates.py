"""Shared templates: copy a built-in one, edit, check, preview, publish; a broken draft never goes live."""

from __future__ import annotations

from sqlalchemy import select

from crm.documents.models import DocumentTemplate, TemplateVersion
from crm.extensions import db
from tests import pdf
from tests.factories_documents import TINY_CSS, TINY_META, DocumentTemplateFactory, published
from tests.helpers import count, text_of


def edit(client, template, **changes):
    data = {"html": template.draft_html, "css": template.draft_css, "meta_toml": template.draft_meta,
            "version_id": str(template.version_id), "note": "", "action": "publish", **changes}  # fmt: skip
    return client.submit(f"/documents/templates/{template.id}/edit", data)


def test_an_admin_copies_a_built_in_template_and_publishes_it(client, login_as):
    login_as("admin")
    response = client.submit(
        "/documents/templates/new",
        {"name": "Onze gezamenlijke brief", "kind": "joint_letter", "description": "", "copy_of": "joint_letter"},
    )
    template = db.session.scalar(select(DocumentTemplate))
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/{template.id}/edit")
    assert template.copied_from == "joint_letter" and template.live_version is None
    assert "Betreft" in template.draft_html

    response = edit(client, template, note="Eerste versie")
    assert response.status_code == 302
    db.session.refresh(template)
    assert template.live_version.number == 1 and template.live_version.note == "Eerste versie"
    assert "v1" in text_of(client.get(f"/documents/templates/{template.id}"))


def test_a_jinja_error_is_shown_with_its_line_and_the_live_version_stays(client, login_as):
    login_as("admin", language="en")
    template = DocumentTemplateFactory()
    live = published(template)
    broken = template.draft_html.replace("{{ fields.title }}", "{{ fields.title }\n")
    response = edit(client, template, html=broken)
    assert response.status_code == 422
    page = text_of(response)
    assert "This draft cannot be published" in page and "HTML, line 3" in page
    db.session.refresh(template)
    assert template.live_version_id == live.id
    assert template.draft_html == broken.strip()  # the author's work is kept as the draft
    assert count(TemplateVersion) == 1

    fixed = edit(client, template, html=broken.replace("{{ fields.title }\n", "<em>{{ fields.title }}</em>"))
    assert fixed.status_code == 302
    db.session.refresh(template)
    assert template.live_version.number == 2
    assert db.session.get(TemplateVersion, live.id).html == DocumentTemplateFactory.draft_html  # v1 unchanged


def test_css_and_meta_errors_are_reported_with_their_lines(client, login_as):
    login_as("admin", language="en")
    template = DocumentTemplateFactory()
    response = edit(client, template, css=TINY_CSS + "h1 { color: red; }\n}\n", meta_toml=TINY_META + "\nkind = \n")
    assert response.status_code == 422
    page = text_of(response)
    assert "CSS, line 5" in page and "meta.toml" in page
    assert template.live_version is None


def test_a_template_that_fails_on_its_sample_data_is_not_published(client, login_as):
    login_as("admin", language="en")
    template = DocumentTemplateFactory()
    response = edit(client, template, html=template.draft_html.replace("fields.title", "fields.nonexistent"))
    assert response.status_code == 422
    assert "nonexistent" in text_of(response)
    assert count(TemplateVersion) == 0


def test_save_draft_and_preview_do_not_change_the_live_version(client, login_as):
    login_as("admin")
    template = DocumentTemplateFactory()
    live = published(template)
    changed = template.draft_html.replace("<h1>", "<h1>Concept: ")
    saved = edit(client, template, html=changed, action="save")
    assert saved.status_code == 302
    db.session.refresh(template)
    preview = edit(client, template, html=changed, action="preview")
    assert preview.mimetype == "application/pdf" and "Concept: Voorbeeldtitel" in pdf.text(preview.data)
    assert any(font.startswith("Source-Sans-3") for font in pdf.fonts(preview.data))  # via ../fonts/fonts.css
    db.session.refresh(template)
    assert template.live_version_id == live.id and template.draft_html == changed.strip()


def test_a_stale_edit_shows_a_conflict_instead_of_overwriting(client, login_as):
    login_as("admin", language="en")
    template = DocumentTemplateFactory()
    stale_version = template.version_id
    assert edit(client, template, html=template.draft_html + "<!-- a -->", action="save").status_code == 302
    response = edit(client, template, html="<p>mine</p>", action="save", version_id=str(stale_version))
    assert response.status_code == 409
    db.session.refresh(template)
    assert template.draft_html.endswith("<!-- a -->")


def test_only_template_editors_edit_templates(client, login_as):
    template = DocumentTemplateFactory()
    login_as("lobbyist")
    assert client.get(f"/documents/templates/{template.id}/edit").status_code == 403
    assert client.get("/documents/templates/new").status_code == 403


def test_a_lobbyist_granted_the_template_right_may_edit(client, login_as):
    template = DocumentTemplateFactory()
    login_as("lobbyist", template_editor=True)
    assert client.get(f"/documents/templates/{template.id}/edit").status_code == 200


def test_the_built_in_templates_are_listed_with_a_sample_pdf(client, login_as):
    login_as("viewer")
    page = text_of(client.get("/documents/templates/"))
    for title in ("Gezamenlijke brief", "Standpuntnotitie", "Oproep aan gemeenten", "Verslag"):
        assert title in page
    sample = client.get("/documents/templates/builtin/position_paper/preview.pdf")
    assert sample.mimetype == "application/pdf"
    assert pdf.page_count(sample.data) >= 2


def test_our_own_checks_speak_dutch_in_the_editor(client, login_as):
    login_as("admin")  # Dutch, the default
    template = DocumentTemplateFactory()
    meta = TINY_META.replace('kind = "other"', 'kind = "nonsense"')
    response = edit(client, template, css=TINY_CSS + "h1 { color: }\n}\n", meta_toml=meta)
    assert response.status_code == 422
    page = text_of(response)
    assert "heeft geen waarde" in page and "zonder bijbehorende" in page and "moet een van deze zijn" in page
    assert "has no value" not in page and "without a matching" not in page
    runaway = edit(client, template, html="<p>{{ range(10**9)|list }}</p>", css=TINY_CSS, meta_toml=TINY_META)
    assert "Het sjabloon vraagt te veel" in text_of(runaway) or "Niet toegestaan" in text_of(runaway)
