"""Context managers shared by every layer."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")


@contextmanager
def temporarily(var: ContextVar[T], value: T) -> Iterator[None]:
    """`var` holds `value` inside the with-block, and what it held before once the block ends (also on an error)."""
    token = var.set(value)
    try:
        yield
    finally:
        var.reset(token)
