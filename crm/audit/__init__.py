"""Audit trail: one listener records every write to an `Audited` model. Knows no domain."""
