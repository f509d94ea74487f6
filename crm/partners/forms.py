"""Forms for organisations, people and affiliations, and the parsing of list filters."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, DateField, HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, Optional

from crm.common.forms import (
    BaseForm,
    OnceForm,
    VersionForm,
    fill_picker,
    int_or_none,
    length,
    list_filters,
    none_if_blank,
    optional_email,
    optional_text,
    picked_id,
    picker_name,
    select_choices,
    web_url,
)
from crm.partners.kinds import KIND_LABELS
from crm.partners.models import ORGANISATION_FIELDS, PERSON_FIELDS
from crm.partners.queries import OrganisationFilters, PeopleFilters
from crm.partners.services import AffiliationInput, OrganisationInput, OrganisationRef, PersonInput

NOTES_MAX = 20_000


def province_choices(provinces) -> list:
    return select_choices([(0, str(_l("— none —"))), *((p.id, p.name) for p in provinces)])


def owner_choices(users) -> list[tuple[int, str]]:
    return select_choices([(0, str(_l("— nobody —"))), *((u.id, u.name) for u in users)])


class OrganisationPicker:
    """A type-ahead picker is two fields: the visible name (`<prefix>_name`) and the chosen id (`<prefix>_id`)."""

    @staticmethod
    def ref(form: BaseForm, prefix: str, *, id_needs_name: bool = False) -> OrganisationRef:
        """What the picker holds; `id_needs_name`: an emptied name drops the chosen id too (see `picked_id`)."""
        chosen = picked_id(form, prefix) if id_needs_name else int_or_none(form[f"{prefix}_id"].data)
        return OrganisationRef(id=chosen, name=form[f"{prefix}_name"].data, field=f"{prefix}_name")


def _tags_field() -> StringField:
    return StringField(
        _l("Tags"),
        validators=[Optional(), length(500)],
        description=_l("Separate tags with commas, e.g. cultuureducatie, lobby"),
    )


def _owner_field() -> SelectField:
    return SelectField(_l("Relationship owner"), coerce=int, default=0)


def _fill_shared(form: BaseForm, record, picker: str) -> None:
    """Load what an organisation's and a person's form share beyond their own fields: the one organisation picker
    (`picker`: the parent, the party), the tags and the relationship owner."""
    fill_picker(form, picker, getattr(record, picker))
    form.tags.data = ", ".join(t.name for t in record.tags)
    form.owner_id.data = record.owner_id or 0


class OrganisationForm(OnceForm, VersionForm):
    name = StringField(_l("Name"), validators=[DataRequired(), length(200)])
    acronym = optional_text(_l("Acronym"), 30)
    # No kind is chosen for the user: a default would count a new organisation as a ministry (or anything else) in
    # the government reached and the transparency report without anyone having said so.
    kind = SelectField(
        _l("Kind"),
        choices=select_choices([("", _l("— choose a kind —")), *((k.value, v) for k, v in KIND_LABELS.items())]),
        validators=[DataRequired(message=_l("Choose what kind of organisation this is."))],
        default="",
    )
    parent_name = picker_name(_l("Part of"))
    parent_id = HiddenField()
    website = StringField(_l("Website"), validators=[Optional(), length(500), web_url], filters=[none_if_blank])
    email = StringField(_l("Email"), validators=optional_email(), filters=[none_if_blank])
    phone = optional_text(_l("Phone"), 50)
    address = optional_text(_l("Address"), 200)
    postal_code = optional_text(_l("Postal code"), 20)
    city = optional_text(_l("City"), 100)
    description = optional_text(_l("Description"), NOTES_MAX, long=True)
    tags = _tags_field()
    owner_id = _owner_field()
    province_id = SelectField(_l("Province"), coerce=int, default=0)
    confirm_not_duplicate = BooleanField(_l("This is a different organisation; create it anyway"))

    def to_input(self) -> OrganisationInput:
        return OrganisationInput(
            **self.values(ORGANISATION_FIELDS),
            parent=OrganisationPicker.ref(self, "parent"),
            tags=self.tags.data,
            owner_id=self.owner_id.data or None,
            province_id=self.province_id.data or None,
        )

    record_fields = ORGANISATION_FIELDS

    def fill_from(self, org) -> None:
        super().fill_from(org)
        _fill_shared(self, org, "parent")
        self.province_id.data = org.province_id or 0


class PersonForm(OnceForm, VersionForm):
    first_name = optional_text(_l("First name"), 80)
    initials = optional_text(_l("Initials"), 20)
    name_prefix = optional_text(_l("Prefix"), 30, description=_l("e.g. de, van der"))
    last_name = StringField(_l("Last name"), validators=[DataRequired(), length(120)])
    salutation = optional_text(
        _l("Salutation"), 200, description=_l("As used in letters, e.g. Geachte mevrouw De Vries")
    )
    email = StringField(_l("Email"), validators=optional_email(), filters=[none_if_blank])
    phone = optional_text(_l("Phone"), 50)
    party_name = picker_name(_l("Political party"))
    party_id = HiddenField()
    notes = optional_text(_l("Notes"), NOTES_MAX, long=True)
    tags = _tags_field()
    owner_id = _owner_field()
    # First position, only on the create form.
    organisation_name = picker_name(_l("Organisation"))
    organisation_id = HiddenField()
    role = optional_text(_l("Position"), 200)
    start_date = DateField(_l("Since"), validators=[Optional()])
    confirm_not_duplicate = BooleanField(_l("This is a different person; create them anyway"))

    def to_input(self) -> PersonInput:
        return PersonInput(
            **self.values(PERSON_FIELDS),
            tags=self.tags.data,
            party=OrganisationPicker.ref(self, "party"),
            owner_id=self.owner_id.data or None,
        )

    def first_position(self) -> AffiliationInput:
        return AffiliationInput(
            organisation=OrganisationPicker.ref(self, "organisation"),
            role=self.role.data,
            start_date=self.start_date.data,
        )

    record_fields = PERSON_FIELDS

    def fill_from(self, person) -> None:
        super().fill_from(person)
        _fill_shared(self, person, "party")


class AffiliationForm(OnceForm, VersionForm):
    organisation_name = StringField(_l("Organisation"), validators=[DataRequired(), length(200)])
    organisation_id = HiddenField()
    role = optional_text(_l("Position"), 200)
    start_date = DateField(_l("Since"), validators=[Optional()])
    end_date = DateField(_l("Until"), validators=[Optional()], description=_l("Leave empty while current"))

    def to_input(self) -> AffiliationInput:
        return AffiliationInput(
            organisation=OrganisationPicker.ref(self, "organisation"),
            role=self.role.data,
            start_date=self.start_date.data,
            end_date=self.end_date.data,
        )

    record_fields = ("organisation_id", "role", "start_date", "end_date")

    def fill_from(self, affiliation) -> None:
        super().fill_from(affiliation)
        self.organisation_name.data = affiliation.organisation.name


def organisation_filters(args: MultiDict) -> OrganisationFilters:
    ids = ("coalition", "owner", "parent", "province")
    return list_filters(OrganisationFilters, args, ids=ids, kind=args.get("kind", ""), tag=args.get("tag", "")[:60])


def people_filters(args: MultiDict) -> PeopleFilters:
    ids = ("organisation", "coalition", "party", "owner")
    return list_filters(PeopleFilters, args, ids=ids, tag=args.get("tag", "")[:60])
