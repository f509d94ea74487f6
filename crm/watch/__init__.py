"""Dossiers watch the Tweede Kamer: watch rules per dossier, the items they match (with why), votes, commitments and
the debate preparation.

Layout:
- `models.py`: WatchRule (a Kamerstukdossier number, a committee or a keyword), WatchMatch (an item a rule found:
  a zaak, an activity or a commitment; derived, rewritten by every matching run) and WatchDismissal (a false match a
  user set aside for a dossier; it outlives re-syncs and rule changes);
- `rules.py`: reading what a user typed (numbers with or without spaces, keywords folded and taken literally);
- `matching.py`: the matching service, run at the end of each parliament sync and on every rule change;
  `announce_new_matches()` is the one place that tells the world about new matches;
- `queries.py` (the dossier's "In de Kamer"), `votes.py` (vote tables and bars), `commitments.py`,
  `debate.py` (the debate preparation and its PDF values);
- `services.py` / `forms.py` / `views.py` / `tasks.py`: the doors.
"""
