"""Import pages: upload, map the columns, preview with each row's problems and duplicates, start, the record, undo."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from crm.common.commits import saved
from crm.common.errors import ServiceError
from crm.common.forms import page_number, select_choices
from crm.common.views import form_status, found_or_404, paginate
from crm.errors import render_error
from crm.extensions import db
from crm.imports import queries, services
from crm.imports.fields import FIELDS, KIND_LABELS
from crm.imports.forms import (
    MappingForm,
    StartForm,
    UndoForm,
    UploadForm,
    choice_options,
    submitted_choices,
    submitted_mapping,
)
from crm.imports.models import ImportKind, ImportStatus
from crm.imports.reading import megabytes
from crm.imports.undo import ERASED_REASON, UndoRefused, undo
from crm.permissions import has_permission, requires
from crm.tasks import services as tasks
from crm.tasks.queue import QueueUnavailable

bp = Blueprint("imports", __name__, url_prefix="/import")


def _load(import_id: int):
    return found_or_404(queries.get_import(import_id))


def _upload_form() -> UploadForm:
    form = UploadForm()
    form.mapping_name.choices = select_choices(
        [("", _("— suggest from the column names —"))]
        + [(m.name, f"{m.name} ({KIND_LABELS[ImportKind(m.kind)]})") for m in queries.mappings()]
    )
    return form


@bp.record_once
def _read_uploads_up_to_the_import_limit(state) -> None:
    """CSRF and the one-time form tokens read the form in app-level hooks, before any view: this hook goes first, so
    the upload page alone reads files up to IMPORT_MAX_BYTES (every other page keeps MAX_CONTENT_LENGTH)."""
    state.app.before_request_funcs.setdefault(None, []).insert(0, _upload_limit)


def _upload_limit() -> None:
    if request.endpoint == "imports.index":
        request.max_content_length = current_app.config["IMPORT_MAX_BYTES"] + 64 * 1024


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(_error):
    """The form again, naming the limit. The refusal can come before the access rule is applied (the form is read
    by the CSRF check): only those who may import see the page; others get the plain "too large" page."""
    if not has_permission(current_user, "imports.manage"):
        return render_error(413)
    form = UploadForm(formdata=None)
    form.mapping_name.choices = select_choices([("", "")])
    limit = megabytes(current_app.config["IMPORT_MAX_BYTES"])
    form.file.errors = [_("This file is larger than the limit of %(limit)s MB. Split it into smaller files.",
                          limit=limit)]  # fmt: skip
    return _index_page(form), 413


@bp.route("/", methods=["GET", "POST"])
@requires("imports.manage")
def index():
    form = _upload_form()
    if form.validate_on_submit():
        try:
            imp = services.upload(form.file.data.filename, form.file.data.read(), form.kind.data,
                                  author=current_user, mapping_name=form.mapping_name.data or None)  # fmt: skip
        except ServiceError as error:
            db.session.rollback()
            error.attach_to(form)
        else:
            import_id = imp.id
            db.session.commit()
            return redirect(url_for(".mapping", import_id=import_id))
    return _index_page(form), form_status(form)


def _index_page(form):
    page = paginate(queries.imports_query(), page_number(request.args))
    return render_template("imports/index.html", form=form, page=page, limit=megabytes(
        current_app.config["IMPORT_MAX_BYTES"]))  # fmt: skip


@bp.route("/<int:import_id>/mapping", methods=["GET", "POST"])
@requires("imports.manage")
def mapping(import_id: int):
    imp = _load(import_id)
    form = MappingForm()
    chosen = imp.mapping
    if imp.status != ImportStatus.DRAFT:
        return redirect(url_for(".detail", import_id=imp.id))
    if form.validate_on_submit():
        chosen = submitted_mapping(request.form, len(imp.headers))
        if saved(lambda: services.set_mapping(imp, chosen, save_as=form.save_as.data, author=current_user), form):
            return redirect(url_for(".preview", import_id=import_id))
    table = services.table_of(imp)
    return render_template("imports/mapping.html", imp=imp, form=form, chosen=chosen, samples=table.rows[:3],
                           fields=FIELDS[ImportKind(imp.kind)]), form_status(form)  # fmt: skip


@bp.route("/<int:import_id>/preview", methods=["GET", "POST"])
@requires("imports.manage")
def preview(import_id: int):
    imp = _load(import_id)
    if imp.status != ImportStatus.DRAFT:
        return redirect(url_for(".detail", import_id=imp.id))
    form = StartForm()
    if form.validate_on_submit():
        try:
            tasks.ensure_reachable()
            job = services.start(imp, submitted_choices(request.form), form.default_choice.data, author=current_user)
        except QueueUnavailable:
            db.session.rollback()
            form.form_errors.append(str(tasks.QUEUE_DOWN))
        except ServiceError as error:
            db.session.rollback()
            error.attach_to(form)
        else:
            job_id = job.id
            db.session.commit()
            try:
                tasks.start(job_id)
            except QueueUnavailable:
                flash(str(tasks.QUEUE_DOWN), "error")
            return redirect(url_for("jobs.detail", job_id=job_id))
    checked = services.preview(imp)
    return render_template("imports/preview.html", imp=imp, form=form, preview=checked, choices=choice_options(),
                           fields=FIELDS[ImportKind(imp.kind)]), form_status(form)  # fmt: skip


@bp.get("/<int:import_id>")
@requires("imports.manage")
def detail(import_id: int):
    imp = _load(import_id)
    return render_template(
        "imports/detail.html",
        imp=imp,
        form=UndoForm(),
        kind_label=KIND_LABELS[ImportKind(imp.kind)],
        undo_erased_reason=ERASED_REASON,
    )


@bp.post("/<int:import_id>/undo")
@requires("imports.manage")
def undo_import(import_id: int):
    imp = _load(import_id)
    form = UndoForm()
    if form.validate_on_submit():
        try:
            undo(imp, by=current_user)
        except (UndoRefused, ServiceError) as error:
            db.session.rollback()
            imp = _load(import_id)
            form.form_errors.append(str(error.message))
        else:
            db.session.commit()
            flash(_("The import has been undone."), "success")
            return redirect(url_for(".detail", import_id=import_id))
    return render_template("imports/detail.html", imp=imp, form=form, kind_label=KIND_LABELS[ImportKind(imp.kind)],
                           undo_erased_reason=ERASED_REASON), 422  # fmt: skip
