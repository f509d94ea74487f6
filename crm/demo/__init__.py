"""Demo data: the organisations, coalitions and dossiers of the organisation's own account, with fictional people."""
