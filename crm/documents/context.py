"""The plain data a template is filled with: built from the registry here, never handed over as ORM objects."""

from __future__ import annotations

import base64
import re
from datetime import date
from typing import Any

from flask import current_app
from sqlalchemy import select

from crm.coalitions.models import Dossier
from crm.common.time import today
from crm.documents import queries
from crm.documents.catalogue import Meta
from crm.documents.models import OrganisationLogo
from crm.extensions import db
from crm.partners.kinds import OrganisationKind
from crm.partners.models import Organisation

SALUTATIONS = {
    OrganisationKind.MUNICIPALITY.value: "Geacht college van burgemeester en wethouders",
    OrganisationKind.PROVINCE.value: "Geacht college van Gedeputeerde Staten",
    OrganisationKind.COMMITTEE.value: "Geachte leden van de commissie",
    OrganisationKind.PARLIAMENT.value: "Geachte Kamerleden",
}
_SECTION = re.compile(r"^##\s+(.+?)\s*#*\s*$", re.M)


def logos_for(organisation_ids: list[int]) -> dict[int, str]:
    """The stored logos of these organisations as data: URIs (the render fetcher loads nothing else)."""
    if not organisation_ids:
        return {}
    rows = db.session.execute(
        select(OrganisationLogo.organisation_id, OrganisationLogo.png).where(
            OrganisationLogo.organisation_id.in_(organisation_ids)
        )
    )
    return {row.organisation_id: "data:image/png;base64," + base64.b64encode(row.png).decode() for row in rows}


def organisation_dict(org: Organisation, logo: str = "") -> dict[str, Any]:
    # The id lets "Make another" pick the same organisation again, even after a rename.
    return {"id": org.id, "name": org.name, "acronym": org.acronym or "", "logo": logo}


def sender() -> dict[str, Any]:
    """Our own organisation, as it signs: found by the name in OWN_ORGANISATION."""
    name = current_app.config["OWN_ORGANISATION"]
    org = db.session.scalar(select(Organisation).where(Organisation.name == name).limit(1))
    if org is None:
        return {"name": name, "acronym": "", "address": "", "postal_code": "", "city": "", "website": "",
                "email": "", "phone": "", "logo": ""}  # fmt: skip
    logo = logos_for([org.id]).get(org.id, "")
    return {
        **organisation_dict(org, logo),
        "address": org.address or "",
        "postal_code": org.postal_code or "",
        "city": org.city or "",
        "website": org.website or "",
        "email": org.email or "",
        "phone": org.phone or "",
    }


def recipient(org: Organisation) -> dict[str, Any]:
    """An organisation as the addressee of a letter: address block and the salutation its kind calls for."""
    municipality = org.name.removeprefix("Gemeente ").strip() if org.kind == OrganisationKind.MUNICIPALITY else ""
    return {
        "name": org.name,
        "acronym": org.acronym or "",
        "kind": org.kind,
        "address": org.address or "",
        "postal_code": org.postal_code or "",
        "city": org.city or "",
        "municipality": municipality,
        # The province's name as a sentence uses it ("de provincie Fryslân"), as `municipality` is the town's.
        "province": _without_prefix(org.province.name, "Provincie ") if org.province else "",
        "salutation": SALUTATIONS.get(org.kind, "Geachte heer, mevrouw"),
        "person": "",
    }


def _without_prefix(name: str, prefix: str) -> str:
    return name[len(prefix) :].strip() if name.lower().startswith(prefix.lower()) else name


def split_sections(text: str) -> list[dict[str, str]]:
    """Markdown with "## Heading" lines as a list of {heading, body}: how a sections field is typed."""
    text = (text or "").strip()
    if not text:
        return []
    marks = list(_SECTION.finditer(text))
    if not marks:
        return [{"heading": "", "body": text}]
    sections = []
    if text[: marks[0].start()].strip():
        sections.append({"heading": "", "body": text[: marks[0].start()].strip()})
    for mark, following in zip(marks, [*marks[1:], None], strict=True):
        end = following.start() if following else len(text)
        sections.append({"heading": mark.group(1), "body": text[mark.end() : end].strip()})
    return _footnotes_with_their_calls(sections)


# "[^label]: text", with the indented lines (and blank lines before them) that continue it.
_FOOTNOTE = re.compile(r"^\[\^([^\]\s]+)\]:.*(?:\n(?:[ \t]*\n)*(?: {4}|\t).*)*", re.M)


def _footnotes_with_their_calls(sections: list[dict[str, str]]) -> list[dict[str, str]]:
    """Each chapter is rendered on its own, so a note defined at the end of the text (where people put them) goes
    to every chapter that calls it; otherwise "[^1]" would stay as typed and the note land in the last chapter.
    A note nobody calls stays where it was written."""
    notes: dict[str, tuple[int, str]] = {}
    for index, section in enumerate(sections):
        for found in _FOOTNOTE.finditer(section["body"]):
            notes.setdefault(found.group(1), (index, found.group(0).strip()))
    if not notes:
        return sections
    bodies = [_FOOTNOTE.sub("", section["body"]).strip() for section in sections]
    called = {label for label in notes if any(f"[^{label}]" in body for body in bodies)}
    moved = []
    for index, (section, body) in enumerate(zip(sections, bodies, strict=True)):
        used = [note for label, (home, note) in notes.items()
                if f"[^{label}]" in body or (home == index and label not in called)]  # fmt: skip
        moved.append({**section, "body": "\n\n".join([body, *used]) if used else body})
    return moved


def document_day(meta: Meta, values: dict[str, Any]) -> str | None:
    """The date the document itself carries (a letter's date, a paper's publication date): its first date field that
    is filled in. File names start with it, so "2026-03-12 Oproep …" is the letter of 12 March, whenever it was made."""
    for field in meta.fields:
        value = values.get(field.name)
        if field.type == "date" and isinstance(value, str) and _ISO_DAY.fullmatch(value):
            return value
    return None


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def field_values(meta: Meta, raw: dict[str, Any]) -> dict[str, Any]:
    """Form input (ids, text) → the plain values a template sees, per declared field type."""
    values: dict[str, Any] = {}
    organisation_ids = [i for f in meta.fields if f.type == "organisations" for i in raw.get(f.name) or []]
    organisations = {o.id: o for o in db.session.scalars(select(Organisation).where(Organisation.id.in_(
        organisation_ids)))} if organisation_ids else {}  # fmt: skip
    logos = logos_for(list(organisations))
    for field in meta.fields:
        value = raw.get(field.name)
        if field.type == "organisations":
            values[field.name] = [organisation_dict(organisations[i], logos.get(i, "")) for i in value or []
                                  if i in organisations]  # fmt: skip
        elif field.type == "dossier":
            dossier = db.session.get(Dossier, value) if value else None
            values[field.name] = {"id": dossier.id, "title": dossier.title, "description": dossier.description or ""} \
                if dossier else ""  # fmt: skip
        elif field.type == "sections":
            values[field.name] = split_sections(value or "")
        elif field.type == "references":
            values[field.name] = [line.strip() for line in (value or "").splitlines() if line.strip()]
        elif field.type == "date":
            values[field.name] = value.isoformat() if isinstance(value, date) else (value or "")
        elif field.type == "data":
            values[field.name] = plain_data(value)
        else:
            values[field.name] = value or ""
    return values


def plain_data(value: Any) -> Any:
    """Lists, tables and scalars as a template may see them: dates as ISO text, anything else as text."""
    if isinstance(value, dict):
        return {str(key): plain_data(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain_data(item) for item in value]
    if value is None or isinstance(value, str | int | float | bool):
        return "" if value is None else value
    if isinstance(value, date):  # a datetime is a date too
        return value.isoformat()
    return str(value)


def document_context(meta: Meta, values: dict[str, Any], *, title: str, author: str,
                     to: dict[str, Any] | None = None) -> dict[str, Any]:  # fmt: skip
    return {
        # str(): a built-in template's title is a lazy translation, and a render takes plain data only
        "doc": {"title": str(title), "date": today().isoformat(), "language": "nl", "author": str(author)},
        "sender": sender(),
        "fields": values,
        "recipient": to or "",
    }


def sample_values(meta: Meta) -> dict[str, Any]:
    """The template's own sample data ([sample] in meta.toml), with organisations looked up by name if known."""
    values: dict[str, Any] = {}
    names = [n for f in meta.fields if f.type == "organisations" for n in meta.sample.get(f.name, [])]
    known = {o.name: o for o in db.session.scalars(select(Organisation).where(Organisation.name.in_(names)))}
    logos = logos_for([o.id for o in known.values()])
    for field in meta.fields:
        sample = meta.sample.get(field.name)
        if field.type == "organisations":
            values[field.name] = [
                organisation_dict(known[n], logos.get(known[n].id, "")) if n in known else
                {"name": str(n), "acronym": "", "logo": ""} for n in sample or []
            ]  # fmt: skip
        elif field.type == "dossier":
            values[field.name] = {"title": str(sample), "description": ""} if sample else ""
        elif field.type == "sections":
            values[field.name] = [{"heading": str(s.get("heading", "")), "body": str(s.get("body", ""))}
                                  for s in sample or [] if isinstance(s, dict)]  # fmt: skip
        elif field.type == "references":
            values[field.name] = [str(r) for r in sample or []]
        elif field.type == "data":
            values[field.name] = plain_data(sample)
        else:
            values[field.name] = "" if sample is None else str(sample)
    return values


def sample_recipient() -> dict[str, Any]:
    org = db.session.scalar(
        select(Organisation).where(Organisation.kind == OrganisationKind.MUNICIPALITY.value).order_by(Organisation.id)
    )
    if org is not None:
        return recipient(org)
    return {"name": "Gemeente Utrecht", "acronym": "", "kind": "municipality", "address": "Stadsplateau 1",
            "postal_code": "3521 AZ", "city": "Utrecht", "municipality": "Utrecht", "province": "Utrecht",
            "salutation": SALUTATIONS["municipality"], "person": ""}  # fmt: skip


def input_from_data(meta: Meta, data: dict[str, Any]) -> dict[str, Any]:
    """Field values as data files and [sample] tables give them (lists, names) → the input a form would send."""
    raw: dict[str, Any] = {}
    for field in meta.fields:
        value = data.get(field.name)
        if field.type == "organisations":
            value = queries.organisation_ids_by_reference(value or [])
        elif field.type == "dossier":
            value = queries.dossier_id_by_reference(value)
        elif field.type == "sections" and isinstance(value, list):
            sections = [s for s in value if isinstance(s, dict)]
            value = "\n\n".join(f"## {s['heading']}\n\n{s.get('body', '')}" if s.get("heading") else
                                  str(s.get("body", "")) for s in sections)  # fmt: skip
        elif field.type == "references" and isinstance(value, list):
            value = "\n".join(str(v) for v in value)
        elif field.type == "date" and value is not None:
            value = str(value)
        raw[field.name] = value
    return raw


def input_from_snapshot(meta: Meta, fields: dict[str, Any]) -> dict[str, Any]:
    """A kept document's field values (its input snapshot) → the input its form takes, to make it again: sections
    as typed, organisations and dossier as ids (by name for documents kept before their ids were), dates as dates."""
    data: dict[str, Any] = {}
    for field in meta.fields:
        value = fields.get(field.name)
        if field.type == "organisations":
            data[field.name] = [o.get("id") or o.get("name") for o in value or [] if isinstance(o, dict)]
        elif field.type == "dossier":
            data[field.name] = (value.get("id") or value.get("title")) if isinstance(value, dict) else None
        elif field.type != "data":
            data[field.name] = value
    raw = input_from_data(meta, data)
    for field in meta.fields:
        if field.type == "date":
            text = str(raw.get(field.name) or "")
            raw[field.name] = date.fromisoformat(text) if _ISO_DAY.fullmatch(text) else None
    return raw
