"""The forms of a dossier's watch (add a rule, dismiss a match) and of the debate preparation (add it to a meeting,
send it to colleagues)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from crm.common.forms import BaseForm, CheckboxListField, OnceForm, int_or_none, length, select_choices
from crm.watch.models import RULE_KIND_LABELS, RuleKind


class RuleForm(BaseForm):
    kind = RadioField(
        _l("Watch"),
        choices=select_choices((kind.value, label) for kind, label in RULE_KIND_LABELS.items()),
        default=RuleKind.KAMERSTUK.value,
    )
    value = StringField(
        _l("Kamerstuk number or keyword"),
        validators=[Optional(), Length(max=200)],
        description=_l("A Kamerstuk number such as 36 600 VIII, or a word or phrase from the subject."),
    )
    committee_id = SelectField(_l("Committee"), coerce=int_or_none, validators=[Optional()], validate_choice=False)


class DismissForm(BaseForm):
    item_kind = HiddenField()
    item_id = HiddenField(validators=[Length(max=36)])


class MeetingChoiceForm(OnceForm):
    """Add the debate preparation to one of our meetings. Any meeting id is read; the service decides who may."""

    meeting_id = SelectField(
        _l("Meeting"),
        coerce=int_or_none,
        validators=[InputRequired(message=_l("Choose a meeting."))],
        validate_choice=False,
        description=_l("Our meetings on this dossier and in the next weeks that you may edit; upcoming first."),
    )


class ShareForm(OnceForm):
    """Send the debate preparation to colleagues: active colleagues only, never oneself."""

    user_ids = CheckboxListField(
        _l("Colleagues"), coerce=int, choices=[], validators=[DataRequired(_l("Choose at least one colleague."))]
    )
    note = TextAreaField(_l("Message (optional)"), validators=[Optional(), length(1000)])
