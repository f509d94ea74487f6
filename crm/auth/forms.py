"""Login, account and user-management forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from crm.auth.password_policy import password_problem
from crm.common.forms import BaseForm, OnceForm, VersionForm, length, select_choices
from crm.permissions import ROLE_LABELS

LANGUAGE_CHOICES = select_choices([("nl", "Nederlands"), ("en", "English")])
PASSWORD_MAX = 200


def strong_enough(form, field) -> None:
    """Long enough and not common (crm/auth/password_policy.py); the account's own name and email count as common."""
    problem = password_problem(field.data, form.password_context())
    if problem is not None:
        raise ValidationError(problem)


class PasswordForm(BaseForm):
    """A form that sets a password. `account` is the user whose password it is (for the personal-words check)."""

    account = None

    def password_context(self) -> list[str | None]:
        words = [getattr(self.account, "email", None), getattr(self.account, "name", None)]
        for name in ("email", "name"):
            if name in self._fields:
                words.append(self[name].data)
        return words


class LoginForm(BaseForm):
    email = StringField(
        _l("Email"),
        validators=[DataRequired(), length(254)],
        render_kw={"autocomplete": "username", "type": "email"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(), Length(max=PASSWORD_MAX)],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Keep me signed in on this device"))
    next = HiddenField()


class ReauthForm(BaseForm):
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(), Length(max=PASSWORD_MAX)],
        render_kw={"autocomplete": "current-password"},
    )
    next = HiddenField()


class CodeForm(BaseForm):
    code = StringField(
        _l("Code from your authenticator app"),
        validators=[DataRequired(), Length(max=12)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9 ]*"},
    )


class LanguageForm(BaseForm):
    language = SelectField(_l("Language"), choices=LANGUAGE_CHOICES)
    next = HiddenField()


class ProfileForm(BaseForm):
    name = StringField(_l("Name"), validators=[DataRequired(), length(120)])
    language = SelectField(_l("Language"), choices=LANGUAGE_CHOICES)
    keyboard_shortcuts = BooleanField(
        _l("Use single-key shortcuts"),
        description=_l("c logs a contact, / jumps to the search. Switch them off if you use speech input."),
    )


class PasswordChangeForm(PasswordForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(), Length(max=PASSWORD_MAX)],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), Length(max=PASSWORD_MAX), strong_enough],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Repeat new password"),
        validators=[DataRequired(), EqualTo("new_password", message=_l("The passwords do not match."))],
    )


def _role_choices():
    return select_choices((role.value, label) for role, label in ROLE_LABELS.items())


class UserForm(VersionForm):
    email = StringField(
        _l("Email"),
        validators=[
            DataRequired(),
            length(254),
            Email(message=_l("Enter a valid email address."), check_deliverability=False),
        ],
    )
    name = StringField(_l("Name"), validators=[DataRequired(), length(120)])
    role = SelectField(_l("Role"), choices=_role_choices())
    language = SelectField(_l("Language"), choices=LANGUAGE_CHOICES)
    template_editor = BooleanField(
        _l("May edit and publish shared document templates"),
        description=_l("Administrators always may; for directors and lobbyists this grants it."),
    )

    def fill_from(self, user) -> None:
        self.email.data = user.email
        self.name.data = user.name
        self.role.data = user.role
        self.language.data = user.language
        self.template_editor.data = user.template_editor
        self.version_id.data = user.version_id


class NewUserForm(OnceForm, UserForm, PasswordForm):
    password = PasswordField(
        _l("Initial password"),
        validators=[DataRequired(), Length(max=PASSWORD_MAX), strong_enough],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Repeat password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords do not match."))],
    )


class PasswordResetForm(PasswordForm):
    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), Length(max=PASSWORD_MAX), strong_enough],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Repeat password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords do not match."))],
    )
