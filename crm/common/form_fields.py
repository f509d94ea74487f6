"""Forms whose plain fields carry a record's attributes of the same names, copied by a list of names.

`fill_fields(form, record, names)` shows the record in the form; `field_values(form, names)` gives the input's
keyword arguments. A field that needs converting (a time in UTC, a list of ids, an owner key) stays written out.
`optional_text` declares the most common field: free text one may leave empty.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from wtforms import StringField
from wtforms.validators import Optional

from crm.common.forms import length, none_if_blank


def fill_fields(form: Any, record: Any, names: Iterable[str]) -> None:
    for name in names:
        form[name].data = getattr(record, name)


def field_values(form: Any, names: Iterable[str]) -> dict[str, Any]:
    return {name: form[name].data for name in names}


def optional_text(
    label: Any, max_length: int, *, field: type = StringField, blank_is_none: bool = False, **kwargs: Any
):
    """A text field one may leave empty, of at most `max_length` characters (`field`: a TextAreaField for more lines).
    `blank_is_none`: an empty answer is stored as no value (None) rather than as ""."""
    if blank_is_none:
        kwargs["filters"] = [none_if_blank]
    return field(label, validators=[Optional(), length(max_length)], **kwargs)
