"""Which passwords we accept: long enough, and not one that guessing tools try first.

The check uses zxcvbn (Dropbox's estimator, MIT licence), which ships its own frequency lists: the 30,000 most
common passwords of public breach corpora, English words, names and surnames, plus keyboard patterns, sequences,
repeats, dates and l33t substitutions. A password is refused when it is on that list, or when zxcvbn estimates it
falls to fewer than 10⁸ guesses (score below 3), for instance a common password with digits added
("wachtwoord123", "Password1234"). The user's own name and email address, and the organisation's name, count as
the most common words of all. Every place a password is set uses `password_problem` (forms, services, the CLI).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable

from flask import current_app
from flask_babel import lazy_gettext as _l
from zxcvbn import zxcvbn
from zxcvbn.frequency_lists import FREQUENCY_LISTS

MIN_SCORE = 3  # zxcvbn: 3 = "safely unguessable", more than 10^8 guesses
ZXCVBN_MAX_LENGTH = 72  # zxcvbn refuses longer input; the start of a long password is what guessing tries first
CONTEXT_WORDS = ("bondgenoot", "cultuurconnectie")

COMMON = _l("This is one of the most commonly used passwords. Choose another one.")
PERSONAL = _l("Do not use your name, email address or the name of the organisation in your password.")
GUESSABLE = _l(
    "This password is too easy to guess: it resembles a commonly used password, word or pattern (such as 1234 or "
    "qwerty). A sentence of a few unrelated words is stronger."
)

_COMMON_PASSWORDS = frozenset(FREQUENCY_LISTS["passwords"])
# zxcvbn keeps the user's own words in a module-level dictionary while it checks: one check at a time.
_lock = threading.Lock()


def _context(user_inputs: Iterable[str | None]) -> list[str]:
    words: list[str] = [*CONTEXT_WORDS, current_app.config.get("OWN_ORGANISATION", "")]
    for value in user_inputs:
        if not value:
            continue
        local, at, domain = value.partition("@")
        if at:
            words.extend([value, domain.split(".")[0]])
        # "Anna Jansen" and "anna.jansen@…" give anna, jansen and annajansen
        words.extend(re.split(r"[\W_]+", local))
        words.append(re.sub(r"[\W_]+", "", local))
    return [word.lower() for word in words if len(word) >= 3]


def password_problem(password: str | None, user_inputs: Iterable[str | None] = ()):
    """What is wrong with this password (a translatable message), or None when it is acceptable."""
    password = password or ""
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < minimum:
        return _l("Use at least %(min)d characters.", min=minimum)
    if password.strip().lower() in _COMMON_PASSWORDS:
        return COMMON
    context = _context(user_inputs)
    with _lock:
        result = zxcvbn(password[:ZXCVBN_MAX_LENGTH], user_inputs=context)
    if result["score"] >= MIN_SCORE:
        return None
    if any(match.get("dictionary_name") == "user_inputs" for match in result["sequence"]):
        return PERSONAL
    return GUESSABLE
