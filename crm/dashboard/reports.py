"""The reports' period and data: read through the other domains' queries, handed on as plain values.

The same plain values fill the page, the CSV and the PDF template (whose sandbox accepts dicts, lists and scalars
only), so what a user previews is what the document says. Private notes never enter them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask_babel import gettext as _

from crm.coalitions import queries as coalition_queries
from crm.coalitions.models import MEMBER_ROLE_LABELS
from crm.common.time import utc_to_local
from crm.dashboard.period import Period, custom_period
from crm.interactions import queries_partner as contact_queries
from crm.interactions import queries_transparency as transparency
from crm.interactions.models import KIND_LABELS
from crm.letters import queries_partner as letter_queries
from crm.letters.models import LETTER_STATUS_LABELS, SIGNATORY_STATUS_LABELS
from crm.meetings import queries_partner as meeting_queries
from crm.meetings.models import ACTION_STATUS_LABELS, ATTENDANCE_LABELS, MEETING_STATUS_LABELS, ActionStatus
from crm.partners.kinds import kind_label
from crm.partners.models import Organisation

PREVIEW_ROWS = 50


# --- the period --------------------------------------------------------------------------------------------------


def last_full_quarter(today: date) -> Period:
    first_of_this_quarter = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    end = first_of_this_quarter - timedelta(days=1)
    return Period("quarter", date(end.year, end.month - 2, 1), end)


def report_period(args, today: date) -> tuple[Period, str | None]:
    """The period in the URL (`from`, `until`, both days included), else the last full quarter; and what was wrong
    with the dates when they could not be used."""
    default = last_full_quarter(today)
    if not args.get("from") and not args.get("until"):
        return default, None
    return custom_period(args, default)


def period_problem(problem: str | None) -> str | None:
    return {
        "dates": _("Enter two valid dates for the period; the last full quarter is shown instead."),
        "order": _("The end of the period is before its start; the last full quarter is shown instead."),
        "length": _("A period can be at most three years; the last full quarter is shown instead."),
    }.get(problem or "")


def _period_values(period: Period) -> dict[str, str]:
    return {"start": period.start.isoformat(), "end": period.end.isoformat()}


def _day(value: date | None) -> str:
    return value.strftime("%d-%m-%Y") if value else ""


# --- the lobby transparency report --------------------------------------------------------------------------------


@dataclass(frozen=True)
class TransparencyReport:
    period: Period
    scope_label: str  # "Coalitie: …; Dossier: …", or "" for everything
    rows: list[dict[str, Any]]
    total: int


def _scope(period: Period, coalition_id: int | None, dossier_id: int | None, zone: str):
    start, end = period.bounds(zone)
    return transparency.TransparencyScope(start, end, coalition_id, dossier_id)


def _scope_label(coalition_id: int | None, dossier_id: int | None) -> str:
    parts = []
    if coalition_id:
        found = coalition_queries.coalitions_by_ids([coalition_id])
        parts.append(_("Coalition: %(name)s", name=found[0].name if found else "?"))
    if dossier_id:
        found = coalition_queries.dossiers_by_ids([dossier_id])
        parts.append(_("Dossier: %(title)s", title=found[0].title if found else "?"))
    return "; ".join(parts)


def _transparency_row(row: transparency.TransparencyRow, zone: str) -> dict[str, Any]:
    local = utc_to_local(row.occurred_at, zone)
    return {
        "id": row.interaction_id,
        "date": local.strftime("%d-%m-%Y"),
        "time": local.strftime("%H:%M"),
        "place": row.place or "",
        "official": row.official,
        "function": row.function,
        "organisation": row.organisation,
        "subject": row.subject,
        "kind": str(KIND_LABELS.get(row.kind, row.kind)),
        "colleagues": ", ".join(row.colleagues),
    }


def transparency_report(period: Period, coalition_id: int | None, dossier_id: int | None, *, zone: str,
                        limit: int | None = None) -> TransparencyReport:  # fmt: skip
    """The report's rows (the first `limit`, or all) and their total: two statements, plus one per filter named."""
    scope = _scope(period, coalition_id, dossier_id, zone)
    rows = [_transparency_row(row, zone) for row in transparency.report_rows(scope, limit=limit)]
    total = len(rows) if limit is None else transparency.count_rows(scope)
    return TransparencyReport(period, _scope_label(coalition_id, dossier_id), rows, total)


def transparency_values(report: TransparencyReport) -> dict[str, Any]:
    """The transparency_report template's fields."""
    return {"period": _period_values(report.period), "scope": report.scope_label, "rows": report.rows}


def transparency_headers() -> list[str]:
    return [_("Date"), _("Time"), _("Place"), _("Official"), _("Organisation"), _("Subject"), _("Kind"),
            _("Who of us")]  # fmt: skip


def transparency_table(report: TransparencyReport) -> list[list[str]]:
    """The rows as a spreadsheet has them: the official with the function in one column."""
    return [
        [
            row["date"],
            row["time"],
            row["place"],
            f"{row['official']} ({row['function']})" if row["function"] else row["official"],
            row["organisation"],
            row["subject"],
            row["kind"],
            row["colleagues"],
        ]
        for row in report.rows
    ]


# --- the partner report --------------------------------------------------------------------------------------------


def _organisation_values(org: Organisation) -> dict[str, Any]:
    return {
        "id": org.id,
        "name": org.name,
        "acronym": org.acronym or "",
        "kind": kind_label(org.kind),
        "parent": org.parent.name if org.parent else "",
        "address": org.display_address,
        "website": org.website or "",
        "email": org.email or "",
        "phone": org.phone or "",
        "owner": org.owner.name if org.owner else "",
    }


def _letter_part(letter: letter_queries.PartnerLetter) -> str:
    parts = []
    if letter.lead:
        parts.append(_("Lead organisation"))
    if letter.signatory_status:
        status = str(SIGNATORY_STATUS_LABELS.get(letter.signatory_status, letter.signatory_status))
        parts.append(_("Co-signer: %(status)s", status=status.lower()))
    if letter.addressed:
        parts.append(_("Addressee"))
    return "; ".join(parts)


def _contact_values(contact, zone: str) -> dict[str, Any]:
    local = utc_to_local(contact.occurred_at, zone)
    colleagues = [u.name for u in contact.users] or ([contact.created_by.name] if contact.created_by else [])
    return {
        "id": contact.id,
        "date": local.strftime("%d-%m-%Y"),
        "time": local.strftime("%H:%M"),
        "kind": contact.kind_label,
        "subject": contact.subject,
        "colleagues": ", ".join(colleagues),
        "people": ", ".join(p.full_name for p in contact.people),
    }


def _meeting_values(meeting: meeting_queries.PartnerMeeting, zone: str) -> dict[str, Any]:
    local = utc_to_local(meeting.starts_at, zone)
    attendees = [f"{a.name} ({str(ATTENDANCE_LABELS.get(a.attendance, a.attendance)).lower()})"
                 for a in meeting.attendees]  # fmt: skip
    return {
        "id": meeting.id,
        "date": local.strftime("%d-%m-%Y"),
        "time": local.strftime("%H:%M"),
        "title": meeting.title,
        "place": meeting.location or ("Online" if meeting.online else ""),
        "status": str(MEETING_STATUS_LABELS.get(meeting.status, meeting.status)),
        "attendees": ", ".join(attendees),
    }


def _action_values(action: meeting_queries.PartnerAction, today: date, zone: str) -> dict[str, Any]:
    return {
        "id": action.id,
        "description": action.description,
        "owner": action.owner,
        "due": _day(action.due_date),
        "status": str(ACTION_STATUS_LABELS.get(action.status, action.status)),
        "open": action.status == ActionStatus.OPEN.value,
        "overdue": action.status == ActionStatus.OPEN.value and action.due_date is not None and action.due_date < today,
        "meeting": f"{action.meeting_title} ({utc_to_local(action.meeting_starts_at, zone):%d-%m-%Y})",
    }


def _coalition_values(membership) -> dict[str, Any]:
    return {
        "id": membership.coalition_id,
        "name": membership.coalition.name,
        "role": str(MEMBER_ROLE_LABELS.get(membership.role, membership.role)),
        "archived": membership.coalition.is_archived,
    }


def _letter_values(letter: letter_queries.PartnerLetter) -> dict[str, Any]:
    return {
        "id": letter.id,
        "title": letter.title,
        "part": _letter_part(letter),
        "status": str(LETTER_STATUS_LABELS.get(letter.status, letter.status)),
        "sent_on": _day(letter.sent_on),
        "deadline": _day(letter.signature_deadline),
    }


def partner_values(org: Organisation, period: Period, *, zone: str, today: date) -> dict[str, Any]:
    """Everything about one organisation in the period, as the partner_report template's fields: a fixed number of
    statements whatever the organisation's history."""
    start, end = period.bounds(zone)
    first, last = period.start, period.end
    memberships = coalition_queries.memberships_of_organisation(org.id)
    contacts = contact_queries.contacts_with_organisation(org.id, start, end)
    meetings = meeting_queries.meetings_with_organisation(org.id, start, end, first, last)
    actions = meeting_queries.action_items_for_organisation(org.id, start, end, first, last)
    letters = letter_queries.letters_with_organisation(org.id, start, end, first, last)
    return {
        "organisation": _organisation_values(org),
        "period": _period_values(period),
        "coalitions": [_coalition_values(m) for m in memberships],
        "contacts": [_contact_values(c, zone) for c in contacts],
        "meetings": [_meeting_values(m, zone) for m in meetings],
        "letters": [_letter_values(letter) for letter in letters],
        "actions": [_action_values(a, today, zone) for a in actions],
    }
