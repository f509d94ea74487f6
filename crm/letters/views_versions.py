"""A letter's text versions: the list, one version, a readable diff between two, restoring an old one."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from crm.common.errors import ServiceError
from crm.common.forms import ConfirmForm, int_or_none
from crm.common.locking import ConflictError
from crm.common.views import found_or_404
from crm.extensions import db
from crm.letters import queries, services
from crm.letters.texts import diff_texts
from crm.letters.views_common import letter_url, load_letter
from crm.permissions import requires

bp = Blueprint("letter_versions", __name__, url_prefix="/letters")


@bp.get("/<int:letter_id>/versions")
@requires("letters.read")
def index(letter_id: int):
    letter = load_letter(letter_id)
    return render_template("letters/versions.html", letter=letter, versions=queries.versions_of(letter.id),
                           restore_form=ConfirmForm())  # fmt: skip


@bp.get("/<int:letter_id>/versions/<int:number>")
@requires("letters.read")
def show(letter_id: int, number: int):
    letter = load_letter(letter_id)
    version = found_or_404(queries.version_of(letter.id, number))
    return render_template("letters/version.html", letter=letter, version=version, restore_form=ConfirmForm())


@bp.get("/<int:letter_id>/diff")
@requires("letters.read")
def diff(letter_id: int):
    letter = load_letter(letter_id)
    new_number = int_or_none(request.args.get("to")) or letter.current_version
    old_number = int_or_none(request.args.get("from")) or max(new_number - 1, 1)
    old, new = queries.version_of(letter.id, old_number), queries.version_of(letter.id, new_number)
    if old is None or new is None:
        abort(404)
    return render_template(
        "letters/diff.html",
        letter=letter,
        old=old,
        new=new,
        paragraphs=diff_texts(old.full_text, new.full_text),
        numbers=list(range(letter.current_version, 0, -1)),
    )


@bp.post("/<int:letter_id>/versions/<int:number>/restore")
@requires("letters.write")
def restore(letter_id: int, number: int):
    letter = load_letter(letter_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        version = services.restore_version(letter, number, author=current_user)
        db.session.commit()
        flash(_("Version %(old)s restored as version %(new)s.", old=number, new=version.number), "success")
    except (ServiceError, ConflictError) as error:
        db.session.rollback()
        flash(getattr(error, "message", _("Someone else changed this letter; try again.")), "error")
        return redirect(url_for(".index", letter_id=letter_id))
    return redirect(letter_url(letter))
