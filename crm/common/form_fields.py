"""Forms whose plain fields carry a record's attributes of the same names, copied by a list of names.

`fill_fields(form, record, names)` shows the record in the form; `field_values(form, names)` gives the input's
keyword arguments. A field that needs converting (a time in UTC, a list of ids, an owner key) stays written out.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def fill_fields(form: Any, record: Any, names: Iterable[str]) -> None:
    for name in names:
        form[name].data = getattr(record, name)


def field_values(form: Any, names: Iterable[str]) -> dict[str, Any]:
    return {name: form[name].data for name in names}
