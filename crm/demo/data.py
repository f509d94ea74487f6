"""The demo registry. Organisations, coalitions and dossiers are the real names from the organisation's own
account of its work; every person is fictional (emails use the reserved .example domain). The users and their
password are here; the registry sits beside it: data_organisations, data_people, data_regional, data_coalitions."""

from __future__ import annotations

PASSWORD = "bondgenoot-demo"  # noqa: S105 - the documented demo password, only created by `flask crm seed-demo`

USERS = [
    ("beheer@bondgenoot.test", "Bram Beheer", "admin"),
    ("directeur@bondgenoot.test", "Daphne Directeur", "director"),
    ("lobbyist@bondgenoot.test", "Lotte Lobby", "lobbyist"),
    ("lezer@bondgenoot.test", "Lars Lezer", "viewer"),
]
