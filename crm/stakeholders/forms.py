"""The form that records (or corrects) a stakeholder position, and the period argument of the map."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, RadioField, SelectField
from wtforms.validators import InputRequired

from crm.common.forms import OnceForm, VersionForm, int_or_none, optional_text, picked_id, picker_name, select_choices
from crm.partners.forms import OrganisationPicker
from crm.stakeholders.models import LEVEL_LABELS, RATIONALE_MAX, SOURCE_MAX, STANCE_LABELS
from crm.stakeholders.queries import DEFAULT_PERIOD, PERIODS
from crm.stakeholders.services import Assessment, PositionInput


def _radio(label, labels, message):
    return RadioField(
        label,
        choices=select_choices((key.value, text) for key, text in labels.items()),
        validators=[InputRequired(message=message)],
    )


class AssessmentForm(VersionForm):
    """The fields a correction may change: everything but the dossier and the stakeholder."""

    stance = _radio(_l("Stance"), STANCE_LABELS, _l("Choose a stance."))
    influence = _radio(_l("Influence"), LEVEL_LABELS, _l("Choose the influence."))
    interest = _radio(_l("Interest"), LEVEL_LABELS, _l("Choose the interest."))
    rationale = optional_text(
        _l("Rationale"),
        RATIONALE_MAX,
        long=True,
        description=_l("In a sentence or two: why do we think so? Stick to what they said and did."),
    )
    source = optional_text(
        _l("Source"),
        SOURCE_MAX,
        description=_l("Where we learned it, e.g. ‘work visit 12 March’, ‘debate in parliament’, ‘interview NRC’."),
    )
    observed_on = DateField(
        _l("Observed on"), validators=[InputRequired(message=_l("Enter the date the position was observed."))]
    )
    next = HiddenField()

    def assessment(self) -> Assessment:
        return Assessment(
            stance=self.stance.data or "",
            influence=self.influence.data or "",
            interest=self.interest.data or "",
            observed_on=self.observed_on.data,
            rationale=self.rationale.data,
            source=self.source.data,
        )

    record_fields = ("stance", "influence", "interest", "rationale", "source", "observed_on")


class PositionForm(OnceForm, AssessmentForm):
    """A new observation: on which dossier, of whom (a person or an organisation, picked by type-ahead)."""

    dossier_id = SelectField(_l("Dossier"), coerce=int_or_none, choices=[], validate_choice=False)
    person_name = picker_name(
        _l("Person"),
        description=_l("Type a few letters and choose from the list; or choose an organisation instead."),
    )
    person_id = HiddenField()
    organisation_name = picker_name(
        _l("Organisation"),
        description=_l("Only when the position is the organisation's own, not one of its people's."),
    )
    organisation_id = HiddenField()

    def to_input(self) -> PositionInput:
        return PositionInput(
            dossier_id=self.dossier_id.data,
            assessment=self.assessment(),
            person_id=picked_id(self, "person"),
            person_name=self.person_name.data,
            organisation=OrganisationPicker.ref(self, "organisation", id_needs_name=True),
        )


def period_arg(args) -> int:
    """The "not contacted in the last … days" period from the URL: 30, 90 or 180 (90 when absent or unknown)."""
    days = int_or_none(args.get("days"))
    return days if days in PERIODS else DEFAULT_PERIOD
