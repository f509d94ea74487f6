"""Shared templates: the built-in ones to look at and copy, and the editor (draft → check → preview → publish)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from crm.common.commits import made
from crm.common.errors import ServiceError
from crm.common.forms import ConfirmForm
from crm.common.locking import ConflictError
from crm.common.views import archive_view, form_status, found_or_404, prepare_conflict, restore_view
from crm.documents import catalogue, queries, services
from crm.documents.forms import TemplateCreateForm, TemplateEditForm
from crm.documents.views_documents import pdf_response
from crm.extensions import db
from crm.permissions import requires
from crm.rendering.render import TemplateSource

bp = Blueprint("document_templates", __name__, url_prefix="/documents/templates")


def _load(template_id: int):
    return found_or_404(queries.get_template(template_id))


@bp.get("/")
@requires("documents.read")
def index():
    return render_template(
        "documents_ui/templates/index.html",
        builtins=catalogue.builtins(),
        shared=queries.shared_templates(include_archived=request.args.get("status") == "all"),
    )


@bp.get("/builtin/<name>")
@requires("documents.read")
def builtin(name: str):
    found = found_or_404(catalogue.builtin(name))
    return render_template("documents_ui/templates/builtin.html", builtin=found)


@bp.get("/builtin/<name>/preview.pdf")
@requires("documents.read")
def builtin_preview(name: str):
    found = found_or_404(catalogue.builtin(name))
    source = TemplateSource(found.name, found.html, found.css, str(found.folder))
    try:
        pdf = services.preview(source, found.meta, author=current_user)
    except ServiceError as error:
        flash(str(error.message), "error")
        return redirect(url_for(".builtin", name=name))
    return pdf_response(pdf, services.document_filename(str(found.meta.title)), download=False)


@bp.route("/new", methods=["GET", "POST"])
@requires("documents.generate")
def create():
    services.check_may_manage_templates(current_user)
    form = TemplateCreateForm()
    form.copy_of.choices = [("", _("An empty template")), *((b.name, b.meta.title) for b in catalogue.builtins())]
    if request.method == "GET" and request.args.get("copy_of"):
        form.copy_of.data = request.args["copy_of"]
    if form.validate_on_submit():
        template = made(lambda: services.create_template(
            name=form.name.data, kind=form.kind.data, description=form.description.data,
            copy_of=form.copy_of.data or None, author=current_user, actor=current_user,
        ), form)  # fmt: skip
        if template is not None:
            flash(_("Template “%(name)s” created. Edit it, then publish it.", name=template.name), "success")
            return redirect(url_for(".edit", template_id=template.id))
    return render_template("documents_ui/templates/new.html", form=form), form_status(form)


@bp.get("/<int:template_id>")
@requires("documents.read")
def detail(template_id: int):
    template = _load(template_id)
    return render_template(
        "documents_ui/templates/detail.html",
        template=template,
        versions=queries.versions_of(template.id),
        confirm_form=ConfirmForm(),
    )


@bp.get("/<int:template_id>/versions/<int:number>")
@requires("documents.read")
def version(template_id: int, number: int):
    template = _load(template_id)
    found = found_or_404(queries.get_version(template.id, number))
    return render_template("documents_ui/templates/version.html", template=template, version=found)


@bp.route("/<int:template_id>/edit", methods=["GET", "POST"])
@requires("documents.generate")
def edit(template_id: int):
    template = _load(template_id)
    services.check_may_edit_template(current_user, template)
    form = TemplateEditForm()
    problems, conflict = [], None
    if request.method == "GET":
        form.fill_from(template)
        problems = services.check_draft(template)
    elif form.validate_on_submit():
        action = request.form.get("action", "save")
        try:
            services.save_draft(
                template, html=form.html.data, css=form.css.data, meta=form.meta_toml.data,
                expected_version=form.submitted_version(), actor=current_user,
            )  # fmt: skip
            if action == "publish":
                version = services.publish(template, author=current_user, note=form.note.data, actor=current_user)
                db.session.commit()
                flash(_("Version %(number)s of “%(name)s” is live.", number=version.number, name=template.name),
                      "success")  # fmt: skip
                return redirect(url_for(".detail", template_id=template.id))
            db.session.commit()
            if action == "preview":
                return _preview_draft(template)
            flash(_("Draft saved. The live version is unchanged until you publish."), "success")
            return redirect(url_for(".edit", template_id=template.id))
        except services.DraftProblems as error:
            db.session.commit()  # the draft is kept; only publishing was refused
            problems = error.problems
            form.version_id.data = template.version_id
        except ConflictError:
            db.session.rollback()
            current = _load(template_id)
            conflict = prepare_conflict(form, TemplateEditForm(formdata=None), current)
            template = current
    status = 409 if conflict is not None else (422 if problems and request.method == "POST" else form_status(form))
    return render_template(
        "documents_ui/templates/edit.html", form=form, template=template, problems=problems, conflict=conflict
    ), status


def _preview_draft(template):
    try:
        meta = catalogue.parse_meta(template.draft_meta)
        base = catalogue.builtin(template.copied_from) if template.copied_from else None
        source = TemplateSource(f"t{template.id}", template.draft_html, template.draft_css,
                                str(base.folder) if base else None)  # fmt: skip
        pdf = services.preview(source, meta, author=current_user)
    except catalogue.MetaError as error:
        flash(_("The preview could not be made: %(reason)s", reason=error.message), "error")
        return redirect(url_for(".edit", template_id=template.id))
    except ServiceError as error:  # says already that the preview could not be made, and why
        flash(str(error.message), "error")
        return redirect(url_for(".edit", template_id=template.id))
    return pdf_response(pdf, services.document_filename(f"{template.name} (voorbeeld)"), download=False)


@bp.route("/<int:template_id>/archive", methods=["GET", "POST"])
@requires("documents.generate")
def archive(template_id: int):
    template = _load(template_id)
    services.check_may_manage_templates(current_user)
    return archive_view(
        template,
        name=template.name,
        detail_url=url_for(".detail", template_id=template.id),
        message=_("The template can no longer be chosen for new documents. Documents made with it keep it."),
    )


@bp.post("/<int:template_id>/restore")
@requires("documents.generate")
def restore(template_id: int):
    template = _load(template_id)
    services.check_may_manage_templates(current_user)
    return restore_view(template, name=template.name, detail_url=url_for(".detail", template_id=template.id))
