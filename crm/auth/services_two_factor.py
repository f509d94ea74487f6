"""Two-factor sign-in with time-based one-time codes (TOTP, RFC 6238; pyotp): enrol, check, switch off, reset.

The secret is sealed at rest (crm/auth/sealing.py), shown only while the user enrols and never again. A code is
accepted once: its time step must be later than the last one used. Enabling, switching off and an administrator's
reset end the user's other sessions; the audit trail records them (the enabled date changes, never the secret).
"""

from __future__ import annotations

import io
import re

import pyotp
import segno
from flask import current_app
from flask_babel import lazy_gettext as _l
from pyotp.exceptions import OTPVerificationError

from crm.auth.models import User, new_session_token
from crm.auth.sealing import seal, unseal
from crm.common.errors import ServiceError
from crm.common.time import utcnow
from crm.extensions import db
from crm.permissions import Role

VALID_WINDOW = 1  # one 30-second step either side: phones whose clock is a little off
WRONG_CODE = _l("That code is not correct (or was used already). Enter the current code from your app.")
_NOT_DIGITS = re.compile(r"[\s-]")


def _context(user: User) -> str:
    return f"user:{user.id}:totp"


def _totp(secret: str) -> pyotp.TOTP:
    return pyotp.TOTP(secret)


def begin_enrolment(user: User) -> None:
    """A new secret, not active until the user confirms a code from it (replaces an unconfirmed one)."""
    if user.has_second_factor:
        raise ServiceError(_l("Two-factor sign-in is on already. Switch it off first to set up another app."))
    user.totp_secret = seal(pyotp.random_base32(), _context(user))
    user.totp_last_counter = None
    db.session.flush()


def pending_secret(user: User) -> str | None:
    """The secret being enrolled, to show once; None when there is none (or it is confirmed already)."""
    if user.has_second_factor:
        return None
    return unseal(user.totp_secret, _context(user))


def provisioning_uri(user: User, secret: str) -> str:
    return _totp(secret).provisioning_uri(name=user.email, issuer_name=current_app.config["TOTP_ISSUER"])


def qr_svg(uri: str) -> bytes:
    out = io.BytesIO()
    segno.make_qr(uri, error="m").save(out, kind="svg", scale=5, border=2, xmldecl=True, svgns=True, nl=False)
    return out.getvalue()


def grouped(secret: str) -> str:
    """The secret as people type it: groups of four."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _accept(user: User, secret: str | None, code: str | None) -> bool:
    code = _NOT_DIGITS.sub("", code or "")
    if secret is None or not code.isdigit() or len(code) != 6:
        return False
    try:
        counter = _totp(secret).verify_and_get_timecode(code, valid_window=VALID_WINDOW)
    except OTPVerificationError:
        return False
    if counter is None or (user.totp_last_counter is not None and counter <= user.totp_last_counter):
        return False
    user.totp_last_counter = counter
    return True


def confirm_enrolment(user: User, code: str | None) -> None:
    secret = pending_secret(user)
    if secret is None:
        raise ServiceError(_l("Start the set-up again: no set-up is in progress."))
    if not _accept(user, secret, code):
        raise ServiceError(WRONG_CODE, field="code")
    user.totp_enabled_at = utcnow()
    user.session_token = new_session_token()
    db.session.flush()


def verify_code(user: User, code: str | None) -> bool:
    """The code step of signing in: True (and the code used up) when it is right."""
    if not user.has_second_factor:
        return False
    accepted = _accept(user, unseal(user.totp_secret, _context(user)), code)
    if accepted:
        db.session.flush()
    return accepted


def required_for(user: User) -> bool:
    """Whether this user must have a second factor (administrators, when TOTP_REQUIRED_FOR_ADMINS is on)."""
    return bool(current_app.config["TOTP_REQUIRED_FOR_ADMINS"]) and user.role == Role.ADMIN


def switch_off(user: User, code: str | None) -> None:
    if required_for(user):
        raise ServiceError(_l("Administrators must use two-factor sign-in here; it cannot be switched off."))
    if not verify_code(user, code):
        raise ServiceError(WRONG_CODE, field="code")
    _clear(user)


def reset_by_admin(user: User, *, acting_user: User) -> None:
    """Recovery for a lost phone: the user signs in with the password alone and sets up a new app."""
    if user.id == acting_user.id:
        raise ServiceError(_l("Switch off your own two-factor sign-in under My account."))
    if user.totp_secret is None:
        raise ServiceError(_l("This user has no two-factor sign-in to reset."))
    _clear(user)


def _clear(user: User) -> None:
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_counter = None
    user.session_token = new_session_token()
    db.session.flush()
