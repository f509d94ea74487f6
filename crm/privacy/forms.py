"""Forms for privacy: the privacy record, the access export, the erasure (one person or several)."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict
from wtforms import DateField, Field, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Optional, ValidationError

from crm.common.forms import BaseForm, IdListField, VersionForm, int_or_none, length, none_if_blank, select_choices
from crm.privacy.models import LAWFUL_BASIS_LABELS, REASON_MAX, SOURCE_MAX
from crm.privacy.queries import DEFAULT_YEARS, MAX_YEARS, REASONS, ReviewFilters
from crm.privacy.services import PrivacyInput
from crm.privacy.services_erasure import ErasureInput

MAX_BULK = 200  # people erased in one go from the retention review
RECORD_KEY = re.compile(r"^[a-z]{1,40}:[0-9]{1,10}$")  # "interaction:12": a record listed on the erasure preview
MAX_RECORD_KEYS = 10_000


class RecordKeysField(Field):
    """The records ticked (or shown) on the erasure preview, one value per record; the service matches them against
    what it finds, so a key for something not listed changes nothing."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.data: set[str] = set()

    def process_formdata(self, valuelist):
        if len(valuelist) > MAX_RECORD_KEYS or not all(RECORD_KEY.match(value) for value in valuelist):
            self.data = set()
            raise ValidationError(_l("Choose from the list."))
        self.data = set(valuelist)

    def _value(self):
        return ""


class PrivacyForm(VersionForm):
    lawful_basis = SelectField(
        _l("Lawful basis"),
        choices=select_choices([("", _l("— not recorded —")), *((k.value, v) for k, v in LAWFUL_BASIS_LABELS.items())]),
        default="",
        description=_l("Why we may hold this person's data (AVG article 6)."),
    )
    data_source = StringField(
        _l("Source of the data"),
        validators=[Optional(), length(SOURCE_MAX)],
        filters=[none_if_blank],
        description=_l("Where the data came from, e.g. the website of the Tweede Kamer, a business card, themselves."),
    )
    notice_given_on = DateField(_l("Privacy notice given on"), validators=[Optional()])
    review_on = DateField(
        _l("Retention review on"),
        validators=[Optional()],
        description=_l("From this day the person appears in the retention review."),
    )

    def to_input(self) -> PrivacyInput:
        return PrivacyInput(
            lawful_basis=self.lawful_basis.data or None,
            data_source=self.data_source.data,
            notice_given_on=self.notice_given_on.data,
            review_on=self.review_on.data,
        )

    def fill_from(self, record) -> None:
        self.lawful_basis.data = record.lawful_basis or ""
        self.data_source.data = record.data_source
        self.notice_given_on.data = record.notice_given_on
        self.review_on.data = record.review_on
        self.version_id.data = record.version_id


class AccessForm(BaseForm):
    format = SelectField(
        _l("Format"),
        choices=select_choices([("json", "JSON"), ("pdf", "PDF")]),
        validators=[InputRequired(message=_l("Choose JSON or PDF."))],
    )


class ErasureForm(BaseForm):
    reason = TextAreaField(
        _l("Reason for the erasure"),
        validators=[DataRequired(message=_l("Give the reason for the erasure.")), length(REASON_MAX)],
        description=_l("E.g. “Request by the person by email of 3 March 2026” or “Retention review 2026”."),
    )
    retention_reason = StringField(
        _l("Reason to keep the PDFs of sent letters"),
        validators=[Optional(), length(REASON_MAX)],
        filters=[none_if_blank],
        description=_l(
            "Leave empty to replace them too. Fill in only when a sent letter must be kept as it was, "
            "e.g. “Archiefwet: correspondence with the ministry”."
        ),
    )

    # The preview's list of records that mention the person: ticked ones (`mention`) and all it showed.
    mention = RecordKeysField(_l("Replace the mentions in"))
    mention_shown = RecordKeysField()

    def to_input(self) -> ErasureInput:
        return ErasureInput(
            reason=self.reason.data or "",
            retention_reason=self.retention_reason.data,
            mentions=set(self.mention.data),
            shown=set(self.mention_shown.data),
        )


class BulkErasureForm(ErasureForm):
    """Several people at once: no preview per person, so every record's mentions are replaced as its default says."""

    person_ids = IdListField(_l("People"))

    def to_input(self) -> ErasureInput:
        return ErasureInput(reason=self.reason.data or "", retention_reason=self.retention_reason.data)

    def validate_person_ids(self, field) -> None:
        if not field.data:
            raise ValidationError(_l("Choose at least one person."))
        if len(field.data) > MAX_BULK:
            raise ValidationError(_l("Choose at most %(max)s people at a time.", max=MAX_BULK))


def review_filters(args: MultiDict) -> ReviewFilters:
    years = int_or_none(args.get("years")) or DEFAULT_YEARS
    reason = args.get("reason", "")
    return ReviewFilters(years=min(years, MAX_YEARS), reason=reason if reason in REASONS else "")


def chosen_ids(args: MultiDict) -> list[int]:
    """The people ticked on the review page (`person` once per person), valid ids only, at most MAX_BULK."""
    ids = [i for i in map(int_or_none, args.getlist("person")) if i]
    return list(dict.fromkeys(ids))[:MAX_BULK]
