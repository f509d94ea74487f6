"""Timelines: the human entries about a record (contacts, meetings, later letters) in one chronological list."""
