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


def _current_password(label) -> PasswordField:
    return PasswordField(
        label,
        validators=[DataRequired(), Length(max=PASSWORD_MAX)],
        render_kw={"autocomplete": "current-password"},
    )


def _new_password(label) -> PasswordField:
    return PasswordField(
        label,
        validators=[DataRequired(), Length(max=PASSWORD_MAX), strong_enough],
        render_kw={"autocomplete": "new-password"},
    )


def _repeated(label, field: str) -> PasswordField:
    """The same password again, to catch a typing error in `field`."""
    return PasswordField(label, validators=[DataRequired(), EqualTo(field, message=_l("The passwords do not match."))])


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
    password = _current_password(_l("Password"))
    remember = BooleanField(_l("Keep me signed in on this device"))
    next = HiddenField()


class ReauthForm(BaseForm):
    password = _current_password(_l("Password"))
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
    current_password = _current_password(_l("Current password"))
    new_password = _new_password(_l("New password"))
    confirm = _repeated(_l("Repeat new password"), "new_password")


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

    record_fields = ("email", "name", "role", "language", "template_editor")


class NewUserForm(OnceForm, UserForm, PasswordForm):
    password = _new_password(_l("Initial password"))
    confirm = _repeated(_l("Repeat password"), "password")


class PasswordResetForm(PasswordForm):
    password = _new_password(_l("New password"))
    confirm = _repeated(_l("Repeat password"), "password")
