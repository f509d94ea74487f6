"""Notifications: what happened that a colleague should know, in the app (the bell), by e-mail and in digests."""
