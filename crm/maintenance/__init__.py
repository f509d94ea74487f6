"""Operating the database: backups and restores (`flask crm backup` / `flask crm restore`)."""
