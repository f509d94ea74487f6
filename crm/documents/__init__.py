"""Documents: shared templates (versioned), generated documents, mail merge, logos. PDFs come from crm.rendering."""
