"""The jobs page for administrators (/admin/jobs/), a job's own page for whoever started it (/jobs/<id>), and the
health endpoints for a load balancer (/healthz: the process answers; /readyz: database, task storage and a worker
seen within WORKER_FRESH_SECONDS)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import text

from crm.common.errors import ServiceError
from crm.common.files import file_response
from crm.common.forms import ConfirmForm, page_number
from crm.common.views import found_or_404, paginate
from crm.extensions import db
from crm.permissions import has_permission, public, requires
from crm.tasks import queries, services
from crm.tasks.models import JOB_STATUS_LABELS, Job, JobStatus
from crm.tasks.queue import QueueUnavailable, task_queue
from crm.tasks.registry import kind_label

bp = Blueprint("jobs", __name__)


@bp.get("/admin/jobs/")
@requires("jobs.manage")
def index():
    filters = queries.JobFilters(kind=request.args.get("kind", "")[:40], status=request.args.get("status", "")[:20])
    page = paginate(queries.jobs_query(filters), page_number(request.args))
    kinds = [(kind, kind_label(kind)) for kind in queries.kinds_present()]
    return render_template("tasks/index.html", page=page, filters=filters, kinds=kinds, statuses=JOB_STATUS_LABELS,
                           counts=queries.status_counts(), workers=queries.workers(),
                           queue_up=task_queue().reachable(), form=ConfirmForm())  # fmt: skip


@bp.post("/admin/jobs/<int:job_id>/retry")
@requires("jobs.manage")
def retry(job_id: int):
    job = found_or_404(queries.get_job(job_id))
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.ensure_reachable()
        services.retry(job)
        db.session.commit()
        services.start(job_id)
        flash(_("Job %(id)s is queued again.", id=job_id), "success")
    except ServiceError as error:
        db.session.rollback()
        flash(str(error.message), "error")
    except QueueUnavailable:
        db.session.rollback()
        flash(str(services.QUEUE_DOWN), "error")
    return redirect(request.referrer if _same_site(request.referrer) else url_for(".index"))


def _same_site(url: str | None) -> bool:
    return bool(url) and url.startswith(request.host_url + "admin/jobs/")


def _own(job_id: int) -> Job:
    job = found_or_404(queries.get_job(job_id))
    if job.owner_id != current_user.id and not has_permission(current_user, "jobs.manage"):
        abort(404)  # someone else's job: as if it did not exist
    return job


@bp.get("/jobs/<int:job_id>")
@requires("account")
def detail(job_id: int):
    return render_template("tasks/detail.html", job=_own(job_id), workers=queries.workers(), result_url=result_url)


@bp.get("/jobs/<int:job_id>/status")
@requires("account")
def status(job_id: int):
    job = _own(job_id)
    return jsonify(status=job.status, done=job.done, total=job.total, percent=job.percent, error=job.error,
                   finished=job.is_finished, result=result_url(job))  # fmt: skip


@bp.get("/jobs/<int:job_id>/download")
@requires("account")
def download(job_id: int):
    job = _own(job_id)
    if job.status != JobStatus.DONE or job.result_ref != "file" or job.result is None:
        abort(404)
    mimetype = "application/zip" if (job.result_filename or "").endswith(".zip") else "application/pdf"
    return file_response(job.result, filename=job.result_filename, mimetype=mimetype)


def result_url(job: Job) -> str | None:
    """Where a finished job's result is: its file, or the document it made."""
    if job.status != JobStatus.DONE or not job.result_ref:
        return None
    if job.result_ref == "file":
        return url_for("jobs.download", job_id=job.id)
    kind, _sep, key = job.result_ref.partition(":")
    if kind == "generateddocument" and key.isdigit():
        return url_for("documents.detail", document_id=int(key))
    if kind == "import" and key.isdigit():
        return url_for("imports.detail", import_id=int(key))
    if kind == "inbox_preview" and key.isdigit():  # an e-mail that waits for its user to choose who it was with
        return url_for("inbox.preview", d=int(key))
    if kind == "interaction" and key.isdigit():  # an e-mail logged as a contact (crm/inbox)
        return url_for("interactions.detail", interaction_id=int(key))
    return None


@bp.get("/healthz")
@public
def healthz():
    return jsonify(status="ok")


@bp.get("/readyz")
@public
def readyz():
    checks = {"database": _check_database(), "tasks": task_queue().reachable()}
    try:
        workers = queries.workers() if checks["database"] else None
    except Exception:
        workers = None
    checks["worker"] = bool(workers and workers.running)
    last = workers.last_seen.isoformat() + "Z" if workers and workers.last_seen else None
    body = {"status": "ready" if all(checks.values()) else "not ready", "checks": checks,
            "workers": workers.alive if workers else 0, "last_heartbeat": last}  # fmt: skip
    return jsonify(body), 200 if all(checks.values()) else 503


def _check_database() -> bool:
    try:
        db.session.execute(text("SELECT 1"))
        return True
    except Exception:
        db.session.rollback()
        return False
