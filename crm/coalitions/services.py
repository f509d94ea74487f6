"""Writes for coalitions, their members, and dossiers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l

from crm.coalitions import queries
from crm.coalitions.models import Coalition, CoalitionMember, Dossier, DossierStatus, MemberRole
from crm.common.errors import ServiceError
from crm.common.locking import locked_change
from crm.common.services import created
from crm.extensions import db
from crm.partners.services import OrganisationRef, check_may_edit, resolve_organisation
from crm.permissions import check_archive

# The object-level rules for every door (see crm/partners/services.py): views call them before showing a form, the
# writes apply them to the acting user they are given.
check_may_archive = check_archive


@dataclass
class CoalitionInput:
    name: str
    description: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    dossier_ids: list[int] = field(default_factory=list)


@dataclass
class MemberInput:
    organisation: OrganisationRef
    role: str = MemberRole.PARTNER.value
    joined_on: date | None = None


@dataclass
class DossierInput:
    title: str
    description: str | None = None
    status: str = DossierStatus.ACTIVE.value
    coalition_ids: list[int] = field(default_factory=list)


def _apply_coalition(coalition: Coalition, data: CoalitionInput) -> None:
    if data.start_date and data.end_date and data.end_date < data.start_date:
        raise ServiceError(_l("The end date cannot be before the start date."), field="end_date")
    coalition.name = data.name
    coalition.description = data.description
    coalition.start_date = data.start_date
    coalition.end_date = data.end_date
    coalition.dossiers = queries.dossiers_by_ids(data.dossier_ids)


def create_coalition(data: CoalitionInput) -> Coalition:
    return created(Coalition(), _apply_coalition, data)


def update_coalition(coalition: Coalition, data: CoalitionInput, expected_version: int | None, *,
                     actor=None) -> None:  # fmt: skip
    check_may_edit(actor, coalition)
    locked_change(coalition, expected_version, lambda: _apply_coalition(coalition, data))


def add_member(coalition: Coalition, data: MemberInput, *, actor=None) -> CoalitionMember:
    check_may_edit(actor, coalition)
    organisation = resolve_organisation(data.organisation, required=True)
    if queries.membership(coalition.id, organisation.id) is not None:
        raise ServiceError(
            _l("%(name)s is already a member of this coalition.", name=organisation.name),
            field=data.organisation.field,
        )
    member = CoalitionMember(
        coalition=coalition,
        organisation=organisation,
        role=MemberRole(data.role).value,
        joined_on=data.joined_on,
    )
    db.session.add(member)
    db.session.flush()
    return member


def update_member(member: CoalitionMember, *, role: str, joined_on: date | None, expected_version: int | None,
                  actor=None) -> None:  # fmt: skip
    check_may_edit(actor, member.coalition)
    locked_change(member, expected_version, lambda: _set_membership(member, role, joined_on))


def _set_membership(member: CoalitionMember, role: str, joined_on: date | None) -> None:
    member.role = MemberRole(role).value
    member.joined_on = joined_on


def remove_member(member: CoalitionMember, *, actor=None) -> None:
    check_may_edit(actor, member.coalition)
    db.session.delete(member)
    db.session.flush()


def _apply_dossier(dossier: Dossier, data: DossierInput) -> None:
    dossier.title = data.title
    dossier.description = data.description
    dossier.status = DossierStatus(data.status).value
    dossier.coalitions = queries.coalitions_by_ids(data.coalition_ids)


def create_dossier(data: DossierInput) -> Dossier:
    return created(Dossier(), _apply_dossier, data)


def update_dossier(dossier: Dossier, data: DossierInput, expected_version: int | None, *, actor=None) -> None:
    check_may_edit(actor, dossier)
    locked_change(dossier, expected_version, lambda: _apply_dossier(dossier, data))
