"""A service's message may quote what the user typed; shown on a form it is text, never markup."""

from __future__ import annotations

from flask import render_template_string
from flask_babel import lazy_gettext as _l
from wtforms import Form, StringField

from crm.common.errors import ServiceError


class OneField(Form):
    value = StringField()


def test_a_message_quoting_the_input_is_escaped_on_the_form(app):
    typed = '<img src=x onerror=alert("xss")>'
    with app.test_request_context():
        form = OneField()
        ServiceError(_l("“%(text)s” is not a Kamerstuk number.", text=typed), field="value").attach_to(form)
        ServiceError(_l("“%(text)s” is not a Kamerstuk number.", text=typed)).attach_to(form)
        html = render_template_string("{{ form.value.errors[0] }} {{ form.form_errors[0] }}", form=form)
    assert "<img" not in html and html.count("&lt;img src=x onerror=alert(&#34;xss&#34;)&gt;") == 2
