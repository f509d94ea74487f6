"""The keyboard focus ring stands out from what it is drawn on: at least 3:1 (WCAG 1.4.11 non-text contrast), on
the page, on white panels and forms, on the dark header and in the account menu's white panel."""

from __future__ import annotations

import re
from pathlib import Path

import tinycss2

STYLESHEET = Path(__file__).resolve().parents[2] / "crm" / "static" / "css" / "app.css"


def relative_luminance(hex_colour: str) -> float:
    value = hex_colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    lighter, darker = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def declarations() -> dict[str, dict[str, str]]:
    """selector → {property: value} of the stylesheet's top-level rules (the later rule wins, as in a browser)."""
    found: dict[str, dict[str, str]] = {}
    for rule in tinycss2.parse_stylesheet(STYLESHEET.read_text(), skip_comments=True, skip_whitespace=True):
        if rule.type != "qualified-rule":
            continue
        selector = tinycss2.serialize(rule.prelude).strip()
        for item in tinycss2.parse_declaration_list(rule.content, skip_comments=True, skip_whitespace=True):
            if item.type == "declaration":
                found.setdefault(selector, {})[item.lower_name] = tinycss2.serialize(item.value).strip()
    return found


def colour(value: str, variables: dict[str, str]) -> str:
    """The colour in a value such as "3px solid var(--focus-ring)" or "var(--focus)", variables resolved."""
    for _ in range(5):
        value = re.sub(r"var\((--[\w-]+)\)", lambda m: variables[m.group(1)], value)
    match = re.search(r"#[0-9a-fA-F]{3,6}\b", value)
    assert match, f"no colour in {value!r}"
    return match.group(0)


def test_contrast_is_computed_as_wcag_defines_it():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#ffbf47", "#ffffff"), 2) == 1.64  # the old ring on white: far too faint


def test_the_focus_ring_has_three_to_one_contrast_wherever_it_is_drawn():
    rules = declarations()
    variables = {name: value for name, value in rules[":root"].items() if name.startswith("--")}
    page_ring = colour(rules[":focus-visible"]["outline"], variables)
    # Without a rule of their own, the header and its menu draw the page's ring (the cascade).
    header_ring = colour(rules.get(".site-header :focus-visible", {}).get("outline-color", page_ring), variables)
    menu_ring = colour(rules.get(".site-header .menu :focus-visible", {}).get("outline-color", header_ring), variables)
    backgrounds = {
        "page": (page_ring, variables["--bg"]),
        "panel": (page_ring, variables["--panel"]),
        "header": (header_ring, colour(rules[".site-header"]["background"], variables)),
        "account menu": (menu_ring, colour(rules[".user-menu .menu"]["background"], variables)),
    }
    too_faint = {where: round(contrast(*pair), 2) for where, pair in backgrounds.items() if contrast(*pair) < 3}
    assert too_faint == {}
