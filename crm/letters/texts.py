"""The text of a letter as signatories read it: its fingerprint, and a readable diff between two versions."""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from dataclasses import dataclass

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_WORDS = re.compile(r"\S+\s*")


def text_sha256(salutation: str, body: str, closing: str) -> str:
    """SHA-256 of exactly what a signatory reads; a canonical JSON form, so no two texts share a fingerprint."""
    canonical = json.dumps([salutation or "", body or "", closing or ""], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Piece:
    """A run of words in a changed paragraph: kept ("equal"), removed ("delete") or added ("insert")."""

    op: str
    text: str


@dataclass(frozen=True)
class ParagraphDiff:
    """One paragraph of the comparison: unchanged, removed, added, or changed (with its word-level pieces)."""

    op: str
    pieces: list[Piece]

    @property
    def changed(self) -> bool:
        return self.op != "equal"


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in _PARAGRAPH_BREAK.split((text or "").replace("\r\n", "\n")) if p.strip()]


def _word_pieces(old: str, new: str) -> list[Piece]:
    old_words, new_words = _WORDS.findall(old), _WORDS.findall(new)
    pieces: list[Piece] = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(Piece("equal", "".join(old_words[a1:a2])))
            continue
        if a2 > a1:
            pieces.append(Piece("delete", "".join(old_words[a1:a2])))
        if b2 > b1:
            pieces.append(Piece("insert", "".join(new_words[b1:b2])))
    return pieces


def diff_texts(old: str, new: str) -> list[ParagraphDiff]:
    """Paragraph by paragraph; a changed paragraph shows which words went and which came."""
    old_paragraphs, new_paragraphs = _paragraphs(old), _paragraphs(new)
    result: list[ParagraphDiff] = []
    matcher = difflib.SequenceMatcher(a=old_paragraphs, b=new_paragraphs, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            result.extend(ParagraphDiff("equal", [Piece("equal", p)]) for p in old_paragraphs[a1:a2])
        elif op == "delete":
            result.extend(ParagraphDiff("delete", [Piece("delete", p)]) for p in old_paragraphs[a1:a2])
        elif op == "insert":
            result.extend(ParagraphDiff("insert", [Piece("insert", p)]) for p in new_paragraphs[b1:b2])
        else:
            pairs = max(a2 - a1, b2 - b1)
            for offset in range(pairs):
                old_p = old_paragraphs[a1 + offset] if a1 + offset < a2 else ""
                new_p = new_paragraphs[b1 + offset] if b1 + offset < b2 else ""
                if not old_p:
                    result.append(ParagraphDiff("insert", [Piece("insert", new_p)]))
                elif not new_p:
                    result.append(ParagraphDiff("delete", [Piece("delete", old_p)]))
                else:
                    result.append(ParagraphDiff("replace", _word_pieces(old_p, new_p)))
    return result


def has_changes(paragraphs: list[ParagraphDiff]) -> bool:
    return any(p.changed for p in paragraphs)
