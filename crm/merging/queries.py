"""Possible duplicates the registry computes: the same e-mail address, the same phone number, or names alike by the
rules of the duplicate warning (crm/partners/duplicates.py). One statement reads the registry's names; the pairing
is done in memory, bucketed by first letter, and the list is cut at `limit` pairs."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from rapidfuzz import fuzz, process
from sqlalchemy import select

from crm.extensions import db
from crm.partners.duplicates import ORGANISATION_NAME_CUTOFF, PERSON_NAME_CUTOFF, normalise_phone
from crm.partners.models import Organisation, Person


@dataclass
class Pair:
    first_id: int
    second_id: int
    reasons: set[str] = field(default_factory=set)  # "email" | "phone" | "name"
    score: float = 0.0


def _pairs_from(groups: dict[str, list[int]], reason: str, pairs: dict) -> None:
    for ids in groups.values():
        for a, b in combinations(sorted(set(ids))[:20], 2):  # a shared switchboard number: not every pair
            pair = pairs.setdefault((a, b), Pair(a, b))
            pair.reasons.add(reason)
            pair.score = max(pair.score, 100.0)


def _name_pairs(keys: dict[int, str], cutoff: int, pairs: dict, *, bucket_by_letter: bool) -> None:
    buckets: dict[str, dict[int, str]] = defaultdict(dict)
    for record_id, key in keys.items():
        if len(key) >= 3:
            buckets[key[:1] if bucket_by_letter else ""][record_id] = key
    for bucket in buckets.values():
        for record_id, key in bucket.items():
            for _match, score, other_id in process.extract(key, bucket, scorer=fuzz.ratio, score_cutoff=cutoff,
                                                           limit=6):  # fmt: skip
                if other_id <= record_id:
                    continue
                pair = pairs.setdefault((record_id, other_id), Pair(record_id, other_id))
                pair.reasons.add("name")
                pair.score = max(pair.score, score)


def possible_duplicate_people(limit: int = 100) -> list[tuple[Person, Person, Pair]]:
    return _possible_duplicates(Person, PERSON_NAME_CUTOFF, limit, bucket_by_letter=True)


def possible_duplicate_organisations(limit: int = 100) -> list[tuple[Organisation, Organisation, Pair]]:
    return _possible_duplicates(Organisation, ORGANISATION_NAME_CUTOFF, limit, bucket_by_letter=False)


def _possible_duplicates(model, name_cutoff: int, limit: int, *, bucket_by_letter: bool) -> list:
    """Active, unmerged records of `model` (people or organisations) paired by e-mail, phone and name."""
    rows = db.session.execute(
        select(model.id, model.name_key, model.email, model.phone).where(
            model.archived_at.is_(None), model.merged_into_id.is_(None)
        )
    ).all()
    pairs: dict[tuple[int, int], Pair] = {}
    emails, phones = defaultdict(list), defaultdict(list)
    for row in rows:
        if row.email:
            emails[row.email.strip().lower()].append(row.id)
        if phone := normalise_phone(row.phone):
            phones[phone].append(row.id)
    _pairs_from(emails, "email", pairs)
    _pairs_from(phones, "phone", pairs)
    _name_pairs({row.id: row.name_key for row in rows}, name_cutoff, pairs, bucket_by_letter=bucket_by_letter)
    return _with_records(model, pairs, limit)


def _with_records(model, pairs: dict, limit: int) -> list:
    chosen = sorted(pairs.values(), key=lambda p: (-len(p.reasons), -p.score, p.first_id, p.second_id))[:limit]
    ids = {i for p in chosen for i in (p.first_id, p.second_id)}
    records = {r.id: r for r in db.session.scalars(select(model).where(model.id.in_(ids)))} if ids else {}
    return [(records[p.first_id], records[p.second_id], p) for p in chosen]
