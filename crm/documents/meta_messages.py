"""The texts of a template's meta.toml that people read in the interface (title, description, field labels and
hints) go through the translation catalogue: the built-in templates are written in English, as every msgid is,
and the Dutch catalogue translates them. The sample data is the documents' own (Dutch) content and stays as it is.

`extract` is the Babel extractor for templates/documents/*/meta.toml (babel.cfg); `translated` is what
`catalogue.parse_meta` keeps, so a label is put into words in the reader's language when it is shown. A label of a
template someone wrote in Dutch has no entry in the catalogue and is shown as written."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from typing import Any

from flask_babel import lazy_gettext

TOP_LEVEL = ("title", "description")
PER_FIELD = ("label", "help")


def translated(text: str) -> Any:
    """The text as a lazy translation (an empty text stays empty: gettext("") is the catalogue's header)."""
    return lazy_gettext(text) if text else ""


def _line_of(lines: list[str], key: str, value: str, start: int) -> int:
    for number in range(start, len(lines)):
        if lines[number].lstrip().startswith(f"{key} ") and value[:20] in lines[number]:
            return number + 1
    return 0


def extract(fileobj, keywords, comment_tags, options) -> Iterator[tuple[int, str, str, list[str]]]:
    """Babel extraction method: (line, funcname, message, comments) for each readable text of a meta.toml."""
    text = fileobj.read().decode("utf-8")
    data = tomllib.loads(text)
    lines = text.splitlines()
    for key in TOP_LEVEL:
        if isinstance(data.get(key), str) and data[key].strip():
            yield _line_of(lines, key, data[key], 0), "gettext", data[key].strip(), []
    for field in data.get("fields", []):
        for key in PER_FIELD:
            if isinstance(field.get(key), str) and field[key]:
                yield _line_of(lines, key, field[key], 0), "gettext", field[key], []
