"""Forms for series, meetings, attendees, agenda, minutes and action items; list filter parsing."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional

from crm.common.forms import (
    BaseForm,
    CheckboxListField,
    IdListField,
    LocalDateTimeField,
    OnceForm,
    VersionForm,
    int_or_none,
    length,
    none_if_blank,
    optional_text,
    picker_name,
    select_choices,
    status_arg,
    web_url,
)
from crm.meetings.models import ACTION_STATUS_LABELS, ATTENDANCE_LABELS, MEETING_STATUS_LABELS
from crm.meetings.queries import PERIODS, MeetingFilters
from crm.meetings.queries_series import SeriesFilters
from crm.meetings.services import MeetingInput, SeriesInput
from crm.meetings.services_actions import ActionItemInput, Owner
from crm.meetings.services_minutes import AgendaItemInput, MinutesInput, decision_lines

TEXT_MAX = 20_000
MINUTES_MAX = 50_000


def optional_id(value) -> int | None:
    return int_or_none(value)


class SeriesForm(OnceForm, VersionForm):
    name = StringField(_l("Name"), validators=[DataRequired(), length(200)])
    description = optional_text(_l("Description"), TEXT_MAX, long=True, blank_is_none=True)
    coalition_id = SelectField(_l("Coalition"), coerce=optional_id, choices=[], validate_choice=False)

    record_fields = ("name", "description", "coalition_id")

    def to_input(self) -> SeriesInput:
        return SeriesInput(**self.values(self.record_fields))


class MeetingForm(OnceForm, VersionForm):
    title = StringField(_l("Title"), validators=[DataRequired(), length(200)])
    series_id = SelectField(_l("Series"), coerce=optional_id, choices=[], validate_choice=False)
    starts_at = LocalDateTimeField(_l("Starts"), validators=[InputRequired()])
    ends_at = LocalDateTimeField(_l("Ends"), validators=[InputRequired()])
    location = optional_text(_l("Location"), 300, blank_is_none=True)
    online_url = StringField(
        _l("Online meeting link"),
        validators=[Optional(), length(500), web_url],
        filters=[none_if_blank],
        description=_l("A web address starting with https://, e.g. a Zoom or Teams link."),
    )
    organiser_id = SelectField(_l("Organiser"), coerce=optional_id, choices=[], validate_choice=False)
    coalition_id = SelectField(_l("Coalition"), coerce=optional_id, choices=[], validate_choice=False)
    status = SelectField(
        _l("Status"), choices=select_choices((k.value, v) for k, v in MEETING_STATUS_LABELS.items()), default="planned"
    )
    dossier_ids = CheckboxListField(_l("Dossiers"), coerce=int, choices=[])

    record_fields = ("title", "series_id", "location", "online_url", "organiser_id", "coalition_id", "status")

    def to_input(self) -> MeetingInput:
        return MeetingInput(
            **self.values(self.record_fields),
            starts_at=self.starts_at.utc,
            ends_at=self.ends_at.utc,
            dossier_ids=list(self.dossier_ids.data or []),
        )

    def fill_from(self, meeting) -> None:
        super().fill_from(meeting)
        self.starts_at.set_utc(meeting.starts_at)
        self.ends_at.set_utc(meeting.ends_at)
        self.dossier_ids.data = [d.id for d in meeting.dossiers]


class NewMeetingForm(MeetingForm):
    """Creating a meeting also takes its first attendees and agenda, so one form does the common case."""

    user_ids = CheckboxListField(_l("Colleagues"), coerce=int, choices=[])
    person_ids = IdListField(_l("External attendees"))
    agenda = optional_text(
        _l("Agenda"),
        TEXT_MAX,
        long=True,
        description=_l("One item per line; you can add presenters and durations later."),
        blank_is_none=False,
    )

    def agenda_titles(self) -> list[str]:
        return [line.strip() for line in (self.agenda.data or "").splitlines() if line.strip()]


class AttendeesForm(BaseForm):
    user_ids = CheckboxListField(_l("Colleagues"), coerce=int, choices=[])
    person_ids = IdListField(_l("External attendees"))


class AttendeeForm(BaseForm):
    attendance = SelectField(
        _l("Attendance"), choices=select_choices((k.value, v) for k, v in ATTENDANCE_LABELS.items())
    )
    organisation_name = picker_name(
        _l("Represents"), description=_l("The organisation this person attends for. Leave empty when none.")
    )
    organisation_id = HiddenField()


def attendance_from(form: MultiDict) -> dict[int, str]:
    """The attendance table posts one `attendance-<attendee id>` per row."""
    found = {}
    for key, value in form.items():
        if key.startswith("attendance-"):
            attendee_id = int_or_none(key.removeprefix("attendance-"))
            if attendee_id:
                found[attendee_id] = value
    return found


class AgendaItemForm(OnceForm, VersionForm):
    title = StringField(_l("Title"), validators=[DataRequired(), length(300)])
    presenter = optional_text(
        _l("Presenter"),
        200,
        blank_is_none=True,
        description=_l("A colleague or a guest; type a name."),
        render_kw={"list": "presenters"},
    )
    duration_minutes = IntegerField(
        _l("Duration (minutes)"),
        validators=[Optional(), NumberRange(min=0, max=1440, message=_l("Enter 0 to 1440 minutes."))],
    )

    record_fields = ("title", "presenter", "duration_minutes")

    def to_input(self) -> AgendaItemInput:
        return AgendaItemInput(**self.values(self.record_fields))


class ReorderForm(BaseForm):
    item_ids = IdListField(_l("Order"))


def _decisions_field(label):
    return optional_text(label, TEXT_MAX, long=True, description=_l("One decision per line."), blank_is_none=False)


def minutes_form_class(items: list):
    """A form with, per agenda item, a Markdown field and a decisions field (one per line)."""

    class MinutesForm(BaseForm):
        # The latest version number the form was opened on: required, it is the minutes' optimistic lock.
        based_on = HiddenField(validators=[InputRequired()])
        general_decisions = _decisions_field(_l("Other decisions"))

        def to_input(self) -> MinutesInput:
            return MinutesInput(
                based_on=int_or_none(self.based_on.data) or 0,
                item_minutes={item.id: self[f"minutes_{item.id}"].data or None for item in items},
                item_decisions={item.id: decision_lines(self[f"decisions_{item.id}"].data) for item in items},
                general_decisions=decision_lines(self.general_decisions.data),
            )

        def fill_from(self, meeting, general, based_on: int) -> None:
            for item in items:
                self[f"minutes_{item.id}"].data = item.minutes
                self[f"decisions_{item.id}"].data = "\n".join(d.text for d in item.decisions)
            self.general_decisions.data = "\n".join(d.text for d in general)
            self.based_on.data = based_on

    markdown = _l("Markdown: **bold**, *italic*, lists with - and links.")
    for item in items:
        minutes = optional_text(_l("Minutes"), MINUTES_MAX, long=True, description=markdown, blank_is_none=False)
        setattr(MinutesForm, f"minutes_{item.id}", minutes)
        setattr(MinutesForm, f"decisions_{item.id}", _decisions_field(_l("Decisions")))
    return MinutesForm


class ReopenForm(BaseForm):
    reason = TextAreaField(
        _l("Reason for reopening"),
        validators=[DataRequired(), length(2000)],
        description=_l("Kept with the minutes' versions and in the history."),
    )


class HeldForm(BaseForm):
    """Marking a meeting held that, by its planned time, has not started yet: when did it really start?"""

    started_at = LocalDateTimeField(
        _l("Started at"),
        validators=[InputRequired(message=_l("Enter when the meeting started."))],
        description=_l("The meeting moves to this time and keeps its length."),
    )


class ActionItemForm(OnceForm, VersionForm):
    description = StringField(_l("What"), validators=[DataRequired(), length(500)])
    owner = SelectField(_l("Owner"), choices=[], validate_choice=False, validators=[DataRequired()])
    due_date = DateField(_l("Due date"), validators=[Optional()])
    agenda_item_id = SelectField(_l("Agenda item"), coerce=optional_id, choices=[], validate_choice=False)
    status = SelectField(
        _l("Status"), choices=select_choices((k.value, v) for k, v in ACTION_STATUS_LABELS.items()), default="open"
    )

    record_fields = ("description", "due_date", "agenda_item_id", "status")

    def to_input(self) -> ActionItemInput:
        return ActionItemInput(**self.values(self.record_fields), owner=Owner.parse(self.owner.data))

    def fill_from(self, item) -> None:
        super().fill_from(item)
        self.owner.data = Owner(item.owner_user_id, item.owner_person_id).key


def _date_arg(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def meeting_filters(args: MultiDict) -> MeetingFilters:
    period = args.get("period", "")
    status = args.get("status", "")
    return MeetingFilters(
        q=args.get("q", "")[:200],
        series_id=int_or_none(args.get("series")),
        coalition_id=int_or_none(args.get("coalition")),
        dossier_id=int_or_none(args.get("dossier")),
        status=status if status in MEETING_STATUS_LABELS else "",
        period=period if period in PERIODS else "",
        date_from=_date_arg(args.get("from")),
        date_until=_date_arg(args.get("until")),
    )


def series_filters(args: MultiDict) -> SeriesFilters:
    return SeriesFilters(q=args.get("q", "")[:200], status=status_arg(args))
