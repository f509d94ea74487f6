"""The contact form (quick log and edit) and the parsing of contact-log filters."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, DateField, HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, Optional

from crm.common.forms import (
    IdListField,
    LocalDateTimeField,
    OnceForm,
    VersionForm,
    date_arg,
    int_or_none,
    length,
    optional_text,
    select_choices,
)
from crm.interactions.models import KIND_LABELS
from crm.interactions.queries import ContactLogFilters
from crm.interactions.services import WHO_REQUIRED, InteractionInput

NOTES_MAX = 50_000


class InteractionForm(OnceForm, VersionForm):
    kind = SelectField(_l("Kind"), choices=select_choices((k.value, v) for k, v in KIND_LABELS.items()))
    occurred_at = LocalDateTimeField(_l("When"), validators=[Optional()])
    location = optional_text(_l("Place"), 300, description=_l("Optional, e.g. the ministry in The Hague, or online"))
    subject = StringField(_l("Subject"), validators=[DataRequired(), length(300)])
    person_ids = IdListField(_l("People"))
    organisation_ids = IdListField(_l("Organisations"))
    user_ids = IdListField(_l("Who of us took part"))
    dossier_ids = IdListField(_l("Dossiers"))
    coalition_id = SelectField(_l("Coalition"), coerce=int, default=0)
    notes = optional_text(
        _l("Notes"), NOTES_MAX, long=True, description=_l("Markdown: **bold**, *italic*, lists with -, links.")
    )
    sensitive = BooleanField(
        _l("Contains political opinions (sensitive)"),
        description=_l("Then only colleagues who may read sensitive notes see them, on screen and in exports."),
    )
    follow_up = optional_text(
        _l("Follow-up"), 500, description=_l("What still has to happen, e.g. send the position paper")
    )
    follow_up_owner_id = SelectField(_l("Follow-up by"), coerce=int, default=0)
    follow_up_due = DateField(_l("Follow-up due"), validators=[Optional()])
    confirm_not_duplicate = BooleanField(_l("This is another contact; log it anyway"))
    next = HiddenField()

    record_fields = ("kind", "subject", "notes", "sensitive", "location", "follow_up", "follow_up_due")

    def validate(self, extra_validators=None) -> bool:
        """Besides each field: someone we were in contact with, so the first save names every missing field (the
        service checks it too, for the other doors)."""
        valid = super().validate(extra_validators)
        if not self.person_ids.data and not self.organisation_ids.data and not self.person_ids.errors:
            self.person_ids.errors = [*self.person_ids.errors, WHO_REQUIRED]
            valid = False
        return valid

    def to_input(self) -> InteractionInput:
        return InteractionInput(
            **self.values(self.record_fields),
            occurred_at=self.occurred_at.utc,
            person_ids=self.person_ids.data,
            organisation_ids=self.organisation_ids.data,
            user_ids=self.user_ids.data,
            dossier_ids=self.dossier_ids.data,
            coalition_id=self.coalition_id.data or None,
            follow_up_owner_id=self.follow_up_owner_id.data or None,
        )

    def fill_from(self, interaction) -> None:
        super().fill_from(interaction)
        self.occurred_at.set_utc(interaction.occurred_at)
        self.person_ids.data = [p.id for p in interaction.people]
        self.organisation_ids.data = [o.id for o in interaction.organisations]
        self.user_ids.data = [u.id for u in interaction.users]
        self.dossier_ids.data = [d.id for d in interaction.dossiers]
        self.coalition_id.data = interaction.coalition_id or 0
        self.follow_up_owner_id.data = interaction.follow_up_owner_id or 0


def contact_log_filters(args: MultiDict) -> ContactLogFilters:
    kind = args.get("kind", "")
    return ContactLogFilters(
        q=args.get("q", "")[:200],
        kind=kind if kind in {k.value for k in KIND_LABELS} else "",
        date_from=date_arg(args.get("from")),
        date_until=date_arg(args.get("until")),
        user_id=int_or_none(args.get("user")),
        person_id=int_or_none(args.get("person")),
        organisation_id=int_or_none(args.get("organisation")),
        dossier_id=int_or_none(args.get("dossier")),
        coalition_id=int_or_none(args.get("coalition")),
        open_follow_up=args.get("open") == "1",
    )
