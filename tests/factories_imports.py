"""Factories for spreadsheet imports: the import, a saved mapping, a record an import made."""

from __future__ import annotations

import factory

from crm.imports.models import Import, ImportMapping, ImportRecord
from tests.factories import Base
from tests.import_files import csv_bytes

SAMPLE = csv_bytes([["Achternaam", "E-mail"], ["Jansen", "jansen@voorbeeld.example"]])


class ImportFactory(Base):
    class Meta:
        model = Import

    kind = "people"
    filename = "leden.csv"
    sha256 = "0" * 64
    size = len(SAMPLE)
    data = SAMPLE
    headers = factory.LazyFunction(lambda: ["Achternaam", "E-mail"])
    mapping = factory.LazyFunction(lambda: {"0": "last_name", "1": "email"})
    rows_total = 1


class ImportMappingFactory(Base):
    class Meta:
        model = ImportMapping

    name = factory.Sequence(lambda n: f"Ledenlijst {n}")
    kind = "people"
    columns = factory.LazyFunction(lambda: {"Achternaam": "last_name"})


class ImportRecordFactory(Base):
    class Meta:
        model = ImportRecord
        exclude = ("import_record",)

    import_record = factory.SubFactory(ImportFactory)
    import_id = factory.LazyAttribute(lambda o: o.import_record.id)
    row = 2
    entity_type = "person"
    entity_id = 1
    action = "created"


def sample_import_arguments() -> dict:
    """An uploaded import waiting for its mapping, for the access matrix."""
    return {"import_id": ImportFactory().id}
