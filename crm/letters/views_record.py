"""The record of a letter: sending it (the final PDF), its answer, and the exports (PDF and Markdown)."""

from __future__ import annotations

from functools import partial

from flask import Blueprint, Response, abort, flash, redirect, render_template
from flask_babel import gettext as _
from flask_login import current_user

from crm.common.commits import saved
from crm.common.errors import ServiceError
from crm.common.files import file_response
from crm.common.locking import ConflictError
from crm.common.time import today
from crm.common.views import form_status, found_or_404
from crm.letters import queries, services_sending
from crm.letters.forms import AnswerForm, SendForm
from crm.letters.models import LetterStatus
from crm.letters.views_common import changed_meanwhile, letter_url, load_letter
from crm.permissions import requires

bp = Blueprint("letter_record", __name__, url_prefix="/letters")


def _download(data: bytes, filename: str, mimetype: str) -> Response:
    return file_response(data, filename=filename, mimetype=mimetype)


@bp.route("/<int:letter_id>/send", methods=["GET", "POST"])
@requires("letters.write")
def send(letter_id: int):
    letter = load_letter(letter_id)
    try:
        services_sending.ensure_sendable(letter)
    except ServiceError as error:
        flash(str(error.message), "error")
        return redirect(letter_url(letter))
    form = SendForm()
    if form.validate_on_submit():
        send = partial(services_sending.send_letter, letter, sent_on=form.sent_on.data, channel=form.channel.data,
                       author=current_user, expected_version=form.submitted_version())  # fmt: skip
        try:
            if saved(send, form):
                flash(_("The letter is sent; its PDF is kept as the record."), "success")
                return redirect(letter_url(letter))
        except ConflictError:
            return changed_meanwhile(letter)
        letter = load_letter(letter_id)
    elif not form.is_submitted():
        form.sent_on.data = today()
        form.version_id.data = letter.version_id
    line = services_sending.signing_line(letter, queries.signatories_of(letter.id))
    return render_template("letters/send.html", letter=letter, form=form, line=line), form_status(form)


@bp.route("/<int:letter_id>/answer", methods=["GET", "POST"])
@requires("letters.write")
def answer(letter_id: int):
    letter = load_letter(letter_id)
    if letter.status != LetterStatus.SENT:
        flash(_("An answer can be recorded for a sent letter."), "error")
        return redirect(letter_url(letter))
    form = AnswerForm()
    if form.validate_on_submit():
        upload = form.pdf.data
        record = partial(
            services_sending.record_answer,
            letter,
            received_on=form.received_on.data,
            summary=form.summary.data,
            pdf=upload.read() if upload else None,
            filename=upload.filename if upload else None,
            author=current_user,
        )
        if saved(record, form):
            flash(_("The answer is recorded."), "success")
            return redirect(letter_url(letter))
        letter = load_letter(letter_id)
    elif not form.is_submitted():
        form.received_on.data = today()
    return render_template("letters/answer.html", letter=letter, form=form), form_status(form)


@bp.get("/<int:letter_id>/answer.pdf")
@requires("letters.read")
def answer_pdf(letter_id: int):
    found = queries.answer_with_pdf(letter_id)
    if found is None or not found.pdf:
        abort(404)
    return _download(found.pdf, found.pdf_filename or "answer.pdf", "application/pdf")


@bp.get("/<int:letter_id>/letter.pdf")
@requires("letters.read")
def pdf(letter_id: int):
    """The PDF as it was sent: the generated document, never rendered again."""
    letter = load_letter(letter_id)
    if letter.sent_document is None:
        abort(404)
    return _download(letter.sent_document.pdf, letter.sent_document.filename, "application/pdf")


@bp.get("/<int:letter_id>/letter.md")
@requires("letters.read")
def markdown(letter_id: int):
    letter = load_letter(letter_id)
    version = found_or_404(queries.current_version(letter))
    text = services_sending.markdown_export(letter, version, queries.signatories_of(letter.id))
    return _download(
        text.encode("utf-8"), services_sending.export_filename(letter, "md"), "text/markdown; charset=utf-8"
    )
