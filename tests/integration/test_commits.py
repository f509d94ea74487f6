"""The views' save step (crm/common/commits.py): stored once, or the business rule's message where the user sees it."""

from __future__ import annotations

import pytest
from flask import get_flashed_messages

from crm.common.commits import made, saved
from crm.common.errors import ServiceError
from crm.common.forms import ConfirmForm
from crm.common.locking import ConflictError
from crm.partners.models import Tag
from tests.helpers import count


def _add_tag(db, name: str) -> None:
    db.session.add(Tag(name=name, key=name))
    db.session.flush()


def _refuse(db, message: str, field: str | None = None):
    def write() -> None:
        _add_tag(db, "half done")
        raise ServiceError(message, field=field)

    return write


def test_a_write_that_succeeds_is_committed(app, db):
    with app.test_request_context(method="POST"):
        assert saved(lambda: _add_tag(db, "cultuur")) is True
        db.session.rollback()  # nothing left to roll back: it is committed
        assert count(Tag, Tag.name == "cultuur") == 1
        assert get_flashed_messages() == []


def test_a_refusal_rolls_back_and_lands_on_the_form(app, db):
    with app.test_request_context(method="POST"):
        form = ConfirmForm(meta={"csrf": False})
        assert saved(_refuse(db, "Dat kan niet <b>zo</b>."), form) is False
        assert form.form_errors == ["Dat kan niet <b>zo</b>."]
        assert count(Tag, Tag.name == "half done") == 0
        assert get_flashed_messages() == []


def test_a_refusal_without_a_form_is_flashed(app, db):
    with app.test_request_context(method="POST"):
        assert saved(_refuse(db, "Deze brief is al verstuurd.")) is False
        assert get_flashed_messages(with_categories=True) == [("error", "Deze brief is al verstuurd.")]
        assert count(Tag, Tag.name == "half done") == 0


def test_a_conflict_is_left_to_the_caller(app, db):
    def stale() -> None:
        raise ConflictError(None)

    with app.test_request_context(method="POST"), pytest.raises(ConflictError):
        saved(stale)


def test_made_gives_the_committed_record_or_none(app, db):
    def make() -> Tag:
        tag = Tag(name="erfgoed", key="erfgoed")
        db.session.add(tag)
        db.session.flush()
        return tag

    with app.test_request_context(method="POST"):
        tag = made(make)
        db.session.rollback()
        assert tag is not None and tag.name == "erfgoed"
        assert count(Tag, Tag.name == "erfgoed") == 1
        assert made(_refuse(db, "Deze brief is al verstuurd.")) is None
        assert get_flashed_messages(with_categories=True) == [("error", "Deze brief is al verstuurd.")]
        assert count(Tag, Tag.name == "half done") == 0
