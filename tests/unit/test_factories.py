"""Every model has a factory (issue 2's bar), and each factory makes a row the database accepts."""

from __future__ import annotations

import inspect

import factory

from tests import factories, factories_documents, factories_letters, factories_meetings, factories_stakeholders

MODULES = (factories, factories_documents, factories_letters, factories_meetings, factories_stakeholders)
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
        assert db.session.get(model, row.id) is row, model.__name__
