"""Report templates: "data" fields carry lists and tables, handed to the sandbox as plain data."""

from __future__ import annotations

from datetime import date, datetime

from crm.documents import catalogue
from crm.documents.context import plain_data
from crm.rendering.sandbox import ensure_plain


def test_data_fields_make_a_template_one_made_from_its_report_page():
    meta = catalogue.parse_meta('title = "R"\nkind = "report"\n[[fields]]\nname = "rows"\ntype = "data"\n')
    assert meta.kind == "report" and meta.filled_from_data
    assert not catalogue.parse_meta('title = "X"\n[[fields]]\nname = "a"\n').filled_from_data
    for name in ("transparency_report", "partner_report"):
        builtin = catalogue.builtin(name)
        assert builtin is not None and builtin.meta.filled_from_data and builtin.meta.sample


def test_plain_data_turns_dates_into_text_and_keeps_the_shape():
    value = {"period": {"start": date(2026, 7, 1)}, "rows": [{"at": datetime(2026, 7, 1, 9, 30), "n": 2,
             "open": True, "place": None}], "tuple": (1, "a")}  # fmt: skip
    plain = plain_data(value)
    assert plain == {"period": {"start": "2026-07-01"}, "rows": [{"at": "2026-07-01T09:30:00", "n": 2, "open": True,
                     "place": ""}], "tuple": [1, "a"]}  # fmt: skip
    ensure_plain(plain)
    assert plain_data(object()).startswith("<object")
