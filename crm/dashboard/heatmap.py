"""Coalition activity: the partners × months matrix of contacts, meetings and co-signed letters (the heat map).

Each of the three counts is one GROUP BY in the owning domain's queries, per (organisation, month) in local time;
this module only picks the most active partners and lays the counts out as rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from crm.coalitions import queries as coalition_queries
from crm.dashboard.period import Period, bucket_starts
from crm.interactions import queries_stats
from crm.letters import queries_stats as letter_stats
from crm.meetings import queries_stats as meeting_stats
from crm.partners import queries as partner_queries

TOP_PARTNERS = 12


@dataclass(frozen=True)
class Cell:
    contacts: int = 0
    meetings: int = 0
    letters: int = 0

    @property
    def total(self) -> int:
        return self.contacts + self.meetings + self.letters


@dataclass(frozen=True)
class PartnerRow:
    id: int
    name: str
    cells: list[Cell]

    @property
    def total(self) -> int:
        return sum(cell.total for cell in self.cells)


@dataclass(frozen=True)
class Month:
    first: date  # the first day of the month
    start: date  # its days inside the period: the contact log's filter behind a cell
    end: date


@dataclass(frozen=True)
class HeatMap:
    months: list[Month]
    rows: list[PartnerRow]

    @property
    def peak(self) -> int:
        return max((cell.total for row in self.rows for cell in row.cells), default=0)


def months_of(period_start: date, period_end: date, firsts: list[date]) -> list[Month]:
    following = [*firsts[1:], None]
    return [
        Month(first, max(first, period_start), min(after - timedelta(days=1), period_end) if after else period_end)
        for first, after in zip(firsts, following, strict=True)
    ]


def coalition_activity(scope: queries_stats.Scope, period: Period, zone: str) -> HeatMap:
    """The partners of the coalition (or of every active coalition) with the most activity in the period."""
    months = months_of(period.start, period.end, period.months())
    boundaries = bucket_starts(period.months(), scope.start, scope.end, zone)
    members = coalition_queries.active_member_ids(scope.coalition_id)
    narrowed = {"coalition_id": scope.coalition_id, "dossier_id": scope.dossier_id, "user_id": scope.user_id}
    contacts = queries_stats.contacts_per_organisation_bucket(scope, boundaries, members)
    meetings = meeting_stats.meetings_per_organisation_bucket(boundaries, members, **narrowed)
    letters = letter_stats.signed_per_organisation_bucket(boundaries, members, **narrowed)
    totals: dict[int, int] = {}
    for counts in (contacts, meetings, letters):
        for (organisation, _), count in counts.items():
            totals[organisation] = totals.get(organisation, 0) + count
    top = sorted(totals, key=lambda organisation: (-totals[organisation], organisation))[:TOP_PARTNERS]
    names = partner_queries.organisation_names(top)

    def cells(organisation: int) -> list[Cell]:
        counts = (contacts, meetings, letters)
        return [Cell(*(found.get((organisation, i), 0) for found in counts)) for i in range(len(months))]

    return HeatMap(months, [PartnerRow(o, names[o], cells(o)) for o in top if o in names])
