"""What keeps a segment line's references true on PostgreSQL, where `segment_line` has no foreign keys to the
contacts and masters it names (migration 0023).

Those keys were checked row by row: an index probe and a row lock on the referenced contact, salesperson,
template, group and campaign for every line, about two thirds of an Add of 150,160 lines at 1,000,000 contacts
(bench/README.md). What they protected is now kept by one lock that line writers and deleters take in
conflicting modes:

- every transaction that writes lines takes the line writers' lock shared (`hold_line_references`, from
  `lock_segment` and the re-evaluation job), first, before it reads what it will copy into lines: writers never
  wait for each other;
- a delete of a contact, salesperson, interaction template, interaction group or campaign takes it exclusive
  (`guard_line_references`) before it locks the record and checks that no line names it. It waits for the
  running writers to commit, so its check sees their lines and refuses (IN_USE) as before; a writer that starts
  meanwhile waits for the delete's commit, and under READ COMMITTED its statements then no longer see the deleted
  record, so no line can name it.

One shared lock per writing transaction costs one statement, against one row lock per line and key. A delete
waits for the longest running line writer (the price: deletes of contacts and masters are rare, Adds are not).
On SQLite (one writer at a time) nothing is taken: the foreign keys stay there (cheap, and checked by the same
single writer).
"""

from __future__ import annotations

from segmentum.models.sql import dialect, execute

# One advisory lock key for every segment line reference, apart from the job keys (workers.queue).
_KEY = "hashtextextended('segmentum.segment_line.references', 0)"


async def hold_line_references() -> None:
    """Shared: this transaction writes segment lines (no delete of a record they may name runs meanwhile)."""
    if dialect() == "postgres":
        await execute(f"SELECT pg_advisory_xact_lock_shared({_KEY})")


async def guard_line_references() -> None:
    """Exclusive: this transaction deletes a record lines may name; take it before locking that record (a line
    writer holding the shared lock may wait for the record's row, e.g. logging's foreign-key checks on entries)."""
    if dialect() == "postgres":
        await execute(f"SELECT pg_advisory_xact_lock({_KEY})")
