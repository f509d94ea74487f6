"""Forms for coalitions, members and dossiers; list filter parsing."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict
from wtforms import DateField, HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, Optional

from crm.coalitions.models import DOSSIER_STATUS_LABELS, MEMBER_ROLE_LABELS
from crm.coalitions.queries import CoalitionFilters, DossierFilters
from crm.coalitions.services import CoalitionInput, DossierInput, MemberInput
from crm.common.forms import (
    CheckboxListField,
    OnceForm,
    VersionForm,
    length,
    list_filters,
    optional_text,
    select_choices,
)
from crm.partners.forms import OrganisationPicker

DESCRIPTION_MAX = 20_000


class CoalitionForm(OnceForm, VersionForm):
    name = StringField(_l("Name"), validators=[DataRequired(), length(200)])
    description = optional_text(_l("Description"), DESCRIPTION_MAX, long=True)
    start_date = DateField(_l("Start"), validators=[Optional()])
    end_date = DateField(_l("End"), validators=[Optional()])
    dossier_ids = CheckboxListField(_l("Dossiers"), coerce=int, choices=[])

    record_fields = ("name", "description", "start_date", "end_date")

    def to_input(self) -> CoalitionInput:
        return CoalitionInput(**self.values(self.record_fields), dossier_ids=list(self.dossier_ids.data or []))

    def fill_from(self, coalition) -> None:
        super().fill_from(coalition)
        self.dossier_ids.data = [d.id for d in coalition.dossiers]


class MemberForm(OnceForm, VersionForm):
    organisation_name = StringField(_l("Organisation"), validators=[DataRequired(), length(200)])
    organisation_id = HiddenField()
    role = SelectField(
        _l("Role"),
        choices=select_choices((k.value, v) for k, v in MEMBER_ROLE_LABELS.items()),
        default="partner",
    )
    joined_on = DateField(_l("Member since"), validators=[Optional()])

    def to_input(self) -> MemberInput:
        return MemberInput(
            organisation=OrganisationPicker.ref(self, "organisation"),
            role=self.role.data,
            joined_on=self.joined_on.data,
        )


class MemberEditForm(VersionForm):
    role = SelectField(_l("Role"), choices=select_choices((k.value, v) for k, v in MEMBER_ROLE_LABELS.items()))
    joined_on = DateField(_l("Member since"), validators=[Optional()])

    record_fields = ("role", "joined_on")


class DossierForm(OnceForm, VersionForm):
    title = StringField(_l("Title"), validators=[DataRequired(), length(200)])
    description = optional_text(_l("Description"), DESCRIPTION_MAX, long=True)
    status = SelectField(_l("Status"), choices=select_choices((k.value, v) for k, v in DOSSIER_STATUS_LABELS.items()))
    coalition_ids = CheckboxListField(_l("Coalitions"), coerce=int, choices=[])

    record_fields = ("title", "description", "status")

    def to_input(self) -> DossierInput:
        return DossierInput(**self.values(self.record_fields), coalition_ids=list(self.coalition_ids.data or []))

    def fill_from(self, dossier) -> None:
        super().fill_from(dossier)
        self.coalition_ids.data = [c.id for c in dossier.coalitions]


def coalition_filters(args: MultiDict) -> CoalitionFilters:
    return list_filters(CoalitionFilters, args, ids=("dossier",))


def dossier_filters(args: MultiDict) -> DossierFilters:
    return list_filters(DossierFilters, args, ids=("coalition",), dossier_status=args.get("dossier_status", ""))
