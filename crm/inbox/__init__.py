"""Contacts logged straight from e-mail: dropped .eml/.msg files and mail forwarded or BCC'd to a user's address."""
