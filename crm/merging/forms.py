"""Merge forms: pick two records by hand (type-ahead), and the side-by-side choice per field."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict
from wtforms import HiddenField, RadioField, StringField
from wtforms.validators import DataRequired, Optional

from crm.common.forms import BaseForm, length, select_choices


class PickForm(BaseForm):
    """A GET form (nothing changes): the two records to compare."""

    class Meta:
        csrf = False

    a_name = StringField(_l("First"), validators=[Optional(), length(200)])
    a = HiddenField()
    b_name = StringField(_l("Second"), validators=[Optional(), length(200)])
    b = HiddenField()


class MergeForm(BaseForm):
    keep = RadioField(
        _l("Keep"), choices=select_choices([("a", "A"), ("b", "B")]), validators=[DataRequired()], default="a"
    )
    a_version = HiddenField()
    b_version = HiddenField()


def chosen_sides(values: MultiDict, fields: tuple[str, ...]) -> dict[str, str]:
    """Per field: "a" or "b", from the radio buttons field-<name> (default: the record kept)."""
    return {name: values.get(f"field-{name}", "") for name in fields}
