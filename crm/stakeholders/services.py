"""Writes for the stakeholder map. They flush; the caller commits. The audit listener records each of them.

Recording a position always adds a row: an earlier observation is never overwritten, so the history shows how a
stance moved. `correct_position` is for a row entered wrongly (a typo, the wrong date) and keeps the stakeholder
and the dossier; `remove_position` deletes a row entered by mistake. Both are for the row's author and managers
(checked by the view), and the audit trail keeps what the row was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l

from crm.auth.models import User
from crm.coalitions.models import Dossier
from crm.common.errors import ServiceError
from crm.common.locking import locked_change
from crm.common.services import without_autoflush
from crm.common.time import today
from crm.extensions import db
from crm.partners import queries as partner_queries
from crm.partners.models import Organisation, Person
from crm.partners.services import OrganisationRef, resolve_organisation
from crm.permissions import check_edit_own
from crm.stakeholders.models import RATIONALE_MAX, SOURCE_MAX, Level, StakeholderPosition, Stance
from crm.webhooks import services as webhooks


@dataclass
class Assessment:
    """What an observation says: the stance, influence and interest, why, where we learned it, and when."""

    stance: str
    influence: str
    interest: str
    observed_on: date | None
    rationale: str | None = None
    source: str | None = None


@dataclass
class PositionInput:
    dossier_id: int | None
    assessment: Assessment
    person_id: int | None = None
    person_name: str | None = None  # typed in the picker: a person must be chosen from the list
    organisation: OrganisationRef = field(default_factory=OrganisationRef)


def _dossier(dossier_id: int | None) -> Dossier:
    dossier = db.session.get(Dossier, dossier_id) if dossier_id else None
    if dossier is None:
        raise ServiceError(_l("Choose a dossier."), field="dossier_id")
    if dossier.is_archived:
        raise ServiceError(_l("This dossier is archived; restore it first."), field="dossier_id")
    return dossier


def _stakeholder(data: PositionInput) -> Person | Organisation:
    has_person = bool(data.person_id or (data.person_name or "").strip())
    has_organisation = not data.organisation.empty
    if has_person and has_organisation:
        raise ServiceError(
            _l("Choose a person or an organisation, not both: record each one's position separately."),
            field="person_name",
        )
    if has_person:
        person = partner_queries.get_person(data.person_id) if data.person_id else None
        if person is None:
            raise ServiceError(_l("Choose a person from the list."), field="person_name")
        if person.is_archived:
            raise ServiceError(_l("This person is archived; restore them first."), field="person_name")
        return person
    if not has_organisation:
        raise ServiceError(_l("Choose the person or organisation whose position this is."), field="person_name")
    organisation = resolve_organisation(data.organisation, required=True)
    if organisation.is_archived:
        raise ServiceError(_l("This organisation is archived; restore it first."), field=data.organisation.field)
    return organisation


@without_autoflush
def _apply(position: StakeholderPosition, data: Assessment) -> None:
    if data.stance not in set(Stance):
        raise ServiceError(_l("Choose a stance."), field="stance")
    if data.influence not in set(Level):
        raise ServiceError(_l("Choose the influence."), field="influence")
    if data.interest not in set(Level):
        raise ServiceError(_l("Choose the interest."), field="interest")
    if data.observed_on is None:
        raise ServiceError(_l("Enter the date the position was observed."), field="observed_on")
    if data.observed_on > today():
        raise ServiceError(_l("A position cannot be observed in the future."), field="observed_on")
    if data.rationale and len(data.rationale) > RATIONALE_MAX:
        raise ServiceError(_l("At most %(max)d characters.", max=RATIONALE_MAX), field="rationale")
    if data.source and len(data.source) > SOURCE_MAX:
        raise ServiceError(_l("At most %(max)d characters.", max=SOURCE_MAX), field="source")
    position.stance = Stance(data.stance).value
    position.influence = Level(data.influence).value
    position.interest = Level(data.interest).value
    position.observed_on = data.observed_on
    position.rationale = (data.rationale or "").strip() or None
    position.source = (data.source or "").strip() or None


def record_position(data: PositionInput, *, author: User | None) -> StakeholderPosition:
    """A new observation of a stakeholder's position on a dossier (the newest one is the current position)."""
    with db.session.no_autoflush:
        dossier = _dossier(data.dossier_id)
        stakeholder = _stakeholder(data)
        position = StakeholderPosition(dossier=dossier, created_by=author)
        if isinstance(stakeholder, Person):
            position.person = stakeholder
        else:
            position.organisation = stakeholder
        _apply(position, data.assessment)
    db.session.add(position)
    db.session.flush()
    _changed(position, "recorded")
    return position


def _changed(position: StakeholderPosition, change: str) -> None:
    webhooks.emit("stakeholder_position.changed", {"position_id": position.id, "change": change,
                                                   "dossier_id": position.dossier_id, "person_id": position.person_id,
                                                   "organisation_id": position.organisation_id,
                                                   "stance": position.stance})  # fmt: skip


def check_may_edit(actor, position: StakeholderPosition) -> None:
    """Managers correct or remove any position, editors the positions they recorded (one rule for every door;
    None: the system)."""
    if actor is not None:
        check_edit_own(actor, position.created_by_id, "positions")


def correct_position(position: StakeholderPosition, data: Assessment, expected_version: int | None, *,
                     actor=None) -> None:  # fmt: skip
    """Correct a row entered wrongly; a new observation is recorded with `record_position` instead."""
    check_may_edit(actor, position)
    locked_change(position, expected_version, lambda: _apply(position, data))
    _changed(position, "corrected")


def remove_position(position: StakeholderPosition, *, actor=None) -> None:
    """A row entered by mistake; the audit trail keeps what it was."""
    check_may_edit(actor, position)
    _changed(position, "removed")
    db.session.delete(position)
    db.session.flush()
