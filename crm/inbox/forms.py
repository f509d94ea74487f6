"""The drop form (one or more .eml/.msg files, and the page they were dropped on) and the preview form (what to log
for each file, as the user corrected it)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from werkzeug.datastructures import MultiDict
from wtforms import HiddenField

from crm.common.files import BAD_NAME, clean_filename
from crm.common.forms import IdListField, OnceForm, int_or_none
from crm.inbox.services import Choices

MAX_FILES = 20


class DropForm(FlaskForm):
    files = MultipleFileField(_l("E-mail files (.eml or .msg)"))
    person = HiddenField()
    organisation = HiddenField()
    dossier = HiddenField()
    next = HiddenField()

    def validate_files(self, field) -> None:
        from wtforms.validators import ValidationError

        chosen = [f for f in field.data or [] if getattr(f, "filename", "")]
        if not chosen:
            raise ValidationError(_l("Choose one or more .eml or .msg files."))
        if len(chosen) > MAX_FILES:
            raise ValidationError(_l("At most %(n)s e-mails at once.", n=MAX_FILES))
        if any(clean_filename(f.filename) != f.filename for f in chosen):
            raise ValidationError(BAD_NAME)

    def uploads(self) -> list[tuple[str, bytes]]:
        return [(f.filename, f.read()) for f in self.files.data or [] if getattr(f, "filename", "")]

    def context(self) -> dict[str, int]:
        """The record the files were dropped on, for the preview to start with."""
        found = {name: int_or_none(getattr(self, name).data) for name in ("person", "organisation", "dossier")}
        return {name: value for name, value in found.items() if value}


class PreviewForm(OnceForm):
    """The drafts (`d`) and the dossiers for all of them; who each file is with comes as people-<id> and
    organisations-<id> from the pickers of its own section."""

    d = IdListField()
    dossier_ids = IdListField(_l("Dossiers"))
    next = HiddenField()


def choices_from(form_data: MultiDict, draft_ids: list[int], dossier_ids: list[int]) -> dict[int, Choices]:
    def ids(name: str) -> list[int]:
        return list(dict.fromkeys(i for i in map(int_or_none, form_data.getlist(name)) if i))[:50]

    return {
        draft_id: Choices(
            person_ids=ids(f"people-{draft_id}"),
            organisation_ids=ids(f"organisations-{draft_id}"),
            dossier_ids=dossier_ids,
        )
        for draft_id in draft_ids
    }
