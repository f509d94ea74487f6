"""What the preview page shows for each dropped file: the message as read, who it will be logged with (as the
addresses matched, or as the user corrected it), the addresses nobody has, and whether it was logged before."""

from __future__ import annotations

from dataclasses import dataclass, field

from crm.common.errors import ServiceError
from crm.inbox import queries
from crm.inbox.attachments import CheckedAttachment
from crm.inbox.matching import match
from crm.inbox.message import Address, ParsedEmail
from crm.inbox.models import CapturedEmail, RawEmail
from crm.inbox.parsing import parse_file
from crm.inbox.services import Choices, checked_attachments
from crm.interactions.picks import person_label
from crm.interactions.queries import organisations_by_ids, people_by_ids


@dataclass
class PreviewItem:
    draft: RawEmail
    parsed: ParsedEmail | None = None
    attachments: list[CheckedAttachment] = field(default_factory=list)
    people: list[tuple[int, str]] = field(default_factory=list)
    organisations: list[tuple[int, str]] = field(default_factory=list)
    colleagues: list[str] = field(default_factory=list)
    unmatched: list[Address] = field(default_factory=list)
    logged_before: CapturedEmail | None = None
    problem: str | None = None
    error: str | None = None  # the save refused this one (a form error shown in its section)


def preview_items(drafts: list[RawEmail], context: dict[str, int], chosen: dict[int, Choices] | None = None
                  ) -> list[PreviewItem]:  # fmt: skip
    """Each draft as the preview shows it. `context` is the page it was dropped on (a person or organisation is
    added to every message); `chosen` the user's corrections, when the preview is shown again after an error."""
    items = []
    for draft in drafts:
        item = PreviewItem(draft=draft)
        try:
            item.parsed = parse_file(draft.filename, draft.data)
            item.attachments = checked_attachments(item.parsed)
        except ServiceError as error:
            item.problem = str(error.message)
            items.append(item)
            continue
        matches = match(item.parsed)
        item.colleagues = [u.name for u in matches.users]
        item.logged_before = queries.captured_by_key(item.parsed.key)
        if chosen is not None and draft.id in chosen:
            person_ids = chosen[draft.id].person_ids or []
            organisation_ids = chosen[draft.id].organisation_ids or []
        else:
            person_ids = [p.id for p in matches.people] + [v for k, v in context.items() if k == "person"]
            organisation_ids = [o.id for o in matches.organisations]
            organisation_ids += [v for k, v in context.items() if k == "organisation"]
        people = people_by_ids(list(dict.fromkeys(person_ids)))
        organisations = organisations_by_ids(list(dict.fromkeys(organisation_ids)))
        item.people = [(i, person_label(people[i])) for i in dict.fromkeys(person_ids) if i in people]
        item.organisations = [(i, str(organisations[i])) for i in dict.fromkeys(organisation_ids) if i in organisations]
        chosen_addresses = {(people[i].email or "").lower() for i in people}
        item.unmatched = [a for a in matches.unmatched if a.address not in chosen_addresses]
        items.append(item)
    return items
