"""Finding a person in free text the way people write about them, case and accents ignored.

Besides their full names, e-mail addresses, phone numbers and salutation (exact terms), people are written about by
surname: "collega Vlinderboom belde", "Q. Vlinderboom", "de heer Vlinderboom", "mevrouw Van der Wouden", "op voorstel
van Vlinderbóóm". A mention is the surname with the person's prefix ("van der"), optionally preceded by initials or a
given name and by titles ("de heer", "mw.", "dr."); the whole phrase is what gets replaced. A surname shorter than
four letters ("Bos") only counts with a title, initials or a given name in front of it: alone it is too often a word.

Pure functions over strings and JSON-like values: the database search that finds candidate rows lives in
queries_mentions.py.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from crm.common.text import escape_like

MIN_BARE_SURNAME = 4
MIN_TERM = 4  # shorter exact terms ("06", initials) would match far too much
SNIPPET = 45  # characters of context on either side of a mention
# Titles and forms of address written before a surname (folded: lower case, no accents).
TITLES = (
    "de heer", "heer", "meneer", "mevrouw", "mevr.", "mw.", "mvr.", "dhr.", "hr.", "mej.", "juffrouw",
    "mr.", "mrs.", "ms.", "dr.", "drs.", "prof.", "ir.", "ing.", "ds.",
)  # fmt: skip
INITIALS = r"(?:[a-z]\.\s*){1,4}"
LIKE_WILDCARD = set("aeiouy")  # letters that often carry an accent: any character may stand there in the search


def fold_char(char: str) -> str:
    """One character as it is compared: lower case, accents dropped ("Ó" → "o", "ß" → "ss")."""
    decomposed = unicodedata.normalize("NFKD", char.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold_with_positions(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the position in `text` it came from."""
    folded: list[str] = []
    origin: list[int] = []
    for position, char in enumerate(text):
        for piece in fold_char(char):
            folded.append(piece)
            origin.append(position)
    return "".join(folded), origin


def fold_text(text: str) -> str:
    return "".join(fold_char(char) for char in text)


def _words(value: str) -> str:
    """A folded phrase as a pattern: its words in order, any whitespace between them."""
    return r"\s+".join(re.escape(word) for word in fold_text(value).split())


@dataclass(frozen=True)
class NameParts:
    first_name: str | None = None
    initials: str | None = None
    name_prefix: str | None = None
    last_name: str | None = None

    @property
    def core(self) -> str:
        """The surname with its prefix: "van der Wouden"."""
        return " ".join(p for p in (self.name_prefix, self.last_name) if p and p.strip())


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    strong: bool  # an e-mail address or phone number: it can only be theirs (a name may be a namesake's)


def _pattern(alternatives: list[str]) -> re.Pattern[str] | None:
    """Whole words only: "Vlinderboom" is not the start of "Vlinderboomgaard"."""
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)") if alternatives else None


class Matcher:
    """Finds and replaces the mentions of one person: exact terms (`strong_terms`: their e-mail addresses and phone
    numbers; `name_terms`: full names and salutations as written) and surname phrases."""

    def __init__(self, names: Iterable[NameParts], strong_terms: Iterable[str], name_terms: Iterable[str]) -> None:
        self.names = [n for n in names if n.last_name and n.last_name.strip()]
        self.strong_terms = _longest_first(strong_terms)
        self.name_terms = _longest_first(name_terms)
        phrases = []
        given_names = sorted({fold_text(n.first_name) for n in self.names if n.first_name}, key=len, reverse=True)
        given = "|".join([*(_words(g) for g in given_names if g.strip()), INITIALS])
        titles = "|".join(_words(t).replace(r"\.", r"\.?") for t in TITLES)
        for core in sorted({n.core for n in self.names}, key=len, reverse=True):
            surname = _words(core)
            before = rf"(?:(?:{titles})\s+)*(?:(?:{given})\s*)?"
            if len(fold_text(core).replace(" ", "")) < MIN_BARE_SURNAME:
                before = rf"(?:(?:(?:{titles})\s+)+(?:(?:{given})\s*)?|(?:(?:{titles})\s+)*(?:{given})\s*)"
            phrases.append(before + surname)
        self._patterns = [
            (pattern, strong)
            for pattern, strong in (
                (_pattern([_words(t) for t in self.strong_terms]), True),
                (_pattern([_words(t) for t in self.name_terms]), False),
                (_pattern(phrases), False),
            )
            if pattern is not None
        ]

    @property
    def empty(self) -> bool:
        return not self._patterns

    def spans(self, text: str | None) -> list[Span]:
        """Where the person is mentioned in `text` (positions in the text as it is), in order, not overlapping."""
        if not text or self.empty:
            return []
        folded, origin = fold_with_positions(text)
        found: list[tuple[int, int, bool]] = []
        for pattern, strong in self._patterns:
            found.extend((m.start(), m.end(), strong) for m in pattern.finditer(folded) if m.end() > m.start())
        found.sort(key=lambda f: (f[0], -f[1]))
        spans: list[Span] = []
        end_so_far = -1
        for start, end, strong in found:
            if start < end_so_far:
                continue
            end_so_far = end
            original_end = origin[end - 1] + 1
            while original_end < len(text) and unicodedata.combining(text[original_end]):
                original_end += 1  # an accent written as its own character belongs to the letter before it
            spans.append(Span(origin[start], original_end, strong))
        return spans

    def replace(self, text: str | None, replacement: str) -> str | None:
        spans = self.spans(text)
        if not spans:
            return text
        assert text is not None
        parts, position = [], 0
        for span in spans:
            parts.extend((text[position : span.start], replacement))
            position = span.end
        parts.append(text[position:])
        return "".join(parts)

    def replace_in(self, value: Any, replacement: str) -> Any:
        """The same structure (dicts, lists, strings) with every mention replaced; keys and other values kept."""
        if isinstance(value, str):
            return self.replace(value, replacement)
        if isinstance(value, dict):
            return {key: self.replace_in(item, replacement) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return [self.replace_in(item, replacement) for item in value]
        return value

    def strings_in(self, value: Any) -> Iterable[str]:
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from self.strings_in(item)
        elif isinstance(value, list | tuple):
            for item in value:
                yield from self.strings_in(item)

    def like_patterns(self) -> list[str]:
        """LIKE patterns (lower case, escape '\\') that every text with a mention matches: the database's rough
        first sieve, checked here afterwards. Surnames with each vowel left open (it may carry an accent); a short
        surname only after a title, an initial or a given name; e-mail addresses and phone numbers as typed."""
        patterns = set()
        for name in self.names:
            core = _sieve(fold_text(name.core))
            if len(fold_text(name.core).replace(" ", "")) >= MIN_BARE_SURNAME:
                patterns.add(f"%{core}%")
                continue
            before = [*(_sieve(fold_text(t)) for t in TITLES), "."]
            before += [_sieve(fold_text(n.first_name)) for n in self.names if n.first_name]
            patterns.update(f"%{b} {core}%" for b in before if b)
            patterns.add(f"%.{core}%")  # "Q.Bos"
        patterns.update(f"%{escape_like(term.lower())}%" for term in self.strong_terms)
        return sorted(patterns)


def _longest_first(terms: Iterable[str]) -> list[str]:
    """Distinct terms long enough to mean something ("06" would match far too much), longest first."""
    kept = {t.strip() for t in terms if t and len(fold_text(t).strip()) >= MIN_TERM}
    return sorted(kept, key=lambda t: (-len(t), t))


def _sieve(folded: str) -> str:
    return "".join("_" if c in LIKE_WILDCARD else ("%" if c.isspace() else escape_like(c)) for c in folded)


def snippet(text: str, span: Span, width: int = SNIPPET) -> tuple[str, str, str]:
    """(before, mention, after) around one mention, whitespace folded, cut at `width` with an ellipsis."""
    before = re.sub(r"\s+", " ", text[max(0, span.start - width) : span.start]).lstrip()
    after = re.sub(r"\s+", " ", text[span.end : span.end + width]).rstrip()
    if span.start > width:
        before = "…" + before
    if span.end + width < len(text):
        after = after + "…"
    return before, text[span.start : span.end], after
