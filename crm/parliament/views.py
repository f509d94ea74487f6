"""The parliamentary agenda, an activity's page, the sync status (administrators) and the review list."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from crm.common.commits import made
from crm.common.forms import ConfirmForm, page_number
from crm.common.time import utc_to_local
from crm.common.views import found_or_404, paginate
from crm.extensions import db
from crm.parliament import queries, queries_admin, services
from crm.parliament.forms import ACTIVITY_KIND_LABELS, PERIOD_LABELS, CreateForm, LinkForm, agenda_filters
from crm.parliament.sync import sync_is_running
from crm.parliament.tasks import queue_sync
from crm.parliament.values import GUID_PATTERN
from crm.permissions import requires
from crm.tasks import services as jobs
from crm.tasks.queue import QueueUnavailable

if TYPE_CHECKING:
    from crm.partners.models import Person

bp = Blueprint("parliament", __name__, url_prefix="/parliament")


@bp.get("/")
@requires("parliament.read")
def index():
    return redirect(url_for(".agenda"))


@bp.get("/agenda")
@requires("parliament.read")
def agenda():
    filters = agenda_filters(request.args)
    committees = queries.committee_choices()
    committee = next((c for c in committees if c.id == filters.committee_id), None)
    page = paginate(queries.agenda_query(filters, committee), page_number(request.args))
    return render_template(
        "parliament/agenda.html",
        page=page,
        filters=filters,
        committees=committees,
        committee_of=queries.committees_of(page.items),
        kinds=ACTIVITY_KIND_LABELS,
        periods=PERIOD_LABELS,
        activity_url=queries.activity_url,
    )


@bp.get("/activities/<activity_id>")
@requires("parliament.read")
def activity(activity_id: str):
    if not GUID_PATTERN.match(activity_id):
        abort(404)
    found = found_or_404(queries.get_activity(activity_id))
    day = (found.sort_at and _local_day(found.sort_at)) or None
    return render_template(
        "parliament/activity.html",
        activity=found,
        committee=queries.committees_of([found]).get(found.committee_id),
        items=queries.agenda_items(found),
        members=queries.committee_members(found.committee_id, day) if day else [],
        member_day=day,
        activity_url=queries.activity_url,
        case_url=queries.case_url,
        document_url=queries.document_url,
        kinds=ACTIVITY_KIND_LABELS,
    )


def _local_day(moment):
    return utc_to_local(moment, current_app.config["BABEL_DEFAULT_TIMEZONE"]).date()


@bp.get("/sync")
@requires("parliament.manage")
def sync_status():
    runs = queries_admin.latest_runs()
    return render_template(
        "parliament/sync.html",
        runs=runs,
        sets=queries_admin.set_statuses(runs),
        running=sync_is_running(),
        confirm_form=ConfirmForm(),
    )


@bp.post("/sync")
@requires("parliament.manage")
def sync_now():
    """ "Sync now": a job for a task worker (the scheduled sync is the same job on PARLIAMENT_SYNC_CRON)."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        jobs.ensure_reachable()
        job_id = queue_sync(owner=current_user, full=request.form.get("full") == "1").id
        db.session.commit()
        jobs.start(job_id)
        flash(_("The sync is queued; a task worker runs it. Its run appears below."), "success")
    except QueueUnavailable:
        db.session.rollback()
        flash(str(jobs.QUEUE_DOWN), "error")
    return redirect(url_for(".sync_status"))


@bp.get("/review")
@requires("registry.write")
def review():
    page = paginate(queries_admin.review_query(), page_number(request.args))
    return render_template(
        "parliament/review.html",
        page=page,
        rows=queries_admin.review_rows(page.items),
        link_form=LinkForm(),
        create_form=CreateForm(),
    )


def _load_review(kamer_person_id: str):
    if not GUID_PATTERN.match(kamer_person_id):
        abort(404)
    return found_or_404(queries_admin.get_review(kamer_person_id))


def _to_registry(make_person: Callable[[], Person], done: Callable[[str], str]):
    """Link a Kamerlid to a registry person, or add one: the person's page on success, else back to the review."""
    person = made(make_person)
    if person is None:
        return redirect(url_for(".review"))
    flash(done(person.full_name), "success")
    return redirect(url_for("people.detail", person_id=person.id))


@bp.post("/review/<kamer_person_id>/link")
@requires("registry.write")
def link(kamer_person_id: str):
    kamerlid = _load_review(kamer_person_id)
    form = LinkForm()
    if not form.validate_on_submit():
        flash(_("Choose one of the people listed."), "error")
        return redirect(url_for(".review"))
    return _to_registry(lambda: services.link_kamerlid(kamerlid, form.person_id.data),
                        lambda name: _("%(name)s is linked to the Tweede Kamer.", name=name))  # fmt: skip


@bp.post("/review/<kamer_person_id>/create")
@requires("registry.write")
def create(kamer_person_id: str):
    kamerlid = _load_review(kamer_person_id)
    if not CreateForm().validate_on_submit():
        return redirect(url_for(".review"))
    return _to_registry(lambda: services.create_for_kamerlid(kamerlid),
                        lambda name: _("%(name)s was added to the registry.", name=name))  # fmt: skip
