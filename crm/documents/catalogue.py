"""Template metadata (meta.toml) and the built-in templates shipped in templates/documents/<name>/."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from flask_babel import lazy_gettext as _l

from config import ROOT
from crm.documents.meta_messages import translated

BUILTIN_DIR = ROOT / "templates" / "documents"
# "data": lists and tables Bondgenoot fills in from the registry (a report's rows); nobody types them in a form.
FIELD_TYPES = ("text", "textarea", "markdown", "date", "sections", "references", "organisations", "dossier", "data")
KINDS = ("joint_letter", "position_paper", "municipal_call", "minutes", "report", "other")
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,59}$")


@dataclass(frozen=True)
class Field:
    """A field a template declares. `label` and `help` (like the Meta's `title` and `description`) are lazy
    translations: the catalogue puts the built-in templates' English texts into the reader's language."""

    name: str
    label: str
    type: str
    required: bool = False
    help: str = ""


@dataclass(frozen=True)
class Meta:
    title: str
    kind: str
    description: str = ""
    fields: tuple[Field, ...] = ()
    sample: dict[str, Any] = field(default_factory=dict)

    @property
    def filled_from_data(self) -> bool:
        """A template with "data" fields is made from a page that gathers them (a report), not from a form."""
        return any(f.type == "data" for f in self.fields)


class MetaError(ValueError):
    def __init__(self, message: Any, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


def parse_meta(text: str) -> Meta:
    """meta.toml as a Meta, or MetaError with the line where it went wrong."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"line (\d+)", str(error))
        raise MetaError(_l("meta.toml: %(error)s", error=str(error)), int(found.group(1)) if found else None) from None
    title, kind = data.get("title"), data.get("kind", "other")
    if not isinstance(title, str) or not title.strip():
        raise MetaError(_l("meta.toml: ‘title’ is required."))
    if kind not in KINDS:
        raise MetaError(_l("meta.toml: ‘kind’ must be one of %(kinds)s.", kinds=", ".join(KINDS)))
    fields = []
    for index, raw in enumerate(data.get("fields", []), start=1):
        if not isinstance(raw, dict):
            raise MetaError(_l("meta.toml: field %(number)s must be a table.", number=index))
        name, kind_of_field = raw.get("name", ""), raw.get("type", "text")
        if not isinstance(name, str) or not _NAME.match(name):
            raise MetaError(_l("meta.toml: field %(number)s needs a name of lower-case letters, digits and _.",
                               number=index))  # fmt: skip
        if kind_of_field not in FIELD_TYPES:
            raise MetaError(_l("meta.toml: field ‘%(name)s’ has type ‘%(type)s’; use %(types)s.", name=name,
                               type=kind_of_field, types=", ".join(FIELD_TYPES)))  # fmt: skip
        if any(f.name == name for f in fields):
            raise MetaError(_l("meta.toml: field ‘%(name)s’ is declared twice.", name=name))
        fields.append(
            Field(
                name=name,
                label=translated(str(raw.get("label") or name)),
                type=kind_of_field,
                required=bool(raw.get("required", False)),
                help=translated(str(raw.get("help", ""))),
            )
        )
    sample = data.get("sample", {})
    if not isinstance(sample, dict):
        raise MetaError(_l("meta.toml: [sample] must be a table."))
    return Meta(
        title=translated(title.strip()),
        kind=kind,
        description=translated(str(data.get("description", "")).strip()),
        fields=tuple(fields),
        sample=sample,
    )


@dataclass(frozen=True)
class Builtin:
    name: str
    html: str
    css: str
    meta_text: str
    meta: Meta
    folder: Path


@lru_cache(maxsize=32)
def _load(name: str, stamp: float) -> Builtin:
    folder = BUILTIN_DIR / name
    meta_text = (folder / "meta.toml").read_text(encoding="utf-8")
    return Builtin(
        name=name,
        html=(folder / "template.html").read_text(encoding="utf-8"),
        css=(folder / "style.css").read_text(encoding="utf-8"),
        meta_text=meta_text,
        meta=parse_meta(meta_text),
        folder=folder,
    )


def builtin(name: str) -> Builtin | None:
    folder = BUILTIN_DIR / name
    if not _NAME.match(name) or not (folder / "template.html").is_file():
        return None
    stamp = max(p.stat().st_mtime for p in folder.iterdir())  # re-read after an edit, without a restart
    return _load(name, stamp)


def builtins() -> list[Builtin]:
    if not BUILTIN_DIR.is_dir():
        return []
    found = [builtin(p.name) for p in sorted(BUILTIN_DIR.iterdir()) if p.is_dir()]
    return [b for b in found if b is not None]
