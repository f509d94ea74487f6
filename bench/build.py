"""The three datasets of a run: a registry (bench/generate.py) with a contact log and meetings (bench/activity.py).

    small                      small registry + small log   the registry pages' small side
    large                      large registry + large log   the large side of every page
    large_registry_small_log   large registry + small log   the contact-log pages' small side
    one_percent                1 % of large, registry and log   the dashboard's small side

The registry pages (lists, search, details) compare small with large, as before. The contact-log pages compare
the two logs on the same large registry, so their growth is the effect of the number of interactions and meetings
alone. The large registry is generated once and copied before the two logs go in.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, replace

from bench.activity import Activity, generate_activity
from bench.databases import copy_database, fresh_database, vacuum_analyze
from bench.generate import Dataset, generate

SMALL_LOG_ON_LARGE_REGISTRY = "large_registry_small_log"
ONE_PERCENT = "one_percent"  # 1 % of the large dataset: the dashboard's small side (issue 6)


@dataclass(frozen=True)
class Registry:
    organisations: int
    people: int


@dataclass(frozen=True)
class Log:
    interactions: int
    meetings: int
    letters: int


@dataclass(frozen=True)
class BuiltDataset:
    name: str
    registry: Dataset
    activity: Activity

    @property
    def database_url(self) -> str:
        return self.registry.database_url

    def describe(self) -> dict:
        registry, activity = self.registry, self.activity
        return {
            "organisations": registry.organisations,
            "people": registry.people,
            "interactions": activity.interactions,
            "meetings": activity.meetings,
            "letters": activity.letters,
            "busiest_organisation": activity.busiest_organisation_id,
            "busiest_organisation_timeline_entries": activity.busiest_organisation_entries,
            "busiest_person": activity.busiest_person_id,
            "busiest_person_timeline_entries": activity.busiest_person_entries,
            "generated_seconds": round(registry.seconds + activity.seconds, 1),
        }


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def build_datasets(
    small_registry: Registry,
    large_registry: Registry,
    small_log: Log,
    large_log: Log,
    one_percent: tuple[Registry, Log],
) -> dict[str, BuiltDataset]:
    small = _registry("small", small_registry)
    tiny = _registry(ONE_PERCENT, one_percent[0])
    large = _registry("large", large_registry)
    copy = replace(large, database_url=copy_database(large.database_url, SMALL_LOG_ON_LARGE_REGISTRY))
    built = [
        _with_log("small", small, small_log),
        _with_log(SMALL_LOG_ON_LARGE_REGISTRY, copy, small_log),
        _with_log("large", large, large_log),
        _with_log(ONE_PERCENT, tiny, one_percent[1]),
    ]
    for dataset in built:
        # A live PostgreSQL has been through autovacuum: planner statistics, and a visibility map that allows
        # index-only scans. Measure that state, not the one right after a bulk load.
        vacuum_analyze(dataset.database_url)
    return {dataset.name: dataset for dataset in built}


def _registry(name: str, size: Registry) -> Dataset:
    dataset = generate(fresh_database(name), size.organisations, size.people)
    log(f"{name}: {size.organisations} organisations, {size.people} people generated in {dataset.seconds:.1f} s")
    return dataset


def _with_log(name: str, registry: Dataset, size: Log) -> BuiltDataset:
    activity = generate_activity(registry, size.interactions, size.meetings, size.letters)
    log(
        f"{name}: {size.interactions} interactions, {size.meetings} meetings, {size.letters} letters generated in "
        f"{activity.seconds:.1f} s; "
        f"busiest organisation {activity.busiest_organisation_entries} timeline entries, "
        f"busiest person {activity.busiest_person_entries}"
    )
    return BuiltDataset(name, registry, activity)
