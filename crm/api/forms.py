"""Forms for personal access tokens and webhooks."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from crm.api.models import TokenScope
from crm.common.forms import BaseForm, length, select_choices
from crm.webhooks.events import EVENTS


class TokenForm(BaseForm):
    name = StringField(_l("Name"), validators=[DataRequired(), length(100)],
                       description=_l("What the token is for, e.g. Power BI report"))  # fmt: skip
    scope = SelectField(
        _l("May"),
        choices=select_choices([(TokenScope.READ, _l("Only read")), (TokenScope.WRITE, _l("Read and write"))]),
        default=TokenScope.READ,
    )
    expires_on = DateField(_l("Valid until"), validators=[Optional()],
                           description=_l("Leave empty for a token without an end date"))  # fmt: skip


class WebhookForm(BaseForm):
    name = StringField(_l("Name"), validators=[DataRequired(), length(100)])
    url = StringField(
        _l("Address (URL)"),
        validators=[DataRequired(), length(2000)],
        description=_l("Where Bondgenoot sends the events, e.g. https://example.org/bondgenoot"),
    )
    events = SelectMultipleField(
        _l("Events"),
        choices=select_choices(list(EVENTS.items())),
        validators=[DataRequired(message=_l("Choose at least one event."))],
        option_widget=CheckboxInput(),
        widget=ListWidget(prefix_label=False),
    )
