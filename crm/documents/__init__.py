"""Documents: shared templates (versioned), the one PDF render path, generated documents, mail merge, logos."""
