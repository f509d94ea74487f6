"""The Dutch catalogue covers every string in the code and templates, with the same placeholders."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "crm/translations/nl/LC_MESSAGES/messages.po"
METHODS = [
    ("crm/**.py", "python"),
    ("templates/**.html", "jinja2"),
    ("templates/documents/**/meta.toml", "crm.documents.meta_messages:extract"),
]
OPTIONS = {"templates/**.html": {"trimmed": "true"}}
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def source_messages() -> set[str]:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), METHODS, OPTIONS, KEYWORDS, directory_filter=lambda d: not Path(d).name.startswith((".", "venv"))
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_every_source_string_has_a_dutch_translation():
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle)
    translated = {}
    for entry in catalogue:
        if entry.id:
            key = entry.id[0] if isinstance(entry.id, tuple) else entry.id
            strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
            translated[key] = strings if all(strings) and "fuzzy" not in entry.flags else None
    missing = sorted(m for m in source_messages() if not translated.get(m))
    assert missing == [], "run `make messages` and translate: " + "; ".join(missing[:10])


def test_translations_keep_their_placeholders():
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle)
    broken = []
    for entry in catalogue:
        if not entry.id:
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        expected = set(PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            if set(PLACEHOLDER.findall(string)) != expected:
                broken.append(ids[0])
    assert broken == []


def test_every_audited_record_and_field_has_a_label(app):
    """The history and the audit log name what changed in words, never by a column name like "signed_at"."""
    from crm.audit.models import Audited
    from crm.common.labels import ENTITY_LABELS, FIELD_LABELS, field_label
    from crm.extensions import db

    unlabelled = []
    for mapper in db.Model.registry.mappers:
        model = mapper.class_
        if not issubclass(model, Audited):
            continue
        if model.audit_type() not in ENTITY_LABELS:
            unlabelled.append(model.audit_type())
        excluded = model.__audit_exclude__ | {"id", "version_id", "created_at", "updated_at"}
        for column in mapper.column_attrs:
            if column.key not in excluded and field_label(column.key) == column.key.replace("_", " "):
                unlabelled.append(f"{model.audit_type()}.{column.key}")
    assert not unlabelled, f"no label in crm/common/labels.py for: {', '.join(unlabelled)}"
    assert field_label("dossier_id") == str(FIELD_LABELS["dossier"])
