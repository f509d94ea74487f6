"""Mail merge pages: choose recipients and fill the letter, follow the progress, download the result."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, render_template, request, url_for
from flask import redirect as redirect_to
from flask_babel import gettext as _
from flask_login import current_user

from crm.coalitions.queries import coalition_choices
from crm.common.errors import ServiceError
from crm.common.files import file_response
from crm.common.forms import page_number
from crm.common.views import form_status, found_or_404, paginate
from crm.documents import merge, queries, recipients
from crm.documents.forms import field_input, merge_form_class
from crm.documents.models import MergeStatus
from crm.documents.views_documents import chosen_organisations, fillable_form
from crm.extensions import db
from crm.partners.kinds import OrganisationKind
from crm.partners.queries import organisations_of_kind
from crm.permissions import requires
from crm.rendering.render import RenderOptions
from crm.tasks import queries as task_queries
from crm.tasks import services as tasks
from crm.tasks.queue import QueueUnavailable

bp = Blueprint("mail_merge", __name__, url_prefix="/documents/merge")


def recipient_choices(extra: str | None) -> list[tuple[str, str]]:
    """Every named set of recipients, grouped by what it is; plus a filtered list handed over from a list page."""
    choices = [("", _("— choose —")), ("municipalities", _("All municipalities"))]
    choices += [(f"province:{p.id}", _("Municipalities in %(province)s", province=p.name))
                for p in organisations_of_kind(OrganisationKind.PROVINCE)]  # fmt: skip
    choices += [(f"coalition:{c.id}", _("Members of %(coalition)s", coalition=c.name)) for c in coalition_choices()]
    choices += [(f"committee:{c.id}", _("Members of %(committee)s", committee=c.name))
                for c in organisations_of_kind(OrganisationKind.COMMITTEE)]  # fmt: skip
    if extra and extra.partition(":")[0] in ("organisations", "people"):
        organisations = extra.startswith("organisations")
        label = _("The filtered organisation list") if organisations else _("The filtered people list")
        choices.insert(1, (extra, label))
    return choices


@bp.get("/")
@requires("documents.read")
def index():
    page = paginate(queries.merge_jobs_query(), page_number(request.args))
    return render_template("documents_ui/merge/index.html", page=page)


@bp.route("/new/<path:ref>", methods=["GET", "POST"])
@requires("documents.generate")
def create(ref: str):
    chosen, form = fillable_form(ref, merge_form_class)
    handed_over = request.values.get("recipients", "")
    form.recipients.choices = recipient_choices(handed_over)
    if request.method == "GET":
        form.recipients.data = handed_over
    elif form.validate_on_submit():
        try:
            selection = recipients.resolve(form.recipients.data)
            job = merge.create_job(
                chosen, field_input(form, chosen.meta), title=form.title.data, selection=selection,
                output=form.output.data, log_contacts=form.log_contacts.data,
                options=RenderOptions(pdfa=form.pdfa.data, tagged=form.tagged.data), author=current_user,
            )  # fmt: skip
            tasks.ensure_reachable()  # before the commit: a queue that is down leaves nothing behind
            job_id = job.id
            db.session.commit()
            tasks.start(job_id)
        except ServiceError as error:
            db.session.rollback()
            error.attach_to(form, prefix="f_")
        except QueueUnavailable:
            db.session.rollback()
            form.form_errors.append(tasks.QUEUE_DOWN)
            return _form_page(form, chosen, ref), 503
        else:
            return redirect_to(url_for(".detail", job_id=job_id))
    return _form_page(form, chosen, ref), form_status(form)


def _form_page(form, chosen, ref: str) -> str:
    return render_template("documents_ui/merge/form.html", form=form, chosen=chosen, ref=ref,
                           organisations=chosen_organisations(form, chosen.meta))  # fmt: skip


def _load(job_id: int):
    return found_or_404(queries.get_merge_job(job_id))


@bp.get("/<int:job_id>")
@requires("documents.read")
def detail(job_id: int):
    job = _load(job_id)
    workers = None if job.is_finished else task_queries.workers()  # "no worker is running" while it waits
    return render_template("documents_ui/merge/detail.html", job=job, workers=workers)


@bp.get("/<int:job_id>/status")
@requires("documents.read")
def status(job_id: int):
    job = _load(job_id)
    return jsonify(
        status=job.status, done=job.done, total=job.total, percent=job.percent, error=job.error,
        finished=job.is_finished or job.is_stalled,
        download=url_for(".download", job_id=job.id) if job.status == MergeStatus.DONE else None,
    )  # fmt: skip


@bp.get("/<int:job_id>/download")
@requires("documents.read")
def download(job_id: int):
    job = _load(job_id)
    if job.status != MergeStatus.DONE or job.result is None:
        abort(404)
    mimetype = "application/zip" if job.result_filename.endswith(".zip") else "application/pdf"
    return file_response(job.result, filename=job.result_filename, mimetype=mimetype)
