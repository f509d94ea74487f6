"""Attack strings for stored and reflected XSS and formula injection, and the checks that they did no harm."""

from __future__ import annotations

import re

import lxml.html

XSS = [
    '<script>alert("xss-1")</script>',
    '"><img src=x onerror=alert("xss-2")>',
    "javascript:alert('xss-3')",
    '<svg onload=alert("xss-4")>',
    "'><a href=\"javascript:alert('xss-5')\">xss-5</a>",
    '<iframe src="//evil.example/xss-6"></iframe>',
    "</textarea><script>alert('xss-7')</script>",
    "{{ config }}{% raw %}xss-8",
]
FORMULAS = ['=HYPERLINK("http://evil.example","klik")', "+1+1", "-2+3", "@SUM(A1:A9)", "=cmd|' /C calc'!A0"]
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:text/html")
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data", "poster")


def dom_problems(html: str) -> list[str]:
    """Script that could run on this page other than our own files: inline scripts, event handlers, script URLs."""
    if not html.strip():
        return []
    document = lxml.html.fromstring(html)
    problems = []
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower().split("}")[-1]
        if tag == "script" and (not (element.get("src") or "").startswith("/static/") or (element.text or "").strip()):
            problems.append(f"inline script: {lxml.html.tostring(element)[:120]!r}")
        if tag in ("iframe", "object", "embed", "base", "frame"):
            problems.append(f"<{tag}> element")
        if tag == "meta" and (element.get("http-equiv") or "").lower() == "refresh":
            problems.append("meta refresh")
        for name, value in element.attrib.items():
            name = name.lower().split("}")[-1]
            if name.startswith("on"):
                problems.append(f"<{tag} {name}=…>")
            if name in URL_ATTRIBUTES or name.endswith("href"):
                cleaned = re.sub(r"[\s\x00-\x1f]", "", value).lower()
                if cleaned.startswith(DANGEROUS_SCHEMES):
                    problems.append(f"<{tag} {name}={value[:60]}>")
    return problems


def formula_cells(rows: list[list]) -> list[str]:
    """Cells a spreadsheet would run: text starting with = + - @ (numbers and neutralised text are fine)."""
    return [
        cell
        for row in rows
        for cell in row
        if isinstance(cell, str)
        and cell[:1] in ("=", "+", "-", "@", "\t", "\r")
        and not re.fullmatch(r"[-+]?\d+([.,]\d+)?%?", cell.strip())
    ]
