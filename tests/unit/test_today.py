"""`today()` is the date on the organisation's calendar (TIMEZONE), not UTC's: a letter sent at 00:30 in Amsterdam
is sent today, not tomorrow."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Flask

from crm.common.time import DEFAULT_ZONE, today


def _today_in(zone: str):
    app = Flask(__name__)
    app.config["BABEL_DEFAULT_TIMEZONE"] = zone
    with app.app_context():
        return today()


def test_today_follows_the_configured_time_zone():
    # Kiritimati (UTC+14) and Pago Pago (UTC−11) are 25 hours apart: their dates differ at every moment, so a
    # today() that ignored the zone would give the same date for both.
    ahead, behind = _today_in("Pacific/Kiritimati"), _today_in("Pacific/Pago_Pago")
    assert ahead != behind
    assert ahead == datetime.now(ZoneInfo("Pacific/Kiritimati")).date()
    assert behind == datetime.now(ZoneInfo("Pacific/Pago_Pago")).date()


def test_outside_an_app_today_is_amsterdam_s():
    assert DEFAULT_ZONE == "Europe/Amsterdam"
    assert today() == datetime.now(ZoneInfo(DEFAULT_ZONE)).date()
