"""Every widget's numbers as a plain table (title, column headers, rows): what the CSV and Excel downloads hold and
what the board's PDF prints. Built from the one Dashboard object, so a download shows exactly what the page shows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask_babel import gettext as _

from crm.common.time import utc_to_local
from crm.dashboard.queries import Dashboard


@dataclass(frozen=True)
class Table:
    title: str
    headers: list[str]
    rows: list[list[Any]]


def _local(moment):
    return utc_to_local(moment, current_app.config["BABEL_DEFAULT_TIMEZONE"]) if moment else None


def contacts_by_kind(data: Dashboard) -> Table:
    rows = [[row.label, row.current, row.previous] for row in data.kinds]
    return Table(_("Contacts by kind"), [_("Kind"), _("This period"), _("Period before")], rows)


def contacts_per_week(data: Dashboard) -> Table:
    rows = [[row.monday, row.current, row.previous] for row in data.weeks]
    return Table(_("Contacts per week"), [_("Week of"), _("Contacts"), _("Same week, period before")], rows)


def government_reached(data: Dashboard) -> Table:
    rows = [[row.label, row.count, row.total, round(100 * row.count / row.total) if row.total else 0]
            for row in data.government]  # fmt: skip
    return Table(_("Government reached"), [_("Kind"), _("Contacted"), _("Of"), _("Share (%)")], rows)


def going_cold(data: Dashboard) -> Table:
    kinds = {"organisation": _("Organisation"), "person": _("Person")}
    rows = [[record.name, kinds[record.type], record.owner_name, _local(record.last_contact)]
            for record in data.cold.records]  # fmt: skip
    return Table(_("Going cold"), [_("Partner or official"), _("Type"), _("Owner"), _("Last contact")], rows)


def letters_pipeline(data: Dashboard) -> Table:
    return Table(_("Letters pipeline"), [_("Status"), _("Letters")], [[row.label, row.count] for row in data.pipeline])


def waiting_for_signatures(data: Dashboard) -> Table:
    rows = [[w.letter.title, w.letter.signature_deadline, w.signed, w.total, ", ".join(w.not_signed)]
            for w in data.waiting]  # fmt: skip
    headers = [_("Letter"), _("Deadline"), _("Signed"), _("Signatories"), _("Not signed yet")]
    return Table(_("Waiting for signatures"), headers, rows)


def upcoming_meetings(data: Dashboard) -> Table:
    rows = [[_local(m.starts_at), m.title, m.series.name if m.series else None, m.location] for m in data.upcoming]
    return Table(_("The next 14 days"), [_("When"), _("Meeting"), _("Series"), _("Location")], rows)


def overdue_actions(data: Dashboard) -> Table:
    return Table(_("Overdue action items"), [_("Owner"), _("Overdue")], [[o.name, o.count] for o in data.overdue])


def active_dossiers(data: Dashboard) -> Table:
    rows = [[row.title, row.contacts, row.meetings, row.letters] for row in data.dossiers]
    return Table(_("Most active dossiers"), [_("Dossier"), _("Contacts"), _("Meetings"), _("Letters")], rows)


def coalition_activity(data: Dashboard) -> Table:
    """One row per partner and month (long format: sorts and pivots well in a spreadsheet)."""
    rows = [
        [row.name, month.first.strftime("%Y-%m"), cell.contacts, cell.meetings, cell.letters]
        for row in data.activity.rows
        for month, cell in zip(data.activity.months, row.cells, strict=True)
    ]
    headers = [_("Partner"), _("Month"), _("Contacts"), _("Meetings"), _("Co-signed letters")]
    return Table(_("Coalition activity"), headers, rows)


def stakeholders_not_contacted(data: Dashboard) -> Table:
    kinds = {"organisation": _("Organisation"), "person": _("Person")}
    rows = []
    for record in data.stakeholders or []:
        stances = "; ".join(f"{on.title}: {on.stance_label}" for on in record.dossiers)
        rows.append([record.name, kinds[record.kind], record.detail, stances, record.owner_name,
                     _local(record.last_contact)])  # fmt: skip
    headers = [_("Stakeholder"), _("Type"), _("Function or kind"), _("Dossier and stance"), _("Owner"),
               _("Last contact")]  # fmt: skip
    return Table(_("High influence, not contacted"), headers, rows)


def overdue_commitments(data: Dashboard) -> Table:
    rows = [[row.commitment.text, row.commitment.name or row.commitment.function, row.commitment.due_on,
             row.dossier_title] for row in data.commitments]  # fmt: skip
    return Table(_("Overdue commitments"), [_("Commitment"), _("Minister"), _("Deadline"), _("Dossier")], rows)


# The widgets whose data can be downloaded, by the name in the download URL.
WIDGETS: dict[str, Callable[[Dashboard], Table]] = {
    "contacts-by-kind": contacts_by_kind,
    "contacts-per-week": contacts_per_week,
    "government": government_reached,
    "going-cold": going_cold,
    "letters": letters_pipeline,
    "waiting": waiting_for_signatures,
    "upcoming": upcoming_meetings,
    "overdue": overdue_actions,
    "dossiers": active_dossiers,
    "activity": coalition_activity,
    "stakeholders": stakeholders_not_contacted,  # only for readers of stakeholder positions
    "commitments": overdue_commitments,
}
