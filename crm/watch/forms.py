"""The forms of a dossier's watch: add a rule, dismiss a match."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, SelectField, StringField
from wtforms.validators import Length, Optional

from crm.common.forms import BaseForm, int_or_none, select_choices
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
