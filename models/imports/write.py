"""Writing the checked rows of an import: for one chunk of rows and one contact type, a fixed number of statements
(UPDATE ... FROM the staged rows, INSERT ... SELECT, the classification lists), in the caller's transaction.

Companies are written before persons (import.run), so that a person naming a company row of the same file finds
the company's contact. An update writes only what differs: the same file imported again changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from segmentum.models.classifications import CLASSIFICATIONS
from segmentum.models.imports.checks import LISTS, person_name
from segmentum.models.imports.sqltext import code, given, val
from segmentum.models.rules.contacts import CODE_FIELDS, TEXT_FIELDS
from segmentum.models.sql import Params, dialect, execute

LINK_TABLES: dict[str, tuple[str, str]] = {c.codes_key: (c.link_table, c.link_fk) for c in CLASSIFICATIONS}
MASTERS = {column: table for column, (table, _label, _only) in LISTS.items()}
TRUE_TEXTS = "('true', '1', 'yes')"


@dataclass(frozen=True)
class Chunk:
    import_id: int
    kind: str  # COMPANY or PERSON
    first_row: int
    last_row: int
    upsert: bool = True  # False (CREATE): no row names an existing contact, nothing to compare or update


def _flag(column: str) -> str:
    return f"CASE WHEN LOWER(TRIM(r.{column})) IN {TRUE_TEXTS} THEN TRUE ELSE FALSE END"


# Contact column -> its value from the staged row r (with s: salesperson, t: territory, co: the company contact).
def _values(kind: str, new: bool) -> dict[str, str]:
    values: dict[str, str] = {"external_id": val("external_id")}
    for column in TEXT_FIELDS:
        values[column] = val(column)
    for column in CODE_FIELDS:
        values[column] = code(column)
    values["email"] = val("email")
    values["salesperson_id"] = "s.id"
    values["territory_id"] = "t.id"
    values["correspondence_type"] = f"COALESCE({code('correspondence_type')}, 'NONE')"
    values["exclude_from_segment"] = _flag("exclude_from_segment")
    values["privacy_blocked"] = _flag("privacy_blocked")
    if kind == "PERSON":
        values["company_id"] = _COMPANY_ID
        # (A lookup by id for each person: a join would let the planner hash the whole contact table.)
        values["company_name"] = f"(SELECT co.name FROM contact co WHERE co.id = {_COMPANY_ID})"
        if new:
            values["name"] = f"COALESCE({val('name')}, {person_name(*(val(p) for p in _PARTS))})"
    elif new:
        values["name"] = val("name")
    return values


_PARTS = ("first_name", "middle_name", "surname")
# A person's company: an existing contact, or the contact of the company row of this file (written by an earlier
# chunk).
_COMPANY_ID = "COALESCE(p.company_id, cp.contact_id)"
# Contact column -> the staged column that gives it (the column is left as it is when the file does not).
_GIVEN = {
    "salesperson_id": "salesperson_code",
    "territory_id": "territory_code",
    "company_name": "company_no",
}


def _given(column: str) -> str:
    if column in ("company_id", "company_name"):
        return f"({given('company_no')} OR {given('company_external_id')})"
    return given(_GIVEN.get(column, column))


# The chunk's plan rows p with their staged rows r.
_ROWS = ("contact_import_plan p JOIN contact_import_row r ON r.contact_import_id = p.contact_import_id AND "
         "r.row_no = p.row_no")
_MASTERS = ("LEFT JOIN salesperson s ON s.code = UPPER(NULLIF(TRIM(r.salesperson_code), '')) "
            "LEFT JOIN territory t ON t.code = UPPER(NULLIF(TRIM(r.territory_code), '')) ")
_COMPANY = ("LEFT JOIN contact_import_plan cp ON cp.contact_import_id = p.contact_import_id AND "
            "cp.row_no = p.company_row ")


class ChunkWriter:
    def __init__(self, chunk: Chunk) -> None:
        self.chunk = chunk
        self.dialect = dialect()
        self.distinct = "IS DISTINCT FROM" if self.dialect == "postgres" else "IS NOT"
        self.joins = _MASTERS + (_COMPANY if chunk.kind == "PERSON" else "")

    def _where(self, p: Params, alias: str = "p") -> str:
        c = self.chunk
        return (f"{alias}.contact_import_id = {p.typed(c.import_id, 'INTEGER')} AND NOT {alias}.done AND NOT "
                f"{alias}.failed AND {alias}.kind = '{c.kind}' AND {alias}.row_no BETWEEN "
                f"{p.typed(c.first_row, 'INTEGER')} AND {p.typed(c.last_row, 'INTEGER')}")

    async def write(self) -> tuple[int, int]:
        """(contacts created, contacts updated) of the chunk."""
        updated = 0
        if self.chunk.upsert:
            await self._links_changed()
            updated = await self._update()
        created = await self._insert()
        if created and self.dialect != "postgres":
            # SQLite gives the ids with the insert: the plan reads them back by number.
            p = Params(self.dialect)
            await execute("UPDATE contact_import_plan SET contact_id = c.id FROM contact c WHERE "
                          f"{self._where(p, 'contact_import_plan')} AND contact_import_plan.new AND "
                          "c.no = contact_import_plan.final_no", p)
        if self.chunk.kind == "COMPANY":
            await self._companies(created)
        await self._links()
        return created, updated

    async def mark_done(self) -> None:
        """The chunk's rows as written (by an earlier run of the job)."""
        p = Params(self.dialect)
        await execute(f"UPDATE contact_import_plan SET done = TRUE WHERE {self._where(p, 'contact_import_plan')}", p)

    async def _links_changed(self) -> None:
        """Marks the rows of existing contacts whose classification lists the file changes."""
        for column, (table, fk) in LINK_TABLES.items():
            p = Params(self.dialect)
            master = MASTERS[column]
            code_of = (f"SELECT 1 FROM contact_import_code k JOIN {master} m ON m.code = k.code WHERE "
                       f"k.contact_import_id = p.contact_import_id AND k.row_no = p.row_no AND k.kind = '{column}'")
            given_list = (f"EXISTS (SELECT 1 FROM contact_import_row r WHERE r.contact_import_id = p.contact_import_id "
                          f"AND r.row_no = p.row_no AND r.{column} IS NOT NULL)")
            # On the chunk's rows by their index (an IN over a subquery of the same table would scan it whole).
            await execute(
                f"UPDATE contact_import_plan AS p SET changed = TRUE WHERE {self._where(p)} AND NOT p.new AND "
                f"NOT p.changed AND {given_list} AND (EXISTS (SELECT 1 FROM {table} l WHERE l.contact_id = "
                f"p.contact_id AND NOT EXISTS ({code_of} AND m.id = l.{fk})) OR EXISTS ({code_of} AND NOT EXISTS "
                f"(SELECT 1 FROM {table} l WHERE l.contact_id = p.contact_id AND l.{fk} = m.id)))", p)

    async def _update(self) -> int:
        values = _values(self.chunk.kind, new=False)
        sets = {column: f"CASE WHEN {_given(column)} THEN {expr} ELSE c.{column} END" for column, expr in
                values.items()}
        parts = {part: f"CASE WHEN {given(part)} THEN {val(part)} ELSE c.{part} END" for part in _PARTS}
        named = f"{given('name')} OR " + " OR ".join(given(p) for p in _PARTS)
        if self.chunk.kind == "PERSON":
            derived = person_name(*parts.values())
            sets["name"] = (f"CASE WHEN {val('name')} IS NOT NULL THEN {val('name')} WHEN {named} THEN "
                            f"COALESCE({derived}, c.name) ELSE c.name END")
        else:
            sets["name"] = f"COALESCE({val('name')}, c.name)"
            sets["company_name"] = sets["name"]
        p = Params(self.dialect)
        now = p.typed(datetime.now(UTC), "TIMESTAMPTZ")
        differs = " OR ".join(f"c.{column} {self.distinct} {expr}" for column, expr in sets.items())
        # The rows that change their contact are marked first (the summary counts them), then written.
        mark = Params(self.dialect)
        await execute(
            f"UPDATE contact_import_plan SET changed = TRUE WHERE id IN (SELECT p.id FROM {_ROWS} JOIN contact c ON "
            f"c.id = p.contact_id {self.joins} WHERE {self._where(mark)} AND NOT p.new AND NOT p.changed AND "
            f"({differs}))", mark)
        select = ", ".join(f"{expr} AS {column}" for column, expr in sets.items())
        assign = ", ".join(f"{column} = n.{column}" for column in sets)
        return await execute(
            f"UPDATE contact SET {assign}, updated_at = {now} FROM (SELECT c.id, {select} FROM {_ROWS} JOIN contact "
            f"c ON c.id = p.contact_id {self.joins} WHERE {self._where(p)} AND NOT p.new AND p.changed) n "
            "WHERE contact.id = n.id", p)

    async def _insert(self) -> int:
        values = _values(self.chunk.kind, new=True)
        p = Params(self.dialect)
        now = p.typed(datetime.now(UTC), "TIMESTAMPTZ")
        columns = ["no", "type", *values]
        select = ["p.final_no", "p.kind", *values.values()]
        if self.dialect == "postgres":
            # The ids were taken from the sequence by the checks: a company is its own company from the start.
            columns.insert(0, "id")
            select.insert(0, "p.contact_id")
            if self.chunk.kind == "COMPANY":
                columns += ["company_id", "company_name"]
                select += ["p.contact_id", values["name"]]
        columns += ["created_at", "updated_at"]
        select += [now, now]
        return await execute(
            f"INSERT INTO contact ({', '.join(columns)}) SELECT {', '.join(select)} FROM {_ROWS} {self.joins} "
            f"WHERE {self._where(p)} AND p.new ORDER BY p.row_no", p)

    async def _companies(self, created: int) -> None:
        if created and self.dialect != "postgres":
            # A new company's company is itself (on SQLite its id exists only after the insert).
            p = Params(self.dialect)
            await execute("UPDATE contact SET company_id = id, company_name = name WHERE company_id IS NULL AND id IN "
                          f"(SELECT p.contact_id FROM contact_import_plan p WHERE {self._where(p)} AND p.new)", p)
        if self.chunk.upsert:
            # Persons carry a copy of their company's name (a new company has no persons yet).
            p = Params(self.dialect)
            chunk_ids = f"SELECT p.contact_id FROM contact_import_plan p WHERE {self._where(p)} AND NOT p.new"
            await execute(
                "UPDATE contact SET company_name = co.name FROM contact co WHERE contact.company_id = co.id AND "
                f"contact.id <> co.id AND contact.company_name {self.distinct} co.name AND co.id IN ({chunk_ids})", p)

    async def _links(self) -> None:
        """Each list the file gives replaces that classification: what it lacks goes, what is new comes. A new
        contact has no links yet: its codes are inserted as they are (one statement per kind)."""
        for column, (table, fk) in LINK_TABLES.items():
            if LISTS[column][2] not in (None, self.chunk.kind):
                continue  # the checks refused such codes for this type
            codes = (f"JOIN contact_import_code k ON k.contact_import_id = p.contact_import_id AND "
                     f"k.row_no = p.row_no AND k.kind = '{column}' JOIN {MASTERS[column]} m ON m.code = k.code")
            p = Params(self.dialect)
            await execute(f"INSERT INTO {table} (contact_id, {fk}) SELECT p.contact_id, m.id FROM "
                          f"contact_import_plan p {codes} WHERE {self._where(p)} AND p.new", p)
            if not self.chunk.upsert:
                continue
            p = Params(self.dialect)
            where = self._where(p)
            given_list = f"{_ROWS} WHERE {where} AND NOT p.new AND r.{column} IS NOT NULL"
            await execute(
                f"DELETE FROM {table} WHERE contact_id IN (SELECT p.contact_id FROM {given_list}) AND NOT EXISTS "
                f"(SELECT 1 FROM contact_import_plan p {codes} WHERE {where} AND p.contact_id = {table}.contact_id "
                f"AND m.id = {table}.{fk})", p)
            p = Params(self.dialect)
            await execute(
                f"INSERT INTO {table} (contact_id, {fk}) SELECT p.contact_id, m.id FROM {_ROWS} {codes} WHERE "
                f"{self._where(p)} AND NOT p.new AND r.{column} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {table} l "
                f"WHERE l.contact_id = p.contact_id AND l.{fk} = m.id)", p)
