"""Privacy pages for administrators: the overview, a person's privacy record with the access export and the
erasure, and the retention review with erasure in bulk. Erasing needs a recent login."""

from __future__ import annotations

import json

from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from crm.auth.fresh import recent_login_required
from crm.common.commits import saved
from crm.common.errors import ServiceError
from crm.common.exports import content_disposition
from crm.common.forms import page_number
from crm.common.locking import ConflictError
from crm.common.time import today
from crm.common.views import form_status, found_or_404, paginate
from crm.extensions import db
from crm.partners.queries import PeopleFilters, get_person, people_query
from crm.permissions import requires
from crm.privacy import queries, queries_access, services, services_erasure
from crm.privacy import tasks as privacy_tasks
from crm.privacy.forms import AccessForm, BulkErasureForm, ErasureForm, PrivacyForm, chosen_ids, review_filters
from crm.privacy.models import LAWFUL_BASIS_LABELS
from crm.privacy.queries_erasure import erasure_plan
from crm.tasks import services as tasks
from crm.tasks.queue import QueueUnavailable

bp = Blueprint("privacy", __name__, url_prefix="/privacy")

SEARCH_RESULTS = 20


def _load(person_id: int):
    return found_or_404(get_person(person_id))


@bp.get("/")
@requires("privacy.manage")
def index():
    q = request.args.get("q", "").strip()[:200]
    found = list(db.session.scalars(people_query(PeopleFilters(q=q, status="all")).limit(SEARCH_RESULTS))) if q else []
    return render_template(
        "privacy/index.html",
        q=q,
        found=found,
        overview=queries.overview(),
        events=queries.recent_privacy_events(),
    )


def _person_page(person, form: PrivacyForm | None = None, access_form: AccessForm | None = None, status: int = 200):
    record = queries.privacy_of(person.id)
    if form is None:
        form = PrivacyForm(formdata=None)
        if record is not None:
            form.fill_from(record)
    return render_template(
        "privacy/person.html",
        person=person,
        record=record,
        form=form,
        access_form=access_form or AccessForm(formdata=None),
        history=queries.privacy_history(person.id),
        basis_labels=LAWFUL_BASIS_LABELS,
    ), status


@bp.route("/people/<int:person_id>", methods=["GET", "POST"])
@requires("privacy.manage")
def person(person_id: int):
    person = _load(person_id)
    if request.method == "GET":
        return _person_page(person)
    form = PrivacyForm()
    if form.validate_on_submit():
        try:
            services.save_privacy(person, queries.privacy_of(person.id), form.to_input(), form.submitted_version())
            db.session.commit()
            flash(_("Privacy record of %(name)s saved.", name=person.full_name), "success")
            return redirect(url_for(".person", person_id=person.id))
        except ConflictError:
            db.session.rollback()
            flash(_("Someone else changed this privacy record in the meantime; check it and save again."), "error")
            person = _load(person_id)
            current = queries.privacy_of(person.id)
            form.version_id.data = current.version_id if current else None
            return _person_page(person, form=form, status=409)
        except ServiceError as error:
            db.session.rollback()
            error.attach_to(form)
    return _person_page(person, form=form, status=form_status(form))


@bp.post("/people/<int:person_id>/access")
@requires("privacy.manage")
@recent_login_required
def access(person_id: int):
    """The access export: a POST, because it writes "exported" to the audit trail. Returned, never kept."""
    person = _load(person_id)
    form = AccessForm()
    if not form.validate_on_submit():
        return _person_page(person, access_form=form, status=422)
    record = queries.privacy_of(person.id)
    if record is not None and record.is_erased:
        flash(_("This person has been anonymised: there is nothing about them to export."), "error")
        return redirect(url_for(".person", person_id=person.id))
    export = queries_access.access_export(person, record)
    fmt = form.format.data
    if fmt == "pdf" and privacy_tasks.export_rows(export) > current_app.config["REPORT_QUEUE_ROWS"]:
        return _queue_access_pdf(person)
    try:
        if fmt == "pdf":
            body, mimetype = services.access_pdf(export, author_name=current_user.name), "application/pdf"
        else:
            body = json.dumps(queries_access.as_json(export), ensure_ascii=False, indent=2).encode()
            mimetype = "application/json"
        services.record_access_export(person, fmt)
        db.session.commit()
    except ServiceError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(url_for(".person", person_id=person.id))
    response = Response(body, mimetype=mimetype)
    filename = f"{today().isoformat()} Inzageverzoek persoon {person.id}.{fmt}"
    response.headers["Content-Disposition"] = content_disposition("attachment", filename)
    return response


def _queue_access_pdf(person):
    """A large export's PDF is made by a task worker; the export is logged now, as it is asked for."""
    try:
        tasks.ensure_reachable()
        job_id = privacy_tasks.queue_access_pdf(person, author=current_user).id
        services.record_access_export(person, "pdf")
        db.session.commit()
        tasks.start(job_id)
    except QueueUnavailable:
        db.session.rollback()
        flash(str(tasks.QUEUE_DOWN), "error")
        return redirect(url_for(".person", person_id=person.id))
    flash(_("The export is large: its PDF is made in the background and waits here for a day."), "info")
    return redirect(url_for("jobs.detail", job_id=job_id))


@bp.route("/people/<int:person_id>/erase", methods=["GET", "POST"])
@requires("privacy.manage")
@recent_login_required
def erase(person_id: int):
    person = _load(person_id)
    record = queries.privacy_of(person.id)
    if record is not None and record.is_erased:
        flash(_("This person has already been anonymised."), "info")
        return redirect(url_for(".person", person_id=person.id))
    form = ErasureForm()
    if form.validate_on_submit():
        name = person.full_name
        if saved(lambda: services_erasure.erase_person(person, form.to_input()), form):
            flash(_("%(name)s has been anonymised everywhere.", name=name), "success")
            return redirect(url_for(".person", person_id=person_id))
        person = _load(person_id)
    return render_template("privacy/erase.html", person=person, plan=erasure_plan(person), form=form), form_status(form)


@bp.get("/review")
@requires("privacy.manage")
def review():
    filters = review_filters(request.args)
    page = paginate(queries.review_query(filters), page_number(request.args))
    return render_template(
        "privacy/review.html",
        filters=filters,
        page=page,
        rows=queries.review_rows(page.items, filters),
        reasons=queries.REASONS,
    )


@bp.route("/review/erase", methods=["GET", "POST"])
@requires("privacy.manage")
@recent_login_required
def bulk_erase():
    """One confirmation for the people ticked on the review page, then one POST and one transaction."""
    form = BulkErasureForm()
    if request.method == "GET":
        form.person_ids.data = chosen_ids(request.args)
    people = queries.people_for_erasure(form.person_ids.data or [])
    if form.validate_on_submit():
        if len(people) != len(form.person_ids.data):
            form.person_ids.errors.append(_("One of the people no longer exists or has been anonymised; choose again."))
        elif saved(lambda: services_erasure.erase_people(people, form.to_input()), form):
            flash(ngettext("%(num)s person anonymised.", "%(num)s people anonymised.", len(people)), "success")
            return redirect(url_for(".review"))
        else:
            people = queries.people_for_erasure(form.person_ids.data or [])
    status = form_status(form) if request.method == "POST" else 200
    return render_template("privacy/bulk_erase.html", form=form, people=people), status
