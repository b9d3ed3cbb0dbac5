"""Bulk import of contacts: a file staged into a table, checked by set-based rules, written in chunks."""
