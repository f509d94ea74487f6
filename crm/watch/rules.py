"""Reading what a user typed as a watch rule: a clear error (Dutch on screen) or a sensible reading, never a guess.

- A Kamerstukdossier number is read with or without spaces, dots or a dash before its addition: "36 600 VIII",
  "36600-VIII", "36.600 viii" and "Kamerstuk 36600 VIII" are all "36600-VIII"; "21 501-34" is "21501-34". A trailing
  "nr. 12" (one document of the dossier) is dropped: the rule watches the dossier.
- A keyword is folded (case and accents ignored) and matched literally: "cultuur.*" is those nine characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from crm.common.errors import ServiceError
from crm.common.text import fold

KEYWORD_MIN = 3
KEYWORD_MAX = 100
NUMBER_MAX = 999_999

_PREFIX = re.compile(r"^(kamerstuk(ken)?(dossier)?|dossier|nr\.?)\s*", re.IGNORECASE)
_DOCUMENT = re.compile(r"[\s,]*(nr\.?|nummer|no\.?)\s*\d+\s*$", re.IGNORECASE)
_KAMERSTUK = re.compile(
    r"^(?P<number>\d{1,3}(?:[ .]\d{3})+|\d+)"  # 36 600 / 36.600 / 36600
    r"(?:\s*[-–—/,]?\s*(?P<addition>[A-Z0-9]{1,12}))?$"
)


@dataclass(frozen=True)
class Kamerstuk:
    number: int
    addition: str | None

    @property
    def key(self) -> str:
        return dossier_key(self.number, self.addition)

    @property
    def label(self) -> str:
        grouped = f"{self.number:,}".replace(",", " ")
        return f"{grouped} {self.addition}" if self.addition else grouped


def dossier_key(number: int | None, addition: str | None) -> str | None:
    """The key a Kamerstukdossier is matched by: "36600-VIII", or "32820" without an addition."""
    if number is None:
        return None
    addition = (addition or "").strip().upper()
    return f"{number}-{addition}" if addition else str(number)


def parse_kamerstuk(text: str | None) -> Kamerstuk:
    raw = " ".join((text or "").split())
    if not raw:
        raise ServiceError(_l("Enter a Kamerstuk number, such as 36 600 VIII."), field="value")
    cleaned = _DOCUMENT.sub("", _PREFIX.sub("", raw)).strip().upper()
    found = _KAMERSTUK.match(cleaned)
    if not found:
        raise ServiceError(
            _l("“%(text)s” is not a Kamerstuk number. Write it as the Kamer does, such as 36 600 VIII or 36600-VIII.",
               text=raw[:60]),
            field="value",
        )  # fmt: skip
    number = int(re.sub(r"\D", "", found.group("number")))
    if not 0 < number <= NUMBER_MAX:
        raise ServiceError(_l("A Kamerstuk number has at most six digits."), field="value")
    return Kamerstuk(number, found.group("addition") or None)


def parse_keyword(text: str | None) -> tuple[str, str]:
    """(what is matched, what is shown) for a keyword; whitespace inside is kept as one space."""
    shown = " ".join((text or "").split())
    folded = fold(shown)
    if not folded:
        raise ServiceError(_l("Enter a keyword."), field="value")
    if len(folded) < KEYWORD_MIN:
        raise ServiceError(_l("A keyword needs at least %(count)s letters.", count=KEYWORD_MIN), field="value")
    if len(folded) > KEYWORD_MAX:
        raise ServiceError(_l("A keyword has at most %(count)s characters.", count=KEYWORD_MAX), field="value")
    return folded, shown
