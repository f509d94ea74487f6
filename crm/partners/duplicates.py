"""The rules that say two records may be the same, for many rows at once (an import, the possible-duplicates list).

The duplicate warning on the forms (`queries.similar_people`, `queries.similar_organisations`) applies the same rules
to one name with a few statements; an index reads the registry's names once (one statement) and then checks any number
of rows in memory, so a 20,000-row import costs no statement per row for its duplicate check.
"""

from __future__ import annotations

from collections import defaultdict

from rapidfuzz import fuzz, process
from sqlalchemy import select

from crm.common.text import fold, fold_for_match
from crm.extensions import db
from crm.partners.models import Organisation, Person

PERSON_NAME_CUTOFF = 90  # fuzz.ratio of the folded "last first" names
ORGANISATION_NAME_CUTOFF = 88  # fuzz.ratio of the folded names


def person_match_key(first_name: str | None, last_name: str | None) -> str:
    return fold_for_match(f"{last_name or ''} {first_name or ''}")


def normalise_phone(phone: str | None) -> str:
    """Digits only, a Dutch +31/0031 prefix as 0: "+31 (0)6-1234 5678" and "06 12345678" compare equal."""
    digits = "".join(ch for ch in phone or "" if ch.isdigit())
    if digits.startswith("0031"):
        digits = "0" + digits[4:]
    elif digits.startswith("31") and len(digits) == 11:
        digits = "0" + digits[2:]
    if digits.startswith("00") and len(digits) == 11:
        digits = digits[1:]  # +31 (0)6…: the (0) written after the country code
    return digits if len(digits) >= 8 else ""


class PeopleIndex:
    """Every person not merged away: name keys by first letter, e-mail addresses; same rules as similar_people."""

    def __init__(self) -> None:
        self.by_email: dict[str, list[int]] = defaultdict(list)
        self.by_letter: dict[str, dict[int, str]] = defaultdict(dict)
        rows = db.session.execute(
            select(Person.id, Person.name_key, Person.email).where(Person.merged_into_id.is_(None))
        )
        for row in rows:
            self.add(row.id, row.name_key, row.email)

    def add(self, person_id: int, name_key: str, email: str | None) -> None:
        if email:
            self.by_email[email.strip().lower()].append(person_id)
        if name_key:
            self.by_letter[name_key[:1]][person_id] = name_key

    def forget(self, ids: set[int]) -> None:
        for found in self.by_email.values():
            found[:] = [i for i in found if i not in ids]
        for bucket in self.by_letter.values():
            for person_id in ids & bucket.keys():
                del bucket[person_id]

    def similar(self, first_name: str | None, last_name: str, email: str | None = None, limit: int = 5) -> list[int]:
        candidates = list(self.by_email.get(email.strip().lower(), ())[:limit]) if email else []
        key = person_match_key(first_name, last_name)
        if len(key) >= 3:
            choices = self.by_letter.get(key[:1], {})
            found = process.extract(key, choices, scorer=fuzz.ratio, score_cutoff=PERSON_NAME_CUTOFF, limit=limit)
            candidates += [match[2] for match in found]
        return list(dict.fromkeys(candidates))[:limit]


class OrganisationsIndex:
    """Every organisation not merged away: for duplicates (as similar_organisations) and for finding one by name
    (as organisations_by_reference: the exact folded name or the acronym, active ones only)."""

    def __init__(self) -> None:
        self.names: dict[int, str] = {}
        self.by_acronym: dict[str, list[int]] = defaultdict(list)
        self.active_by_key: dict[str, list[int]] = defaultdict(list)
        rows = db.session.execute(
            select(Organisation.id, Organisation.name_key, Organisation.acronym, Organisation.archived_at).where(
                Organisation.merged_into_id.is_(None)
            )
        )
        for row in rows:
            self.add(row.id, row.name_key, row.acronym, active=row.archived_at is None)

    def add(self, organisation_id: int, name_key: str, acronym: str | None, *, active: bool = True) -> None:
        self.names[organisation_id] = name_key
        if acronym:
            self.by_acronym[fold(acronym)].append(organisation_id)
        if active:
            self.active_by_key[name_key].append(organisation_id)
            if acronym:
                self.active_by_key[f"acronym:{fold(acronym)}"].append(organisation_id)

    def forget(self, ids: set[int]) -> None:
        for organisation_id in ids & self.names.keys():
            del self.names[organisation_id]
        for found in self.by_acronym.values():
            found[:] = [i for i in found if i not in ids]

    def similar(self, name: str, limit: int = 5) -> list[int]:
        key = fold_for_match(name)
        if len(key) < 3:
            return []
        found = process.extract(key, self.names, scorer=fuzz.ratio, score_cutoff=ORGANISATION_NAME_CUTOFF, limit=limit)
        ids = [match[2] for match in found]
        ids += [i for i in self.by_acronym.get(key, ()) if i not in ids]
        return ids[:limit]

    def by_name(self, name: str) -> list[int]:
        """Active organisations with this exact (folded) name or acronym."""
        ids = self.active_by_key.get(fold_for_match(name), []) + self.active_by_key.get(f"acronym:{fold(name)}", [])
        return list(dict.fromkeys(ids))
