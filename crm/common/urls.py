"""Redirect targets that stay inside the app."""

from __future__ import annotations

from urllib.parse import urlsplit


def safe_next(target: str | None, fallback: str) -> str:
    """`next=` only ever points to a path on this site: no scheme, no host, no protocol-relative tricks."""
    if not target:
        return fallback
    target = target.strip()
    if not target.startswith("/") or target.startswith(("//", "/\\")) or "\\" in target:
        return fallback
    if any(ord(ch) < 32 for ch in target):
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return fallback
    return target
