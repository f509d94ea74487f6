"""Everything the dashboard shows, read through the other domains' queries: one object per request.

Aggregates are computed in the database by those queries; this module only puts them side by side (labels, the
previous period, the totals of a few dictionaries)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from crm.coalitions import queries as coalition_queries
from crm.common.time import local_day_start_utc
from crm.dashboard.heatmap import HeatMap, coalition_activity
from crm.dashboard.period import Period, bucket_starts
from crm.interactions import queries_cold, queries_stats
from crm.interactions.models import KIND_LABELS
from crm.letters import queries_stats as letter_stats
from crm.letters.models import LETTER_STATUS_LABELS
from crm.letters.queries import BOARD_ORDER
from crm.meetings import queries_stats as meeting_stats
from crm.partners.kinds import KIND_LABELS as ORGANISATION_KIND_LABELS
from crm.stakeholders import queries as stakeholder_queries
from crm.stakeholders.queries import NotContacted
from crm.watch import commitments as watch_commitments

COLD_DAYS = (30, 60, 90, 180, 365)
UPCOMING_DAYS = 14
TOP_DOSSIERS = 8
TOP_STAKEHOLDERS = 8


@dataclass(frozen=True)
class DashboardFilters:
    coalition_id: int | None = None
    dossier_id: int | None = None
    user_id: int | None = None
    cold_days: int = 90

    @property
    def active(self) -> bool:
        return bool(self.coalition_id or self.dossier_id or self.user_id)


@dataclass(frozen=True)
class KindRow:
    kind: str
    label: str
    current: int
    previous: int


@dataclass(frozen=True)
class WeekRow:
    monday: date
    first: date  # the days of this week inside the period (the contact log's filter behind the bar)
    last: date
    current: int
    previous: int | None  # the same week of the period before (None: that period had fewer weeks)


@dataclass(frozen=True)
class CountRow:
    key: str
    label: str
    count: int
    total: int | None = None


@dataclass(frozen=True)
class DossierRow:
    id: int
    title: str
    contacts: int
    meetings: int
    letters: int

    @property
    def total(self) -> int:
        return self.contacts + self.meetings + self.letters


@dataclass
class Dashboard:
    period: Period
    previous: Period
    kinds: list[KindRow]
    weeks: list[WeekRow]
    government: list[CountRow]
    cold: queries_cold.GoingCold
    pipeline: list[CountRow]
    waiting: list[letter_stats.Waiting]
    upcoming: list = field(default_factory=list)
    overdue: list[meeting_stats.OverdueOwner] = field(default_factory=list)
    dossiers: list[DossierRow] = field(default_factory=list)
    activity: HeatMap | None = None
    dossier_menu: list = field(default_factory=list)  # the dossier filter's options (active, and the ones shown)
    stakeholders: list[NotContacted] | None = None  # None: the reader may not see stakeholder positions
    commitments: list = field(default_factory=list)  # overdue commitments of the Kamer on watched dossiers

    @property
    def contacts(self) -> int:
        return sum(row.current for row in self.kinds)

    @property
    def contacts_before(self) -> int:
        return sum(row.previous for row in self.kinds)


def dashboard(period: Period, filters: DashboardFilters, *, zone: str, now: datetime, today: date,
              with_positions: bool = False) -> Dashboard:  # fmt: skip
    start, end = period.bounds(zone)
    previous = period.previous()
    scope = queries_stats.Scope(start, end, filters.coalition_id, filters.dossier_id, filters.user_id)
    before_start, before_end = previous.bounds(zone)
    before = queries_stats.Scope(before_start, before_end, filters.coalition_id, filters.dossier_id, filters.user_id)
    kinds, weeks = _kinds_and_weeks(period, previous, scope, before, zone)
    government = [CountRow(kind, str(ORGANISATION_KIND_LABELS[kind]), reached, total)
                  for kind, (reached, total) in queries_stats.government_reached(scope).items()]  # fmt: skip
    cold = queries_cold.going_cold(now - timedelta(days=filters.cold_days), coalition_id=filters.coalition_id,
                                   owner_id=filters.user_id)  # fmt: skip
    narrowed = {"coalition_id": filters.coalition_id, "dossier_id": filters.dossier_id, "user_id": filters.user_id}
    counts = letter_stats.pipeline(**narrowed)
    pipeline = [CountRow(status.value, str(LETTER_STATUS_LABELS[status]), counts.get(status.value, 0))
                for status in BOARD_ORDER]  # fmt: skip
    soon = local_day_start_utc(today + timedelta(days=UPCOMING_DAYS + 1), zone)
    dossiers, dossier_menu = _dossiers(scope, start, end, filters)
    return Dashboard(
        period=period,
        previous=previous,
        kinds=kinds,
        weeks=weeks,
        government=government,
        cold=cold,
        pipeline=pipeline,
        waiting=letter_stats.waiting_for_signatures(**narrowed),
        upcoming=meeting_stats.upcoming(now, soon, **narrowed),
        overdue=meeting_stats.overdue_by_owner(today, **narrowed),
        dossiers=dossiers,
        activity=coalition_activity(scope, period, zone),
        dossier_menu=dossier_menu,
        stakeholders=stakeholder_queries.high_influence_not_contacted(filters.dossier_id, start, TOP_STAKEHOLDERS)
        if with_positions
        else None,
        commitments=watch_commitments.overdue_commitments(
            today, coalition_id=filters.coalition_id, dossier_id=filters.dossier_id
        ),
    )


def _kinds_and_weeks(period: Period, previous: Period, scope, before, zone: str) -> tuple[list[KindRow], list[WeekRow]]:
    """Contacts per kind and per week (Monday to Sunday, local time, clipped to the period), this period beside the
    one before, from one count per (kind, week) over both periods."""

    def edges(span: Period, bounds) -> list[datetime]:
        return bucket_starts(span.weeks(), bounds.start, bounds.end, zone)

    # The period before ends where this one starts (else the gap between them is a bucket of its own, left out).
    earlier, later = edges(previous, before), edges(period, scope)
    joined = earlier + later[1:] if earlier[-1] == later[0] else earlier + later
    counts = queries_stats.counts_by_kind_and_bucket(scope, joined)
    then_buckets = range(len(earlier) - 1)
    now_buckets = range(len(joined) - len(later), len(joined) - 1)

    def total(kinds, buckets) -> int:
        return sum(counts.get((kind, bucket), 0) for kind in kinds for bucket in buckets)

    kinds = [KindRow(kind.value, str(label), total([kind.value], now_buckets), total([kind.value], then_buckets))
             for kind, label in KIND_LABELS.items()]  # fmt: skip
    every_kind = [kind.value for kind in KIND_LABELS]
    weeks = []
    for index, (monday, bucket) in enumerate(zip(period.weeks(), now_buckets, strict=True)):
        before_week = total(every_kind, [then_buckets[index]]) if index < len(then_buckets) else None
        first, last = max(monday, period.start), min(monday + timedelta(days=6), period.end)
        weeks.append(WeekRow(monday, first, last, total(every_kind, [bucket]), before_week))
    return kinds, weeks


def _dossiers(scope, start: datetime, end: datetime, filters: DashboardFilters) -> tuple[list[DossierRow], list]:
    """The most active dossiers of the period (contacts, meetings and letters, each counted in the database), and
    the dossier filter's options, read together: the active dossiers and those with activity."""
    narrowed = {"coalition_id": filters.coalition_id, "user_id": filters.user_id}
    contacts = queries_stats.contacts_per_dossier(scope)
    meetings = meeting_stats.meetings_per_dossier(start, end, **narrowed)
    letters = letter_stats.letters_per_dossier(start, end, **narrowed)
    ids = set(contacts) | set(meetings) | set(letters)
    if filters.dossier_id:
        ids &= {filters.dossier_id}
    menu = coalition_queries.dossier_choices(sorted(ids | ({filters.dossier_id} if filters.dossier_id else set())))
    titles = {d.id: d.title for d in menu if d.id in ids}
    rows = [DossierRow(i, titles[i], contacts.get(i, 0), meetings.get(i, 0), letters.get(i, 0)) for i in titles]
    return sorted(rows, key=lambda row: (-row.total, row.title))[:TOP_DOSSIERS], menu
