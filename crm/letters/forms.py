"""Forms for letters, their workflow, signatories, the signing page, sending and the answer; list filters."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from werkzeug.datastructures import MultiDict
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Optional

from crm.common.files import plain_file_name
from crm.common.forms import (
    BaseForm,
    CheckboxListField,
    IdListField,
    OnceForm,
    VersionForm,
    date_arg,
    fill_picker,
    int_or_none,
    length,
    optional_email,
    optional_text,
    picked_id,
    picker_name,
    select_choices,
)
from crm.letters.models import LETTER_STATUS_LABELS, SEND_CHANNEL_LABELS, SIGNATORY_STATUS_LABELS
from crm.letters.queries import SORTS, LetterFilters
from crm.letters.services import BODY_MAX, LetterInput
from crm.letters.services_signing import SignatoryInput
from crm.partners.forms import OrganisationPicker

REASON_MAX = 2_000


def optional_id(value) -> int | None:
    return int_or_none(value)


class LetterForm(OnceForm, VersionForm):
    title = StringField(_l("Title"), validators=[DataRequired(), length(200)])
    addressee_organisation_name = picker_name(
        _l("Addressed to (organisation)"),
        description=_l("E.g. the Tweede Kamer committee or a ministry. Type a few letters and choose from the list."),
    )
    addressee_organisation_id = HiddenField()
    addressee_person_name = picker_name(
        _l("Addressed to (person)"),
        description=_l("Optional: the minister, the committee chair or the official. Choose from the list."),
    )
    addressee_person_id = HiddenField()
    salutation = optional_text(
        _l("Salutation"),
        300,
        description=_l("As written at the top of the letter, e.g. ‘Geachte leden van de commissie’."),
        blank_is_none=False,
    )
    occasion = optional_text(_l("Occasion"), 300, blank_is_none=True,
                             description=_l("E.g. ‘Committee debate on culture, 12 March’."))  # fmt: skip
    signature_deadline = DateField(_l("Deadline for signatures"), validators=[Optional()])
    lead_organisation_name = picker_name(
        _l("Lead organisation"),
        description=_l("The organisation that sends the letter and signs first; ours by default."),
    )
    lead_organisation_id = HiddenField()
    coalition_id = SelectField(_l("Coalition"), coerce=optional_id, choices=[], validate_choice=False)
    dossier_ids = CheckboxListField(_l("Dossiers"), coerce=int, choices=[])
    body = TextAreaField(
        _l("Text"),
        validators=[DataRequired(), length(BODY_MAX)],
        description=_l(
            "Markdown: an empty line starts a paragraph; ## for a heading, - for a list, **bold**, "
            "*italics*, [text](https://…) for a link, [^1] for a footnote."
        ),
    )
    closing = optional_text(_l("Closing"), 300, default="Met vriendelijke groet,", blank_is_none=False)
    signature_block = optional_text(
        _l("Our signature"),
        300,
        description=_l("Name and function of who signs for the lead organisation, e.g. ‘Marieke van Dijk, directeur’."),
        blank_is_none=False,
    )

    record_fields = ("title", "occasion", "signature_deadline", "coalition_id", "signature_block")  # the letter's own

    def to_input(self) -> LetterInput:
        return LetterInput(
            **self.values((*self.record_fields, "salutation", "closing")),
            body=self.body.data or "",
            addressee_organisation=OrganisationPicker.ref(self, "addressee_organisation", id_needs_name=True),
            addressee_person_id=picked_id(self, "addressee_person"),
            addressee_person_name=self.addressee_person_name.data,
            lead_organisation=OrganisationPicker.ref(self, "lead_organisation", id_needs_name=True),
            dossier_ids=list(self.dossier_ids.data or []),
        )

    def fill_from(self, letter, version) -> None:
        super().fill_from(letter)
        fill_picker(self, "addressee_organisation", letter.addressee_organisation)
        fill_picker(self, "addressee_person", letter.addressee_person, "full_name")
        fill_picker(self, "lead_organisation", letter.lead_organisation)
        self.dossier_ids.data = [d.id for d in letter.dossiers]
        self.salutation.data = version.salutation if version else ""
        self.body.data = version.body if version else ""
        self.closing.data = version.closing if version else ""


class TransitionForm(VersionForm):
    target = HiddenField(validators=[DataRequired()])
    reason = optional_text(_l("Reason"), REASON_MAX, long=True, blank_is_none=False)


class AddSignatoriesForm(BaseForm):
    organisation_ids = IdListField(_l("Organisations"))


class SignatoryForm(VersionForm):
    signer_name = optional_text(_l("Signs as (name)"), 200, blank_is_none=False)
    signer_function = optional_text(_l("Function"), 200, blank_is_none=False)
    signer_email = StringField(
        _l("Email"), validators=optional_email(), description=_l("Where the invitation to sign goes.")
    )
    status = SelectField(_l("Status"), choices=select_choices((k.value, v) for k, v in SIGNATORY_STATUS_LABELS.items()))
    comment = optional_text(_l("Comment"), REASON_MAX, long=True, blank_is_none=False)

    record_fields = ("signer_name", "signer_function", "signer_email", "status", "comment")

    def to_input(self) -> SignatoryInput:
        return SignatoryInput(**self.values(self.record_fields))


class SignForm(BaseForm):
    name = StringField(_l("Name"), validators=[DataRequired(), length(200)])
    function = StringField(_l("Function"), validators=[DataRequired(), length(200)])
    seen_sha256 = HiddenField()
    seen_version = HiddenField()


class DeclineForm(BaseForm):
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), length(REASON_MAX)])


class SendForm(VersionForm):
    sent_on = DateField(_l("Date sent"), validators=[InputRequired()])
    channel = SelectField(_l("Sent by"), choices=select_choices((k.value, v) for k, v in SEND_CHANNEL_LABELS.items()))


class AnswerForm(OnceForm):
    received_on = DateField(_l("Date received"), validators=[InputRequired()])
    summary = TextAreaField(_l("Summary of the answer"), validators=[DataRequired(), length(20_000)])
    pdf = FileField(_l("The answer as PDF (optional, at most 2 MB)"), validators=[plain_file_name])


def letter_filters(args: MultiDict) -> LetterFilters:
    status = args.get("status", "")
    sort = args.get("sort", "-updated")
    return LetterFilters(
        q=args.get("q", "")[:200],
        status=status if status in LETTER_STATUS_LABELS else "",
        coalition_id=int_or_none(args.get("coalition")),
        dossier_id=int_or_none(args.get("dossier")),
        addressee_id=int_or_none(args.get("addressee")),
        deadline_until=date_arg(args.get("deadline")),
        sort=sort if sort in SORTS else "-updated",
    )
