"""Stakeholder map pages: the power/interest grid of a dossier (or its table), the high-influence stakeholders
nobody spoke to lately, a stakeholder's history on a dossier, recording, correcting and removing positions.

Every route needs `positions.read` or `positions.write`: positions are opinions about people, never for viewers.
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from crm.audit.queries import history_page
from crm.coalitions.queries import dossier_choices, get_dossier
from crm.common.errors import ServiceError
from crm.common.formatting import day
from crm.common.forms import int_or_none, page_number, select_choices
from crm.common.time import today, utcnow
from crm.common.urls import safe_next
from crm.common.views import form_status, found_or_404
from crm.common.views_records import locked_edit, removal_view
from crm.extensions import db
from crm.partners import queries as partner_queries
from crm.permissions import requires
from crm.stakeholders import queries, services
from crm.stakeholders.forms import AssessmentForm, PositionForm, period_arg
from crm.stakeholders.models import AUDIT_PARENT, LEVEL_LABELS, STANCE_LABELS
from crm.watch.evidence import vote_evidence

bp = Blueprint("stakeholders", __name__)

NOT_CONTACTED_SHOWN = 50


def _dossier(dossier_id: int):
    return found_or_404(get_dossier(dossier_id))


def _position(position_id: int):
    position = found_or_404(queries.get_position(position_id))
    services.check_may_edit(current_user, position)
    return position


def _map_url(dossier_id: int) -> str:
    return url_for(".grid", dossier_id=dossier_id)


@bp.get("/dossiers/<int:dossier_id>/stakeholders")
@requires("positions.read")
def grid(dossier_id: int):
    dossier = _dossier(dossier_id)
    days = period_arg(request.args)
    since = queries.contact_since(days, utcnow(), current_app.config["BABEL_DEFAULT_TIMEZONE"])
    neglected = queries.high_influence_not_contacted(dossier.id, since, NOT_CONTACTED_SHOWN + 1)
    stakeholders = queries.stakeholder_map(dossier.id)
    return render_template(
        "stakeholders/map.html",
        dossier=dossier,
        stakeholders=stakeholders,
        evidence=vote_evidence(dossier.id, stakeholders.cards, today()),
        view="table" if request.args.get("view") == "table" else "grid",
        days=days,
        periods=queries.PERIODS,
        neglected=neglected[:NOT_CONTACTED_SHOWN],
        more_neglected=len(neglected) > NOT_CONTACTED_SHOWN,
        stances=queries.STANCE_ORDER,
        levels=queries.LEVEL_ORDER,
        stance_labels=STANCE_LABELS,
        level_labels=LEVEL_LABELS,
    )


def _history_page(dossier_id: int, scope: str, record):
    dossier = _dossier(dossier_id)
    return render_template(
        "stakeholders/history.html",
        dossier=dossier,
        scope=scope,
        record=record,
        name=queries.stakeholder_name(record),
        history=queries.history(dossier.id, scope, record.id),
    )


@bp.get("/dossiers/<int:dossier_id>/stakeholders/people/<int:person_id>")
@requires("positions.read")
def person_history(dossier_id: int, person_id: int):
    person = found_or_404(partner_queries.get_person(person_id))
    return _history_page(dossier_id, "person", person)


@bp.get("/dossiers/<int:dossier_id>/stakeholders/organisations/<int:organisation_id>")
@requires("positions.read")
def organisation_history(dossier_id: int, organisation_id: int):
    organisation = found_or_404(partner_queries.get_organisation(organisation_id))
    return _history_page(dossier_id, "organisation", organisation)


@bp.get("/dossiers/<int:dossier_id>/stakeholders/changes")
@requires("positions.read")
def changes(dossier_id: int):
    """The audit trail of the dossier's map: every recording, correction and removal, who and when."""
    dossier = _dossier(dossier_id)
    events = history_page(AUDIT_PARENT, dossier.id, page=page_number(request.args))
    return render_template("stakeholders/changes.html", dossier=dossier, events=events)


def _form_choices(form: PositionForm) -> None:
    chosen = [form.dossier_id.data] if form.dossier_id.data else []
    form.dossier_id.choices = select_choices(
        [("", _("— choose a dossier —")), *((d.id, d.title) for d in dossier_choices(include=chosen))]
    )


def _prefill(form: PositionForm) -> None:
    """From a dossier, a person or organisation page, or a card ("update stance"): what is known is filled in; an
    update starts from the stakeholder's current stance, influence and interest."""
    args = request.args
    form.dossier_id.data = int_or_none(args.get("dossier"))
    person = partner_queries.get_person(int_or_none(args.get("person")) or 0) if args.get("person") else None
    organisation = None
    if person is None and args.get("organisation"):
        organisation = partner_queries.get_organisation(int_or_none(args.get("organisation")) or 0)
    if person is not None:
        form.person_name.data, form.person_id.data = person.full_name, person.id
    if organisation is not None:
        form.organisation_name.data, form.organisation_id.data = organisation.name, organisation.id
    form.observed_on.data = today()
    form.next.data = safe_next(args.get("next"), "")
    record = person or organisation
    if form.dossier_id.data and record is not None:
        scope = "person" if person is not None else "organisation"
        current = queries.current_position(form.dossier_id.data, scope, record.id)
        if current is not None:
            form.stance.data, form.influence.data, form.interest.data = (
                current.stance,
                current.influence,
                current.interest,
            )


@bp.route("/stakeholders/new", methods=["GET", "POST"])
@requires("positions.write")
def record():
    form = PositionForm()
    if request.method == "GET":
        _prefill(form)
    elif form.validate_on_submit():
        try:
            position = services.record_position(form.to_input(), author=current_user)
            db.session.commit()
            flash(
                _(
                    "Position of %(name)s on %(dossier)s recorded: %(stance)s.",
                    name=queries.stakeholder_name(position.stakeholder),
                    dossier=position.dossier.title,
                    stance=position.stance_label.lower(),
                ),
                "success",
            )
            return redirect(safe_next(form.next.data, _map_url(position.dossier_id)))
        except ServiceError as error:
            db.session.rollback()
            error.attach_to(form)
    _form_choices(form)
    back = int_or_none(form.dossier_id.data)
    return render_template(
        "stakeholders/form.html",
        form=form,
        position=None,
        back_url=safe_next(form.next.data, _map_url(back) if back else url_for("dossiers.index")),
    ), form_status(form)


@bp.route("/stakeholders/<int:position_id>/edit", methods=["GET", "POST"])
@requires("positions.write")
def edit(position_id: int):
    position = _position(position_id)
    form = AssessmentForm()
    if request.method == "GET":
        form.next.data = safe_next(request.args.get("next"), "")

    def page(shown, status: int, **conflict):
        return render_template(
            "stakeholders/form.html", form=form, position=shown, back_url=_history_url(shown), **conflict
        ), status

    return locked_edit(
        form,
        position,
        save=lambda: services.correct_position(
            position, form.assessment(), form.submitted_version(), actor=current_user
        ),
        saved=lambda: (_("The position has been corrected."), safe_next(form.next.data, _history_url(position))),
        reload=lambda: _position(position_id),
        page=page,
    )


def _history_url(position) -> str:
    if position.person_id:
        return url_for(".person_history", dossier_id=position.dossier_id, person_id=position.person_id)
    return url_for(".organisation_history", dossier_id=position.dossier_id, organisation_id=position.organisation_id)


@bp.route("/stakeholders/<int:position_id>/remove", methods=["GET", "POST"])
@requires("positions.write")
def remove(position_id: int):
    position = _position(position_id)
    back = _history_url(position)
    return removal_view(
        lambda: services.remove_position(position, actor=current_user),
        removed=_("The position has been removed. The audit trail keeps a record of it."),
        done_url=back,
        cancel_url=back,
        title=_(
            "Remove the position of %(name)s of %(date)s?",
            name=queries.stakeholder_name(position.stakeholder),
            date=day(position.observed_on),
        ),
        message=_(
            "Only remove a position that was entered by mistake. When the stance changed, record the new position "
            "instead, so the history shows the move."
        ),
        confirm_label=_("Remove"),
    )
