"""The entity sets we load, and how one JSON row of each becomes a row of its mirror table.

`ENTITY_SETS` is in load order: fractions and committees before the seats that name them, the registry's sets
before the agenda's. crm/parliament/parse.py reads a row by these definitions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from crm.parliament import models as m

TEXT, INT, BOOL, DAY, INSTANT, GUID = "text", "int", "bool", "day", "instant", "guid"
ACTIVITY_STATUSES = frozenset({"Gepland", "Uitgevoerd", "Verplaatst", "Geannuleerd"})
COMMITMENT_STATUSES = frozenset({"Openstaand", "Voldaan", "Deels Voldaan", "Vervallen"})


@dataclass(frozen=True)
class Field:
    api: str
    column: str
    kind: str = TEXT
    required: bool = False  # must be present and not null (unless the row is a tombstone)
    choices: frozenset[str] | None = None


@dataclass(frozen=True)
class Link:
    """A many-to-many the API only gives by `$expand`: `<api>` is a list of {"Id": …} replaced in `table`."""

    api: str
    table: Any
    own: str
    other: str


@dataclass(frozen=True)
class EntitySet:
    name: str
    model: type
    fields: tuple[Field, ...]
    links: tuple[Link, ...] = ()
    fixed: dict[str, Any] = field(default_factory=dict)
    derive: Callable[[dict[str, Any]], None] | None = None
    windowed: bool = False  # Activiteit: only a window around today (PARLIAMENT_ACTIVITY_DAYS_*)
    projected: bool = False  # the registry projection reads it (crm/parliament/registry.py)

    @property
    def table(self):
        return self.model.__table__  # type: ignore[attr-defined]

    @property
    def expand(self) -> str | None:
        return ",".join(f"{link.api}($select=Id)" for link in self.links) or None


def F(api: str, column: str, kind: str = TEXT, **options) -> Field:
    return Field(api, column, kind, **options)


# --- activity kinds ---------------------------------------------------------------------------------------------

ACTIVITY_KINDS = ("plenary", "committee_debate", "notaoverleg", "hearing", "procedure", "other")


def activity_kind(soort: str | None) -> str:
    """Our grouping of the Kamer's ~50 activity kinds, for the agenda's filter. Unknown kinds are "other"."""
    text = (soort or "").lower()
    if text.startswith("plenair") or text in {"stemmingen", "plenaire vergadering", "vragenuur"}:
        return "plenary"
    if "notaoverleg" in text:
        return "notaoverleg"
    if "hoorzitting" in text or "rondetafel" in text:
        return "hearing"
    if "procedurevergadering" in text:
        return "procedure"
    if text in {"commissiedebat", "wetgevingsoverleg", "algemeen overleg", "notaoverleg", "commissievergadering"}:
        return "committee_debate"
    return "other"


def _derive_activity(row: dict[str, Any]) -> None:
    row["kind"] = activity_kind(row.get("soort"))
    row["sort_at"] = row.get("starts_at") or row.get("day")


def kamer_row_fields() -> tuple[Field, ...]:
    return (F("GewijzigdOp", "changed_at", INSTANT), F("ApiGewijzigdOp", "published_at", INSTANT, required=True))


def _seat_fields(parent_api: str, parent_column: str) -> tuple[Field, ...]:
    """A seat of a fraction or a committee: the body it belongs to and its weight."""
    return (F(parent_api, parent_column, GUID, required=True), F("Gewicht", "weight", INT))


def _member_fields(seat_api: str) -> tuple[Field, ...]:
    """Who held a fraction's or a committee's seat, in what function, from when until when."""
    return (
        F(seat_api, "seat_id", GUID, required=True),
        F("Persoon_Id", "person_id", GUID, required=True),
        F("Functie", "function"),
        F("Van", "from_date", DAY),
        F("TotEnMet", "until_date", DAY),
    )


ENTITY_SETS: tuple[EntitySet, ...] = (
    EntitySet(
        "Fractie",
        m.KamerFraction,
        (
            F("Nummer", "number", INT),
            F("Afkorting", "abbreviation"),
            F("NaamNL", "name", required=True),
            F("NaamEN", "name_en"),
            F("AantalZetels", "seats", INT),
            F("AantalStemmen", "votes", INT),
            F("DatumActief", "active_from", DAY),
            F("DatumInactief", "active_until", DAY),
        ),
        projected=True,
    ),
    EntitySet("FractieZetel", m.KamerFractionSeat, _seat_fields("Fractie_Id", "fraction_id"), projected=True),
    EntitySet(
        "Persoon",
        m.KamerPerson,
        (
            F("Nummer", "number", INT),
            F("Titels", "titles"),
            F("Initialen", "initials"),
            F("Tussenvoegsel", "prefix"),
            F("Achternaam", "last_name", required=True),
            F("Voornamen", "given_names"),
            F("Roepnaam", "first_name"),
            F("Geslacht", "gender"),
            F("Functie", "function"),
            F("Geboortedatum", "born_on", DAY),
            F("Woonplaats", "residence"),
        ),
        projected=True,
    ),
    EntitySet("FractieZetelPersoon", m.KamerFractionMember, _member_fields("FractieZetel_Id"), projected=True),
    EntitySet(
        "Commissie",
        m.KamerCommittee,
        (
            F("Nummer", "number", INT),
            F("Soort", "kind"),
            F("Afkorting", "abbreviation"),
            F("NaamNL", "name", required=True),
            F("NaamEN", "name_en"),
            F("NaamWebNL", "web_name"),
            F("DatumActief", "active_from", DAY),
            F("DatumInactief", "active_until", DAY),
        ),
        projected=True,
    ),
    EntitySet("CommissieZetel", m.KamerCommitteeSeat, _seat_fields("Commissie_Id", "committee_id"), projected=True),
    *(
        EntitySet(
            name,
            m.KamerCommitteeMember,
            _member_fields("CommissieZetel_Id"),
            fixed={"substitute": substitute},
            projected=True,
        )
        for name, substitute in (("CommissieZetelVastPersoon", False), ("CommissieZetelVervangerPersoon", True))
    ),
    EntitySet(
        "Activiteit",
        m.KamerActivity,
        (
            F("Soort", "soort", required=True),
            F("Nummer", "number"),
            F("Onderwerp", "subject"),
            F("DatumSoort", "date_kind"),
            F("Datum", "day", INSTANT),
            F("Aanvangstijd", "starts_at", INSTANT),
            F("Eindtijd", "ends_at", INSTANT),
            F("Locatie", "location"),
            F("Besloten", "closed", BOOL),
            F("Status", "status", choices=ACTIVITY_STATUSES),
            F("Vergaderjaar", "session_year"),
            F("Noot", "note"),
            F("Voortouwnaam", "lead_name"),
            F("Voortouwafkorting", "lead_abbreviation"),
            F("Voortouwcommissie_Id", "committee_id", GUID),
        ),
        derive=_derive_activity,
        windowed=True,
    ),
    EntitySet(
        "Agendapunt",
        m.KamerAgendaItem,
        (
            F("Activiteit_Id", "activity_id", GUID, required=True),
            F("Nummer", "number"),
            F("Onderwerp", "subject"),
            F("Aanvangstijd", "starts_at", INSTANT),
            F("Eindtijd", "ends_at", INSTANT),
            F("Volgorde", "position", INT),
            F("Rubriek", "heading"),
            F("Noot", "note"),
            F("Status", "status"),
        ),
        links=(
            Link("Zaak", m.agenda_item_cases, "agenda_item_id", "case_id"),
            Link("Document", m.agenda_item_documents, "agenda_item_id", "document_id"),
        ),
    ),
    EntitySet(
        "Zaak",
        m.KamerCase,
        (
            F("Nummer", "number"),
            F("Soort", "soort"),
            F("Titel", "title"),
            F("Citeertitel", "citation_title"),
            F("Alias", "alias"),
            F("Status", "status"),
            F("Onderwerp", "subject"),
            F("GestartOp", "started_on", DAY),
            F("Organisatie", "organisation"),
            F("Vergaderjaar", "session_year"),
            F("Volgnummer", "serial", INT),
            F("HuidigeBehandelstatus", "treatment_status"),
            F("Afgedaan", "done", BOOL),
            F("GrootProject", "large_project", BOOL),
            F("Kabinetsappreciatie", "cabinet_appraisal"),
        ),
        links=(Link("Kamerstukdossier", m.case_dossiers, "case_id", "dossier_id"),),
    ),
    EntitySet(
        "Kamerstukdossier",
        m.KamerDossier,
        (
            F("Titel", "title"),
            F("Citeertitel", "citation_title"),
            F("Alias", "alias"),
            F("Nummer", "number", INT),
            F("Toevoeging", "addition"),
            F("HoogsteVolgnummer", "highest_serial", INT),
            F("Afgesloten", "closed", BOOL),
            F("Kamer", "chamber"),
        ),
    ),
    EntitySet(
        "Document",
        m.KamerDocument,
        (
            F("Soort", "soort"),
            F("DocumentNummer", "number"),
            F("Titel", "title"),
            F("Onderwerp", "subject"),
            F("Datum", "day", DAY),
            F("Vergaderjaar", "session_year"),
            F("Volgnummer", "serial", INT),
            F("Citeertitel", "citation_title"),
            F("DatumRegistratie", "registered_on", DAY),
            F("Organisatie", "organisation"),
            F("ContentType", "content_type"),
            F("ContentLength", "content_length", INT),
        ),
        links=(Link("Kamerstukdossier", m.document_dossiers, "document_id", "dossier_id"),),
    ),
    EntitySet(
        "Besluit",
        m.KamerDecision,
        (
            F("Agendapunt_Id", "agenda_item_id", GUID),
            F("StemmingsSoort", "vote_kind"),
            F("BesluitSoort", "decision_kind"),
            F("BesluitTekst", "text"),
            F("Opmerking", "remark"),
            F("Status", "status"),
            F("AgendapuntZaakBesluitVolgorde", "position", INT),
        ),
        links=(Link("Zaak", m.decision_cases, "decision_id", "case_id"),),
    ),
    EntitySet(
        "Stemming",
        m.KamerVote,
        (
            F("Besluit_Id", "decision_id", GUID, required=True),
            F("Soort", "soort"),
            F("FractieGrootte", "fraction_size", INT),
            F("ActorNaam", "actor_name"),
            F("ActorFractie", "actor_fraction"),
            F("Vergissing", "mistake", BOOL),
            F("Persoon_Id", "person_id", GUID),
            F("Fractie_Id", "fraction_id", GUID),
        ),
    ),
    EntitySet(
        "Toezegging",
        m.KamerCommitment,
        (
            F("Nummer", "number"),
            F("ActiviteitNummer", "activity_number"),
            F("Naam", "name"),
            F("Functie", "function"),
            F("Ministerie", "ministry"),
            F("Status", "status", choices=COMMITMENT_STATUSES),
            F("DatumNakoming", "due_on", DAY),
            F("Aanmaakdatum", "made_on", DAY),
            F("Tekst", "text"),
        ),
    ),
)
BY_NAME = {entity.name: entity for entity in ENTITY_SETS}
REGISTRY_SETS = tuple(entity.name for entity in ENTITY_SETS if entity.projected)


def api_row(entity_set: str, row_id: str, published: str, **values: Any) -> dict[str, Any]:
    """A row as the API writes it (every property present, nulls included), for the demo's and the benchmark's
    files and for tests: `values` are API property names."""
    entity = BY_NAME[entity_set]
    row: dict[str, Any] = {"Id": row_id}
    row.update({spec.api: None for spec in entity.fields})
    row.update({"GewijzigdOp": None, "ApiGewijzigdOp": published, "Verwijderd": False})
    row.update(values)
    return row
