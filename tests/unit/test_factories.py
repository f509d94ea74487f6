"""Every model has a factory (issue 2's bar), and each factory makes a row the database accepts."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

import factory
from sqlalchemy import inspect as sa_inspect

from tests import factories_letters

# Every tests/factories*.py, so a new domain's factories are checked as soon as they exist.
MODULES = tuple(
    importlib.import_module(f"tests.{path.stem}")
    for path in sorted(Path(__file__).resolve().parents[1].glob("factories*.py"))
)
# Versions are made with their letter (LetterFactory makes version 1): a further version of a new letter.
STANDALONE = {
    "LetterVersion": lambda: {"letter_id": factories_letters.LetterFactory().id, "number": 2, "sha256": "0" * 64},
}


def all_factories() -> dict[type, type]:
    found = {}
    for module in MODULES:
        for _name, candidate in inspect.getmembers(module, inspect.isclass):
            if issubclass(candidate, factory.base.Factory) and candidate._meta.model is not None:
                found[candidate._meta.model] = candidate
    return found


def test_every_model_has_a_factory_that_makes_a_valid_row(db):
    made = all_factories()
    models = {mapper.class_ for mapper in db.Model.registry.mappers}
    missing = sorted(model.__name__ for model in models - set(made))
    assert not missing, f"models without a factory in tests/factories*.py: {', '.join(missing)}"
    for model, maker in made.items():
        row = maker(**STANDALONE.get(model.__name__, dict)())
        db.session.flush()
        assert db.session.get(model, sa_inspect(row).identity) is row, model.__name__  # id, or a key of its own
