"""What the letter pages share: loading a letter or 404, choices for the form, the page context."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _

from crm.coalitions import queries as coalition_queries
from crm.common.forms import select_choices
from crm.common.views import found_or_404
from crm.extensions import db
from crm.letters import queries
from crm.letters.forms import AddSignatoriesForm, TransitionForm
from crm.letters.invitations import latest_by_signatory
from crm.letters.models import JointLetter
from crm.letters.services import available_transitions, is_sendable
from crm.letters.services_sending import signing_line


def changed_meanwhile(letter: JointLetter):
    """After a stale step (ConflictError): nothing is stored; back to the letter, which shows what changed."""
    db.session.rollback()
    flash(_("Someone else changed this letter at the same moment; check it and try again."), "error")
    return redirect(letter_url(letter))


def load_letter(letter_id: int) -> JointLetter:
    return found_or_404(queries.get_letter(letter_id))


def letter_url(letter: JointLetter, anchor: str | None = None) -> str:
    return url_for("letters.detail", letter_id=letter.id, _anchor=anchor)


def fill_choices(form, letter: JointLetter | None = None, none_label: str = "—") -> None:
    coalitions = coalition_queries.coalition_choices()
    if letter is not None and letter.coalition is not None and letter.coalition not in coalitions:
        coalitions = [letter.coalition, *coalitions]
    form.coalition_id.choices = select_choices([("", none_label), *((c.id, c.name) for c in coalitions)])
    linked = [d.id for d in letter.dossiers] if letter else []
    form.dossier_ids.choices = select_choices((d.id, d.title) for d in coalition_queries.dossier_choices(linked))


def detail_context(letter: JointLetter, user) -> dict:
    signatories = queries.signatories_of(letter.id)
    version = queries.current_version(letter)
    return {
        "letter": letter,
        "version": version,
        "signatories": signatories,
        "mails": latest_by_signatory([s.id for s in signatories]),  # the newest invitation e-mail of each
        "count": queries.signature_counts([letter]).get(letter.id),
        "line": signing_line(letter, signatories),
        "events": queries.events_of(letter.id),
        "answer": queries.answer_of(letter.id),
        "transitions": available_transitions(letter, user),
        "sendable": is_sendable(letter),
        "transition_form": TransitionForm(formdata=None, version_id=letter.version_id),
        "add_form": AddSignatoriesForm(formdata=None),
    }
