"""What the contact form's pickers start with: pre-filled records from the page the user came from, and the
labels of the records already chosen (so a re-rendered form shows names, not ids)."""

from __future__ import annotations

from typing import Any

from werkzeug.datastructures import MultiDict

from crm.common.forms import int_or_none
from crm.common.time import utcnow
from crm.common.urls import safe_next
from crm.interactions import queries
from crm.interactions.models import InteractionKind


def _ids(args: MultiDict, name: str) -> list[int]:
    return [i for i in map(int_or_none, args.getlist(name)) if i][:20]


def prefill(form: Any, args: MultiDict, user: Any) -> None:
    """A new contact: now, by me, with whoever the page it was opened from is about."""
    form.kind.data = args.get("kind") if args.get("kind") in {k.value for k in InteractionKind} else "call"
    form.occurred_at.set_utc(utcnow())
    form.user_ids.data = [user.id]
    form.person_ids.data = _ids(args, "person")
    form.organisation_ids.data = _ids(args, "organisation")
    form.dossier_ids.data = _ids(args, "dossier")
    form.coalition_id.data = int_or_none(args.get("coalition")) or 0
    form.next.data = safe_next(args.get("next"), "")


def person_label(person: Any) -> str:
    positions = ", ".join(a.organisation.acronym or a.organisation.name for a in person.current_affiliations)
    return f"{person.full_name} ({positions})" if positions else person.full_name


def chosen_labels(form: Any) -> dict[str, list[tuple[int, str]]]:
    people = queries.people_by_ids(form.person_ids.data or [])
    organisations = queries.organisations_by_ids(form.organisation_ids.data or [])
    return {
        "person_ids": [(i, person_label(people[i])) for i in form.person_ids.data or [] if i in people],
        "organisation_ids": [
            (i, str(organisations[i])) for i in form.organisation_ids.data or [] if i in organisations
        ],
    }
