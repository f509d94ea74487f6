"""Import forms: the upload, the mapping (one choice per column, read by the view), the start with row choices."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from werkzeug.datastructures import MultiDict
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Optional

from crm.common.files import plain_file_name
from crm.common.forms import BaseForm, length, none_if_blank, select_choices
from crm.imports.fields import KIND_LABELS
from crm.imports.models import RowChoice

CHOICE_LABELS = {
    RowChoice.SKIP: _l("Skip"),
    RowChoice.UPDATE: _l("Update the existing record"),
    RowChoice.CREATE: _l("Create anyway"),
}


def choice_options() -> list[tuple[str, str]]:
    return [(choice.value, str(label)) for choice, label in CHOICE_LABELS.items()]


def kind_options():
    return select_choices((kind.value, str(label)) for kind, label in KIND_LABELS.items())


class UploadForm(BaseForm):
    file = FileField(_l("File (CSV or Excel .xlsx)"), validators=[FileRequired(_l("Choose a file.")), plain_file_name])
    kind = SelectField(_l("The rows are"), validators=[DataRequired()],
                       choices=kind_options)  # fmt: skip
    mapping_name = SelectField(_l("Saved mapping"), validators=[Optional()], default="")


class MappingForm(BaseForm):
    save_as = StringField(_l("Save this mapping as"), validators=[Optional(), length(100)], filters=[none_if_blank],
                          description=_l("A name, to use the same mapping for the next file."))  # fmt: skip


def submitted_mapping(values: MultiDict, columns: int) -> dict[str, str]:
    """The field chosen for each column: form fields column-0, column-1, …"""
    return {str(index): values.get(f"column-{index}", "") for index in range(columns)}


class StartForm(BaseForm):
    default_choice = SelectField(
        _l("Rows that look like a record in the registry, unless chosen below"),
        choices=lambda: select_choices(choice_options()),
        default=RowChoice.SKIP.value,
    )


def submitted_choices(values: MultiDict) -> dict[str, str]:
    """Per row: choice-<row number> = skip | update | create."""
    return {key.removeprefix("choice-"): value for key, value in values.items()
            if key.startswith("choice-") and key.removeprefix("choice-").isdigit()}  # fmt: skip


class UndoForm(BaseForm):
    pass
