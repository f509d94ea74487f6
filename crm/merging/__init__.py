"""Merging duplicate people and organisations: every linked record moves to the one kept."""
