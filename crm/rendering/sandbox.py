"""The Jinja environment user-editable templates render in: sandboxed, autoescaped, plain data only."""

from __future__ import annotations

from datetime import date
from typing import Any

from babel.dates import format_date
from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from crm.common.markdown import render_markdown

PLAIN_TYPES = (str, int, float, bool, type(None))


def ensure_plain(value: Any, path: str = "context") -> None:
    """Templates get dicts, lists and scalars only: never ORM objects, the app, its config or callables."""
    if isinstance(value, PLAIN_TYPES):  # Markup is a str too
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"{path}: keys must be strings, not {type(key).__name__}")
            ensure_plain(item, f"{path}.{key}")
        return
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            ensure_plain(item, f"{path}[{index}]")
        return
    raise TypeError(f"{path}: {type(value).__name__} is not plain data")


def _long_date(value: Any, language: str = "nl") -> str:
    """An ISO date ("2026-03-12") as people write it: "12 maart 2026"."""
    if not value:
        return ""
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    return format_date(day, "d MMMM y", locale=language)


MAX_POWER = 1000
MAX_REPEAT = 1_000_000


class DocumentSandbox(ImmutableSandboxedEnvironment):
    """The sandbox, also refusing arithmetic that would take the worker's memory or CPU ("x" * 10**9, 9**9**9)."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int | float) and abs(right) > MAX_POWER:
            raise SecurityError(f"exponent larger than {MAX_POWER}")
        if operator == "*":
            size = _repeat_size(left, right) or _repeat_size(right, left)
            if size > MAX_REPEAT:
                raise SecurityError(f"result longer than {MAX_REPEAT:,}")
        return super().call_binop(context, operator, left, right)


def _repeat_size(sequence: Any, times: Any) -> int:
    if isinstance(sequence, str | list | tuple) and isinstance(times, int):
        return len(sequence) * times
    return 0


def environment() -> ImmutableSandboxedEnvironment:
    env = DocumentSandbox(autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    # Raw HTML only comes out of our own sanitised Markdown renderer; `safe` would let a template author (or data)
    # inject markup, scripts or URLs the fetcher then has to stop.
    env.filters.pop("safe", None)
    env.filters["markdown"] = render_markdown
    env.filters["long_date"] = _long_date
    # The sandbox's own `range` stays (it refuses huge ranges); lipsum could be asked for a million paragraphs.
    env.globals.pop("lipsum", None)
    return env
