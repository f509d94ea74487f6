"""The contact log: every lobby contact, with who took part, what it was about and the follow-up."""
