"""Small helpers views of every domain share: not found, form-error status, conflicts, pagination."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from crm.audit.queries import history_page
from crm.common import form_tokens
from crm.common.archiving import set_archived
from crm.common.commits import saved
from crm.common.forms import ConfirmForm, page_number
from crm.extensions import db
from crm.template_helpers import ENTITY_ENDPOINTS

SKIPPED_IN_CONFLICT = {"csrf_token", "version_id", "confirm_not_duplicate", "form_token"}
RECORD_ENDPOINTS = {**ENTITY_ENDPOINTS, "mergejob": ("mail_merge.detail", "job_id")}
Found = TypeVar("Found")


def found_or_404(record: Found | None) -> Found:
    """The record a route names, or the 404 page when there is none (or the user may not see it)."""
    if record is None:
        abort(404)
    return record


def form_status(form: Any) -> int:
    """422 when a submitted form has errors, so clients and tests can tell a refusal from a page view."""
    return 422 if request.method == "POST" and (form.errors or getattr(form, "form_errors", None)) else 200


def _display(field: Any, value: Any) -> str:
    if isinstance(value, list | tuple | set):  # a list of choices (dossiers, colleagues): their labels
        return ", ".join(filter(None, (_display(field, item) for item in value)))
    if value in (None, "", 0) and value is not False:
        return ""
    choices = getattr(field, "choices", None)
    if choices:
        return str({choice.value: choice.label for choice in choices}.get(value, value))
    return str(value)


def conflict_rows(submitted: Any, stored: Any) -> list[dict[str, str]]:
    """Fields where the user's input differs from what someone else saved meanwhile."""
    rows = []
    for field in submitted:
        if field.name in SKIPPED_IN_CONFLICT or field.type in {"HiddenField", "CSRFTokenField"}:
            continue
        mine, theirs = _display(field, field.data), _display(field, stored[field.name].data)
        if mine != theirs:
            rows.append({"label": str(field.label.text), "mine": mine, "theirs": theirs})
    return rows


def paginate(query, page: int, per_page: int | None = None):
    return db.paginate(
        query,
        page=page,
        per_page=per_page or current_app.config["ITEMS_PER_PAGE"],
        error_out=False,
        count=True,
    )


def confirm_page(form: Any, *, title: str, message: str, confirm_label: str, cancel_url: str, danger: bool = False):
    """The confirmation step before a destructive POST; works without JavaScript and by keyboard."""
    return render_template(
        "_partials/confirm.html",
        form=form,
        title=title,
        message=message,
        confirm_label=confirm_label,
        cancel_url=cancel_url,
        danger=danger,
    ), form_status(form)


def confirmed_change(
    change: Callable[[], object],
    *,
    done: str,
    done_url: str,
    cancel_url: str,
    commit: Callable[[Callable[[], object], Any], bool] = saved,
    **page: Any,
):
    """Confirm, then change: `change()` is the service call, `commit(change, form)` stores it (`saved` unless given),
    then the message `done` and the way to `done_url`. A business rule's refusal shows on the confirm page (422).
    `page`: the confirm page's title, message, confirm_label and danger."""
    form = ConfirmForm()
    if form.validate_on_submit() and commit(change, form):
        flash(done, "success")
        return redirect(done_url)
    return confirm_page(form, cancel_url=cancel_url, **page)


def history_view(record: Any, entity_type: str, back_url: str, hidden_fields: frozenset[str] = frozenset()):
    """A record's full history; `hidden_fields` are listed as changed without their values."""
    events = history_page(entity_type, record.id, page=page_number(request.args))
    return render_template(
        "_partials/history_page.html", record=record, events=events, back_url=back_url, hidden_fields=hidden_fields
    )


def archive_view(record: Any, *, name: str, detail_url: str, message: str):
    """Confirm, then archive: the record leaves lists and pickers but keeps its history."""
    form = ConfirmForm()
    if form.validate_on_submit():
        set_archived(record, True)
        db.session.commit()
        flash(_("%(name)s archived.", name=name), "success")
        return redirect(detail_url)
    return confirm_page(
        form,
        title=_("Archive %(name)s?", name=name),
        message=message,
        confirm_label=_("Archive"),
        cancel_url=detail_url,
    )


def restore_view(record: Any, *, name: str, detail_url: str):
    if ConfirmForm().validate_on_submit():
        set_archived(record, False)
        db.session.commit()
        flash(_("%(name)s restored.", name=name), "success")
    return redirect(detail_url)


def prepare_conflict(form: Any, stored: Any, current: Any) -> list[dict[str, str]]:
    """After a stale save: show what someone else saved next to the user's input, which the form keeps, and let
    the next save build on the current version."""
    stored.fill_from(current)
    form.version_id.data = current.version_id
    return conflict_rows(form, stored)


def _made_url(earlier: form_tokens.EarlierUse, user_id: int | None) -> str | None:
    if earlier.user_id != user_id or earlier.record_type not in RECORD_ENDPOINTS or earlier.record_id is None:
        return None
    endpoint, argument = RECORD_ENDPOINTS[earlier.record_type]
    return url_for(endpoint, **{argument: earlier.record_id})


def replay_guard():
    """Before a POST's view: claim its one-time form token (crm/common/form_tokens.py). A token that a committed
    request used already sends the user to the record that request made, and this one changes nothing."""
    if request.method != "POST":
        return None
    token = request.form.get("form_token", "")
    if not token or not form_tokens.is_well_formed(token):
        return None  # none: handled as before; damaged: the form refuses it
    user_id = current_user.id if current_user.is_authenticated else None
    earlier = form_tokens.claim(token, user_id)
    if earlier is None:
        return None
    db.session.rollback()
    flash(_("This form had already been sent. It has been saved once, not twice."), "info")
    query = request.query_string.decode()
    return redirect(_made_url(earlier, user_id) or request.path + (f"?{query}" if query else ""))
