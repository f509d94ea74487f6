"""A dossier's watch: its rules (add, remove), dismissing a false match and taking a dismissal back. The panel
itself is on the dossier page (crm/watch/panel.py)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from crm.coalitions import queries as dossier_queries
from crm.common.errors import ServiceError
from crm.common.forms import ConfirmForm, select_choices
from crm.common.views import form_status, found_or_404
from crm.extensions import db
from crm.parliament.queries import committee_choices
from crm.permissions import can_edit, ensure, requires
from crm.watch import queries, services
from crm.watch.forms import DismissForm, RuleForm
from crm.watch.models import WatchDismissal, WatchRule

bp = Blueprint("watch", __name__, url_prefix="/dossiers")


def _editable_dossier(dossier_id: int):
    dossier = found_or_404(dossier_queries.get_dossier(dossier_id))
    ensure(can_edit(current_user, dossier))
    return dossier


def _part_of_editable_dossier(model, part_id: int):
    """A rule or a dismissal, and its dossier for a user who may change it."""
    part = found_or_404(db.session.get(model, part_id))
    return part, _editable_dossier(part.dossier_id)


def _confirmed_change(change, done: str, dossier):
    """A one-click change from the rules page (with its confirm form): made and committed, then back there."""
    if ConfirmForm().validate_on_submit():
        change()
        db.session.commit()
        flash(done, "success")
    return redirect(url_for(".rules", dossier_id=dossier.id))


def _rule_form() -> RuleForm:
    form = RuleForm()
    form.committee_id.choices = select_choices([(None, "—"), *((c.id, c.name) for c in committee_choices())])
    return form


@bp.route("/<int:dossier_id>/watch", methods=["GET", "POST"])
@requires("registry.write")
def rules(dossier_id: int):
    dossier = _editable_dossier(dossier_id)
    form = _rule_form()
    if form.validate_on_submit():
        try:
            rule = services.add_rule(dossier, form.kind.data, text=form.value.data,
                                     committee_id=form.committee_id.data, user=current_user)  # fmt: skip
            db.session.commit()
            flash(_("The dossier now watches %(label)s.", label=rule.label), "success")
            return redirect(url_for(".rules", dossier_id=dossier.id))
        except ServiceError as error:
            db.session.rollback()
            error.attach_to(form)
    return render_template(
        "watch/rules.html",
        dossier=dossier,
        form=form,
        rules=queries.rules_with_counts(dossier.id),
        dismissed=queries.dismissals(dossier.id),
        confirm_form=ConfirmForm(),
    ), form_status(form)


@bp.post("/watch-rules/<int:watch_rule_id>/remove")
@requires("registry.write")
def remove_rule(watch_rule_id: int):
    rule, dossier = _part_of_editable_dossier(WatchRule, watch_rule_id)
    done = _("The dossier no longer watches %(label)s.", label=rule.label)
    return _confirmed_change(lambda: services.remove_rule(rule), done, dossier)


@bp.post("/<int:dossier_id>/watch/dismiss")
@requires("registry.write")
def dismiss(dossier_id: int):
    dossier = _editable_dossier(dossier_id)
    form = DismissForm()
    try:
        if not form.validate_on_submit():
            raise ServiceError(_("This item is not on the dossier."))
        dismissal = services.dismiss(dossier, form.item_kind.data or "", form.item_id.data or "", current_user)
        db.session.commit()
        flash(_("“%(label)s” is no longer shown on this dossier.", label=dismissal.label[:120]), "success")
    except ServiceError as error:
        db.session.rollback()
        flash(str(error.message), "error")
    return redirect(url_for("dossiers.detail", dossier_id=dossier.id) + "#kamer-heading")


@bp.post("/watch-dismissals/<int:watch_dismissal_id>/undo")
@requires("registry.write")
def undo_dismissal(watch_dismissal_id: int):
    dismissal, dossier = _part_of_editable_dossier(WatchDismissal, watch_dismissal_id)
    done = _("“%(label)s” is shown on this dossier again.", label=dismissal.label[:120])
    return _confirmed_change(lambda: services.undo_dismissal(dismissal), done, dossier)
