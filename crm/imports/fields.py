"""What a row can hold for each kind of import: the fields, their limits, and the column names (Dutch and English)
that suggest them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

from crm.common.text import fold_for_match
from crm.imports.models import ImportKind


@dataclass(frozen=True)
class Field:
    name: str
    label: Any
    max_length: int = 200
    type: str = "text"  # text | email | date | org_kind | contact_kind | organisation | person
    required: bool = False
    synonyms: tuple[str, ...] = ()


NAME = Field(
    "name",
    _l("Name"),
    200,
    required=True,
    synonyms=("naam", "organisatie", "organisation", "organisatienaam", "organisation name", "instelling", "name"),
)
EMAIL = Field(
    "email",
    _l("Email"),
    254,
    "email",
    synonyms=("e-mail", "email", "e-mailadres", "emailadres", "mail", "email address"),
)
PHONE = Field(
    "phone",
    _l("Phone"),
    50,
    synonyms=("telefoon", "telefoonnummer", "tel", "phone", "mobiel", "mobile", "phone number"),
)
TAGS = Field("tags", _l("Tags"), 500, synonyms=("tags", "labels", "trefwoorden"))

FIELDS: dict[str, tuple[Field, ...]] = {
    ImportKind.ORGANISATIONS: (
        NAME,
        Field("acronym", _l("Acronym"), 30, synonyms=("afkorting", "acronym", "acroniem", "short name")),
        Field("kind", _l("Kind"), 60, "org_kind", synonyms=("soort", "type", "kind", "categorie", "category")),
        EMAIL,
        PHONE,
        Field("website", _l("Website"), 500, synonyms=("website", "web", "url", "site")),
        Field("address", _l("Address"), 200, synonyms=("adres", "address", "straat", "street", "bezoekadres")),
        Field("postal_code", _l("Postal code"), 20, synonyms=("postcode", "postal code", "zip", "zip code")),
        Field("city", _l("City"), 100, synonyms=("plaats", "woonplaats", "city", "stad", "vestigingsplaats", "town")),
        Field(
            "description",
            _l("Description"),
            10_000,
            synonyms=("omschrijving", "beschrijving", "description", "toelichting"),
        ),
        TAGS,
        Field(
            "parent",
            _l("Part of (organisation)"),
            200,
            "organisation",
            synonyms=("onderdeel van", "moeder", "parent", "part of"),
        ),
    ),
    ImportKind.PEOPLE: (
        Field(
            "first_name",
            _l("First name"),
            80,
            synonyms=("voornaam", "first name", "firstname", "roepnaam", "given name"),
        ),
        Field("initials", _l("Initials"), 20, synonyms=("voorletters", "initialen", "initials")),
        Field("name_prefix", _l("Prefix"), 30, synonyms=("tussenvoegsel", "tussenvoegsels", "prefix", "voorvoegsel")),
        Field(
            "last_name",
            _l("Last name"),
            120,
            required=True,
            synonyms=("achternaam", "last name", "lastname", "surname", "family name", "naam"),
        ),
        Field("salutation", _l("Salutation"), 200, synonyms=("aanhef", "salutation")),
        EMAIL,
        PHONE,
        Field(
            "organisation",
            _l("Organisation"),
            200,
            "organisation",
            synonyms=("organisatie", "organisation", "werkgever", "employer", "instelling", "company", "bedrijf"),
        ),
        Field(
            "role",
            _l("Function"),
            200,
            synonyms=("functie", "function", "rol", "role", "job title", "position", "functietitel"),
        ),
        Field(
            "start_date",
            _l("Since"),
            type="date",
            synonyms=("sinds", "in functie sinds", "since", "start date", "startdatum", "vanaf"),
        ),
        Field("notes", _l("Notes"), 10_000, synonyms=("notities", "opmerkingen", "notes", "remarks")),
        TAGS,
    ),
    ImportKind.CONTACTS: (
        Field("occurred_at", _l("Date"), type="date", required=True, synonyms=("datum", "date", "wanneer", "when")),
        Field("kind", _l("Kind"), 40, "contact_kind", synonyms=("soort", "type", "kind", "soort contact")),
        Field("subject", _l("Subject"), 200, required=True, synonyms=("onderwerp", "subject", "titel", "title")),
        Field(
            "person",
            _l("Person (e-mail or name)"),
            254,
            "person",
            synonyms=("persoon", "person", "contactpersoon", "contact", "met", "with"),
        ),
        Field("organisation", _l("Organisation"), 200, "organisation", synonyms=("organisatie", "organisation")),
        Field("notes", _l("Notes"), 10_000, synonyms=("notities", "verslag", "notes", "samenvatting", "summary")),
    ),
}

KIND_LABELS = {
    ImportKind.ORGANISATIONS: _l("Organisations"),
    ImportKind.PEOPLE: _l("People with their organisation and function"),
    ImportKind.CONTACTS: _l("Contacts"),
}


def fields_of(kind: str) -> dict[str, Field]:
    return {field.name: field for field in FIELDS[ImportKind(kind)]}


def suggest_mapping(kind: str, headers: list[str], saved: dict[str, str] | None = None) -> dict[str, str]:
    """{column index: field} from the header names (a saved mapping first, by header); each field at most once."""
    known = fields_of(kind)
    saved_keys = {fold_for_match(header): field for header, field in (saved or {}).items() if field in known}
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for index, header in enumerate(headers):
        key = fold_for_match(header)
        field = saved_keys.get(key)
        if field is None:
            field = next(
                (
                    f.name
                    for f in known.values()
                    if f.name not in used and (key in f.synonyms or key == fold_for_match(f.name))
                ),
                None,
            )
        if field and field not in used:
            mapping[str(index)] = field
            used.add(field)
    return mapping


def mapping_by_header(headers: list[str], mapping: dict[str, str]) -> dict[str, str]:
    """A mapping to save for next time: {header: field}."""
    return {headers[int(index)]: field for index, field in mapping.items() if int(index) < len(headers)}
