"""Coalitions with their member organisations, and dossiers (the topics we lobby on)."""
