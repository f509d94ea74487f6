"""The site's stylesheet parses cleanly: one lost brace would silently drop every rule after it."""

from __future__ import annotations

from pathlib import Path

import tinycss2

STYLESHEET = Path(__file__).resolve().parents[2] / "crm" / "static" / "css" / "app.css"


def test_the_stylesheet_has_no_parse_errors_and_closes_every_block():
    rules = tinycss2.parse_stylesheet(STYLESHEET.read_text(), skip_comments=True, skip_whitespace=True)
    errors = [f"line {rule.source_line}: {rule.message}" for rule in rules if rule.type == "error"]
    assert errors == []
    # An unclosed @media swallows the rest of the file: the last rules must stand at the top level.
    selectors = [tinycss2.serialize(rule.prelude).strip() for rule in rules if rule.type == "qualified-rule"]
    assert any(selector.startswith(".network") for selector in selectors)
    text = STYLESHEET.read_text()
    assert text.count("{") == text.count("}")
