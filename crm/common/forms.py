"""Form building blocks shared by every domain."""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from urllib.parse import urlsplit

import email_validator
from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, DateTimeLocalField, Field, HiddenField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from crm.common import form_tokens
from crm.common.time import local_to_utc, utc_to_local

# The demo accounts live under the reserved .test domain (RFC 2606); accept it like any other domain.
if "test" in email_validator.SPECIAL_USE_DOMAIN_NAMES:
    email_validator.SPECIAL_USE_DOMAIN_NAMES.remove("test")

# What a date field takes: the ISO date a browser's date picker sends, and the Dutch way of writing one, for a
# browser that shows a plain text box. The message of a date it cannot read says which format to use.
DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]
DATE_MESSAGE = _l("Not a valid date; use dd-mm-yyyy, e.g. 31-12-2026.")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M", "%d/%m/%Y %H:%M"]
DATETIME_MESSAGE = _l("Not a valid date and time; use dd-mm-yyyy hh:mm, e.g. 31-12-2026 14:30.")

# Control characters break PostgreSQL (NUL) and make text invisible or misleading; tabs and newlines are fine.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_filter(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def none_if_blank(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


class BaseForm(FlaskForm):
    """Every form: trims text, refuses control characters anywhere, reads dates written the Dutch way too and says
    which format a date takes when it cannot read one."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            filters = unbound_field.kwargs.get("filters", ())
            if unbound_field.field_class in (StringField, TextAreaField) and strip_filter not in filters:
                unbound_field.kwargs["filters"] = (strip_filter, *filters)
            if issubclass(unbound_field.field_class, DateField):
                unbound_field.kwargs.setdefault("format", DATE_FORMATS)
                unbound_field.kwargs.setdefault("invalid_value_message", DATE_MESSAGE)
            return unbound_field.bind(form=form, **options)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            data = field.data
            values = data if isinstance(data, list) else [data]
            if any(isinstance(v, str) and _CONTROL.search(v) for v in values):
                field.errors = [*list(field.errors), _l("This field contains invalid (control) characters.")]
                valid = False
        return valid

    def values(self, names: tuple[str, ...]) -> dict[str, Any]:
        """The data of the named fields, by name: the plain part of a service's input."""
        return {name: getattr(self, name).data for name in names}

    def fill_fields(self, record: Any, names: tuple[str, ...]) -> None:
        """Load the record's attributes of these names into the fields of the same names (outside of a POST)."""
        for name in names:
            getattr(self, name).data = getattr(record, name)


class VersionForm(BaseForm):
    """A form that edits a versioned record carries the version it was opened on."""

    version_id = HiddenField()
    record_fields: tuple[str, ...] = ()  # the fields that show the record's attributes of the same names

    def fill_from(self, record: Any) -> None:
        """Load the record into the form, outside of a POST: its `record_fields` and the version it is at. A form
        with more to load (a picker, a list of links) extends this."""
        self.fill_fields(record, self.record_fields)
        self.version_id.data = record.version_id

    def submitted_version(self) -> int | None:
        try:
            return int(self.version_id.data)
        except (TypeError, ValueError):
            return None


class OnceForm(BaseForm):
    """A form that creates a record (and the edit form sharing its class): its one-time token makes a second
    submission of the same page save nothing.

    Render `{{ form.form_token }}` next to the CSRF token. The token is claimed before the view runs and committed
    with the record (crm/common/form_tokens.py); a POST without one (a script) is handled as before.
    """

    form_token = HiddenField(default=form_tokens.new_token)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.form_token.data and not form_tokens.is_well_formed(self.form_token.data):
            self.form_errors.append(_l("This form is damaged. Reload the page and enter it again."))
            self.form_token.data = form_tokens.new_token()  # the page shown again can be sent
            valid = False
        return valid


def web_url(form: Any, field: Field) -> None:
    """Only http(s) links: refuses javascript:, data: and other schemes that run in a browser."""
    if not field.data:
        return
    value = field.data
    if "://" not in value and not value.lower().startswith(("http:", "https:")) and ":" not in value.split("/")[0]:
        value = "https://" + value
        field.data = value
    try:
        parts = urlsplit(value)
    except ValueError:  # e.g. an unbalanced "[" reads as a broken IPv6 address
        raise ValidationError(_l("Enter a web address starting with http:// or https://.")) from None
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc or " " in value:
        raise ValidationError(_l("Enter a web address starting with http:// or https://."))


def optional_email():
    return [
        Optional(),
        Length(max=254),
        Email(message=_l("Enter a valid email address."), check_deliverability=False),
    ]


def length(max_length: int):
    return Length(max=max_length, message=_l("At most %(max)d characters.", max=max_length))


def optional_text(label: Any, max_length: int, *, long: bool = False, blank_is_none: bool = True, **kwargs: Any) -> Any:
    """A text field that may stay empty, of at most `max_length` characters; `long`: a text area.
    `blank_is_none`: an empty answer is stored as no value (None); else as ""."""
    field = TextAreaField if long else StringField
    filters = [none_if_blank] if blank_is_none else []
    return field(label, validators=[Optional(), length(max_length)], filters=filters, **kwargs)


def picker_name(label: Any, **kwargs: Any) -> Any:
    """The visible half of a type-ahead picker, `<prefix>_name` next to a hidden `<prefix>_id`: the name typed or
    chosen, of at most 200 characters, "" when empty."""
    return optional_text(label, 200, blank_is_none=False, **kwargs)


def picked_id(form: Any, prefix: str) -> int | None:
    """The id a type-ahead picker chose; None once its name is emptied (without JavaScript the hidden id stays)."""
    return int_or_none(form[f"{prefix}_id"].data) if form[f"{prefix}_name"].data else None


def fill_picker(form: Any, prefix: str, record: Any, name: str = "name") -> None:
    """Show the record (or nothing) in a type-ahead picker: its attribute `name` and its id."""
    form[f"{prefix}_name"].data = getattr(record, name) if record else ""
    form[f"{prefix}_id"].data = record.id if record else ""


class ConfirmForm(BaseForm):
    """An empty form: a CSRF token for a POST that needs no input (archive, restore, remove)."""


def int_or_none(value: Any) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**31 else None


def status_arg(args: Any) -> str:
    from crm.common.queries import STATUSES

    status = args.get("status", "active")
    return status if status in STATUSES else "active"


def list_filters(filters: Any, args: Any, *, ids: tuple[str, ...] = (), **values: Any) -> Any:
    """A record list's `filters` from the URL's `args`: the search text `q` (200 characters at most), the status,
    the sort (by name unless the URL says otherwise), a record id `<name>_id` for each name in `ids` (read from the
    argument `<name>`), and the other `values` as given."""
    chosen = {f"{name}_id": int_or_none(args.get(name)) for name in ids}
    return filters(
        q=args.get("q", "")[:200], status=status_arg(args), sort=args.get("sort", "name"), **chosen, **values
    )


def page_number(args: Any) -> int:
    return min(int_or_none(args.get("page")) or 1, 100_000)


def select_choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]


class IdListField(Field):
    """The ids a multi-picker submitted (one `name` per chosen record); the service checks they exist."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.data: list[int] = []

    def process_formdata(self, valuelist):
        ids: list[int] = []
        for value in valuelist:
            number = int_or_none(value)
            if number is None:
                self.data = []
                raise ValidationError(_l("Choose from the list."))
            if number not in ids:
                ids.append(number)
        self.data = ids

    def _value(self):
        return ""


class LocalDateTimeField(DateTimeLocalField):
    """A date and time as the user reads it (Europe/Amsterdam); `utc` converts it for storage."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("format", DATETIME_FORMATS)
        kwargs.setdefault("invalid_value_message", DATETIME_MESSAGE)
        super().__init__(label, validators, **kwargs)

    @property
    def utc(self):
        return local_to_utc(self.data, current_app.config["BABEL_DEFAULT_TIMEZONE"]) if self.data else None

    def set_utc(self, moment) -> None:
        self.data = utc_to_local(moment, current_app.config["BABEL_DEFAULT_TIMEZONE"]) if moment else None


def date_arg(value: str | None):
    """A yyyy-mm-dd query argument as a date, or None when absent or not a real date."""
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


class CheckboxListField(SelectMultipleField):
    """A list of checkboxes: keyboard- and screen-reader-friendly, unlike a multiple select."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
