"""Joint letters: drafting with versions, approval, co-signing by partner organisations, sending, the record."""
