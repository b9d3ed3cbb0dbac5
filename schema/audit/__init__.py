"""Who did what: the key behind each record (`createdBy`), and the audit trail of mutations (admins only)."""
