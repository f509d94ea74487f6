"""Generated documents: make one from a template (preview first if you like), the list, provenance, download."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from crm.coalitions.queries import dossier_choices
from crm.common.errors import ServiceError
from crm.common.files import file_response
from crm.common.forms import int_or_none, page_number, select_choices
from crm.common.queries import records_by_ids
from crm.common.views import form_status, found_or_404, paginate
from crm.documents import catalogue, context, queries, services
from crm.documents.forms import document_form_class, field_input
from crm.documents.from_meeting import minutes_input
from crm.documents.models import TEMPLATE_KIND_LABELS, TemplateKind
from crm.extensions import db
from crm.meetings.queries import get_meeting
from crm.partners.models import Organisation
from crm.permissions import requires
from crm.rendering.render import RenderOptions

bp = Blueprint("documents", __name__, url_prefix="/documents")


def pdf_response(pdf: bytes, filename: str, *, download: bool) -> Response:
    return file_response(pdf, filename=filename, mimetype="application/pdf", inline=not download)


@bp.get("/")
@requires("documents.read")
def index():
    filters = queries.DocumentFilters(
        q=request.args.get("q", "")[:200],
        kind=request.args.get("kind", "") if request.args.get("kind") in TEMPLATE_KIND_LABELS else "",
        author_id=int_or_none(request.args.get("author")),
    )
    page = paginate(queries.documents_query(filters), page_number(request.args))
    return render_template("documents_ui/index.html", page=page, filters=filters, kinds=TEMPLATE_KIND_LABELS)


@bp.get("/new")
@requires("documents.generate")
def choose():
    return render_template(
        "documents_ui/choose.html",
        # Report templates are made from their report page, which gathers their rows.
        builtins=[b for b in catalogue.builtins() if not b.meta.filled_from_data],
        shared=[t for t in queries.shared_templates() if t.kind != TemplateKind.REPORT],
        kind_labels=TEMPLATE_KIND_LABELS,
        recipients=handed_over_recipients(),
    )


def handed_over_recipients() -> str:
    """A filtered organisation or people list sent from its list page ("Mail merge to this list")."""
    value = request.args.get("recipients", "")[:2000]
    return value if value.partition(":")[0] in ("organisations", "people") else ""


def chosen_organisations(form, meta: catalogue.Meta) -> dict[str, list[tuple[int, str]]]:
    """Per organisations field, (id, name) of what was picked: shown again as chips with a form error."""
    chosen = {}
    for field in meta.fields:
        if field.type == "organisations":
            ids = getattr(form, f"f_{field.name}").data or []
            found = records_by_ids(Organisation, ids)
            chosen[field.name] = [(i, found[i].name) for i in ids if i in found]
    return chosen


def prefill_from_meeting(form, meta: catalogue.Meta, meeting_id: int | None) -> None:
    """Minutes made from a meeting page start from the meeting: attendees, agenda with minutes, decisions, actions."""
    meeting = get_meeting(meeting_id) if meeting_id else None
    if meeting is None or meta.kind != TemplateKind.MINUTES:
        return
    title, fields = minutes_input(meeting)
    form.title.data = title
    for field in meta.fields:
        if field.name in fields and field.type not in ("organisations", "dossier"):
            getattr(form, f"f_{field.name}").data = fields[field.name]
    if meeting.dossiers:
        form.dossier_id.data = meeting.dossiers[0].id


def prefill_from_document(form, chosen: services.Chosen, document_id: int | None) -> None:
    """ "Make another" starts from a kept document's input (made with this template), so a typo is fixed, not all
    of it typed again."""
    document = queries.get_document(document_id) if document_id else None
    if document is None or not services.made_with(document, chosen):
        return
    raw = context.input_from_snapshot(chosen.meta, (document.input_snapshot or {}).get("fields") or {})
    form.title.data = document.title
    for field in chosen.meta.fields:
        if field.type != "data":
            getattr(form, f"f_{field.name}").data = raw.get(field.name) or (0 if field.type == "dossier" else None)
    form.dossier_id.data = document.dossier_id or 0
    form.pdfa.data = bool((document.options or {}).get("pdfa"))
    form.tagged.data = bool((document.options or {}).get("tagged", True))


def document_dossier(form, meta: catalogue.Meta) -> int | None:
    """The dossier the document belongs to: the template's own dossier field when it has one, else the form's."""
    declared = next((f for f in meta.fields if f.type == "dossier"), None)
    value = getattr(form, f"f_{declared.name}").data if declared else form.dossier_id.data
    return value or None


def fillable_form(ref: str, form_class_for: Callable[[catalogue.Meta], type]) -> tuple[services.Chosen, Any]:
    """The template a user fills in by `ref` (404 for an unknown one and for a report's, made from its report page)
    and the form of its fields, with the dossiers to choose from and, on a first view, the template's title."""
    try:
        chosen = services.choose(ref)
    except ServiceError:
        abort(404)
    if chosen.meta.filled_from_data:
        abort(404)
    form = form_class_for(chosen.meta)()
    fill_dossier_choices(form, chosen.meta)
    if request.method == "GET":
        form.title.data = chosen.label
    return chosen, form


def fill_dossier_choices(form, meta: catalogue.Meta) -> None:
    dossiers = select_choices([(0, _("— none —")), *((d.id, d.title) for d in dossier_choices())])
    form.dossier_id.choices = dossiers
    for field in meta.fields:
        if field.type == "dossier":
            getattr(form, f"f_{field.name}").choices = dossiers


@bp.route("/new/<path:ref>", methods=["GET", "POST"])
@requires("documents.generate")
def create(ref: str):
    chosen, form = fillable_form(ref, document_form_class)
    if request.method == "GET":
        prefill_from_meeting(form, chosen.meta, int_or_none(request.args.get("meeting")))
        prefill_from_document(form, chosen, int_or_none(request.args.get("from")))
    elif form.validate_on_submit():
        raw = field_input(form, chosen.meta)
        options = RenderOptions(pdfa=form.pdfa.data, tagged=form.tagged.data)
        try:
            if request.form.get("action") == "preview":
                pdf = services.preview(chosen.source, chosen.meta, author=current_user, raw=raw, title=form.title.data)
                return pdf_response(pdf, services.document_filename(form.title.data), download=False)
            document = services.generate(
                chosen, raw, title=form.title.data, author=current_user, options=options,
                dossier_id=document_dossier(form, chosen.meta),
            )  # fmt: skip
            db.session.commit()
            flash(_("Document “%(title)s” made.", title=document.title), "success")
            return redirect(url_for(".detail", document_id=document.id))
        except ServiceError as error:
            db.session.rollback()
            error.attach_to(form, prefix="f_")
    organisations = chosen_organisations(form, chosen.meta)
    return render_template(
        "documents_ui/form.html", form=form, chosen=chosen, ref=ref, organisations=organisations
    ), form_status(form)


@bp.get("/<int:document_id>")
@requires("documents.read")
def detail(document_id: int):
    document = found_or_404(queries.get_document(document_id))
    return render_template("documents_ui/detail.html", document=document, fields=queries.input_fields(document))


@bp.get("/<int:document_id>/pdf")
@requires("documents.read")
def download(document_id: int):
    document = found_or_404(queries.get_document(document_id))
    return pdf_response(document.pdf, document.filename, download=True)
