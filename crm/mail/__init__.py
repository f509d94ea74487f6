"""Outgoing e-mail: the one way Bondgenoot sends mail (SMTP, from a task worker), and how its messages are built."""
