"""What an interaction names, checked and locked once per write instead of row by row (PostgreSQL).

`interaction_log_entry` has no foreign keys on PostgreSQL: checked per row, they were most of the cost of
logging a segment (bench/README.md). The rules they kept hold by two halves that meet on row locks:

- Every writer of entries (logging a segment, creating one interaction) calls `lock_named` after its INSERT, in
  its transaction: one statement takes FOR KEY SHARE — the lock a foreign-key check takes — on every
  salesperson, template, interaction group and campaign the new entries name (and, for one interaction, its
  contact and company), and fails with `MissingReference` (a foreign-key violation, so the mutation runs again,
  as it did when the key refused it) when one of them is gone.
- Logging a segment leaves its contacts and companies to the line references lock
  (models/line_references.py): it runs under `lock_segment`, which holds that lock shared from its start, and
  every contact delete takes it exclusive, so no contact delete runs while a log writes entries from lines.
  Locking its 100,000 contacts row by row cost a third of the log (bench/README.md); its masters are a handful of
  rows and stay locked here. As for lines, a delete made past the API (plain SQL) is not guarded.
- Every delete of those rows locks them FOR UPDATE first (resolvers' `locked`, and the persons of a deleted
  company), which waits for a running writer's FOR KEY SHARE; only then does it read the entries: IN_USE for the
  masters (a template, salesperson, group or campaign with interactions is never deleted: the keys were
  RESTRICT), and for contacts the entries are moved to their company or cleared explicitly (the keys were
  SET NULL). So after both commit, no entry names a missing row.

The logged segment and the campaign entries an entry names are written in the entry's own transaction and are
cleared explicitly before they are deleted (models/rules/interactions.py); campaign entries are never deleted.
SQLite keeps these foreign keys (one writer at a time: nothing to race, and a rebuilt table would lose its
indexes), so `lock_named` does nothing there.
"""

from __future__ import annotations

from segmentum.models.db_errors import FOREIGN_KEY_VIOLATION
from segmentum.models.sql import Params, dialect, fetch_all

# (referenced table, the entry columns naming it)
NAMED: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("contact", ("contact_id", "contact_company_id")),
    ("salesperson", ("salesperson_id",)),
    ("interaction_template", ("template_id",)),
    ("interaction_group", ("group_id",)),
    ("campaign", ("campaign_id",)),
)


class MissingReference(Exception):
    """A row that new entries name was deleted before they were written: what a foreign key refuses."""

    sqlstate = FOREIGN_KEY_VIOLATION


def _statement(where: str, contacts: bool) -> str:
    named_tables = NAMED if contacts else tuple((t, c) for t, c in NAMED if t != "contact")
    columns = sorted({c for _, cols in named_tables for c in cols})
    parts = []
    for table, _ in named_tables:
        # The ids are sorted once: the lock then walks the primary key in order (a merge, never a scan of the
        # whole referenced table).
        parts.append(
            f"SELECT '{table}' AS tbl, (SELECT count(*) FROM n_{table}) AS named, "
            f"(SELECT count(*) FROM (SELECT 1 FROM {table} r JOIN n_{table} n ON n.id = r.id FOR KEY SHARE OF r) k) "
            "AS locked"
        )
    # Each referenced table's distinct ids (UNION removes duplicates; a lone column needs DISTINCT).
    named = ", ".join(
        f"n_{table} AS MATERIALIZED (SELECT DISTINCT id FROM ("
        f"{' UNION ALL '.join(f'SELECT {c} AS id FROM e' for c in cols)}) u WHERE id IS NOT NULL)"
        for table, cols in named_tables
    )
    return (f"WITH e AS MATERIALIZED (SELECT {', '.join(columns)} FROM interaction_log_entry WHERE {where}), "
            f"{named} {' UNION ALL '.join(parts)}")


async def lock_named(column: str, value: int, *, contacts: bool = True) -> None:
    """Lock (FOR KEY SHARE) every row that the entries whose `column` is `value` name; MissingReference when one
    is gone. `column` is a trusted name: `logged_segment_id` or `id`. `contacts=False` leaves the contacts and
    companies out, for a writer that holds the line references lock (logging a segment)."""
    if dialect() != "postgres":
        return
    assert column in ("logged_segment_id", "id")
    p = Params()
    rows = await fetch_all(_statement(f"{column} = {p.add(value)}", contacts), p)
    gone = [f"{int(r['named']) - int(r['locked'])} {r['tbl']}" for r in rows if int(r["locked"]) != int(r["named"])]
    if gone:
        raise MissingReference(f"Rows named by new interactions were deleted meanwhile: {', '.join(gone)}.")
