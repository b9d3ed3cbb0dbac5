"""The rules of contactCreate and contactUpdate, run over every staged row of an import at once.

Each rule is one INSERT ... SELECT of row errors (row, field, code, message); a row with any error is not
imported. The statements do not depend on the number of rows: checking a million rows is the same dozens of
statements as checking ten.
"""

from __future__ import annotations

from segmentum.models.classifications import CLASSIFICATIONS
from segmentum.models.contacts import Contact
from segmentum.models.enums import ContactType, CorrespondenceType, ImportMode, NumberSeriesCode
from segmentum.models.imports.sqltext import bad_email, code, given, has_letters, longer, padded, quoted, shown, val
from segmentum.models.numbering import DEFAULTS
from segmentum.models.rules.contacts import CODE_FIELDS, PHONE_FIELDS, TEXT_FIELDS
from segmentum.models.sql import Params, dialect, execute, fetch_value
from segmentum.models.system import NumberSeries

# Staged column -> (longest value, label), beside those of models.rules.contacts.
LENGTHS: dict[str, tuple[int, str]] = {
    "no": (20, "No."),
    "external_id": (100, "External ID"),
    "name": (100, "Name"),
    "email": (80, "E-mail"),
    **TEXT_FIELDS,
    **CODE_FIELDS,
}
# Classification list -> (master table, label, the contact type it belongs to; None: any).
LISTS: dict[str, tuple[str, str, ContactType | None]] = {
    c.codes_key: (c.table, c.label, c.level) for c in CLASSIFICATIONS
}
BOOLEAN_TEXTS = ("", "true", "false", "1", "0", "yes", "no")
# The rows not yet written, each with its plan row p (what the checks derive).
ROWS = ("contact_import_row r JOIN contact_import_plan p ON p.contact_import_id = r.contact_import_id AND "
        "p.row_no = r.row_no")
PENDING = "r.contact_import_id = {imp} AND p.contact_import_id = {imp} AND NOT p.done"


class Checks:
    def __init__(self, import_id: int, mode: ImportMode) -> None:
        self.import_id, self.mode, self.dialect = import_id, mode, dialect()
        self._batch: list[str] = []
        self._conditions: list[str] = []

    async def flush(self) -> None:
        if not self._batch:
            return
        checks, self._batch = ",\n".join(self._batch), []
        # Only a row that breaks some rule is expanded into one candidate per rule: a clean row costs the
        # conditions alone (expanding every row into dozens was most of the checks' time).
        broken, self._conditions = " OR ".join(f"({c})" for c in self._conditions), []
        await self._run(
            "INSERT INTO contact_import_error (contact_import_id, row_no, field, code, message) "
            "SELECT r.contact_import_id, r.row_no, v.field, v.code, SUBSTR(v.message, 1, 400) "
            f"FROM {ROWS} CROSS JOIN LATERAL (VALUES {checks}) AS v(field, code, message) "
            f"WHERE {PENDING} AND ({broken}) AND v.message IS NOT NULL")

    async def _run(self, sql: str) -> int:
        p = Params(self.dialect)
        imp = p.typed(self.import_id, "INTEGER")
        return await execute(sql.replace("{imp}", imp), p)

    async def error(self, field: str, code_: str, message: str, condition: str, source: str = "") -> int:
        """Row errors for the pending rows where `condition` holds (`field`, `message`: SQL expressions)."""
        if not source and self.dialect == "postgres":
            # Checks of a row's own values are run together (flush): one scan of the staged rows for all of them.
            # The message is built only for the rows that break the rule.
            self._batch.append(f"({field}, '{code_}', CASE WHEN {condition} THEN COALESCE({message}, 'Invalid "
                               "value.') END)")
            self._conditions.append(condition)
            return 0
        return await self._run(
            "INSERT INTO contact_import_error (contact_import_id, row_no, field, code, message) "
            f"SELECT r.contact_import_id, r.row_no, {field}, '{code_}', SUBSTR({message}, 1, 400) "
            f"FROM {ROWS} {source} WHERE {PENDING} AND ({condition})")

    async def run(self) -> None:
        await self._reset()
        await self._derive()
        await self._values()
        await self._match()
        await self._names()
        await self.flush()
        await self._company()
        await self._masters()
        await self._codes()
        await self.flush()
        await self._fail()
        await self._number()

    async def _reset(self) -> None:
        # A second run of the job checks again the rows it has not written (the data may have changed).
        await self._run("DELETE FROM contact_import_error WHERE contact_import_id = {imp} AND row_no IN "
                        "(SELECT p.row_no FROM contact_import_plan p WHERE p.contact_import_id = {imp} AND NOT "
                        "p.done)")
        await self._run("DELETE FROM contact_import_plan WHERE contact_import_id = {imp} AND NOT done")

    async def _derive(self) -> None:
        """A plan row for each row not written, in one statement: its type, number, the contact it names (UPSERT:
        by number, else by externalId), the existing company it names (by number, else by externalId), else the
        first company row of this file it names."""
        # The type and number as the checks compare them: trimmed, upper-cased; NULL when blank or too long for the
        # column (the checks refuse such a value).
        number = f"CASE WHEN LENGTH(TRIM(r.no)) <= 20 THEN {code('no')} END"
        kind, contact = f"CASE WHEN LENGTH(TRIM(r.type)) <= 10 THEN {code('type')} END", "NULL"
        # (One join per key: one condition choosing the key would defeat the indexes.)
        # (Few contacts have an externalId: only they are looked at, by the index that holds them.)
        holders = (f"LEFT JOIN contact cn ON cn.no = {code('no')} LEFT JOIN (SELECT id, type, external_id FROM contact "
                   f"WHERE external_id IS NOT NULL) xe ON xe.external_id = {val('external_id')} ")
        matches = ""
        if self.mode == ImportMode.UPSERT:
            by_external = f"CASE WHEN {val('no')} IS NULL THEN xe.%s END"
            kind = f"COALESCE(cn.type, {by_external % 'type'}, {kind})"
            contact = f"COALESCE(cn.id, {by_external % 'id'})"
            matches = holders  # a row's type is that of the contact it names
        new_id = "NULL"
        if self.dialect == "postgres":
            # Each new row takes its contact's id from the contact sequence now, so that a company is written
            # with its own id as its company and its persons with it (no update after the insert). An id taken by
            # a row that fails, or by a run that does not commit, is skipped, as that of a rolled-back insert is.
            sequence = await fetch_value("SELECT pg_get_serial_sequence('contact', 'id')")
            new_id = f"nextval({quoted(str(sequence))}::regclass)"
        # The first company row of the file for each number and each externalId (all rows, written or not).
        firsts = ("(SELECT {key} AS ref, MIN(r.row_no) AS first FROM contact_import_row r " + matches +
                  "WHERE r.contact_import_id = {{imp}} AND " + kind + " = 'COMPANY' AND {key} IS NOT NULL GROUP BY "
                  "{key})")
        by_no, by_external_id = firsts.format(key=number), firsts.format(key="TRIM(r.external_id)")
        # A company by externalId is looked up only for a row that names one that way (most name none).
        by_key = val("company_external_id")
        existing = (f"COALESCE(kn.id, CASE WHEN {val('company_no')} IS NULL AND {by_key} IS NOT NULL THEN "
                    f"(SELECT ke.id FROM contact ke WHERE ke.external_id = {by_key}) END)")
        # The rows written by an earlier run keep their plan rows (_reset left only those): they are skipped. A
        # first run has none, and its statement does not read the table it fills: the planner, seeing that table
        # empty (as a VACUUM after the last import leaves it), scanned it again for each staged row, and each scan
        # went through every plan row inserted so far by the statement itself (100,000 rows: 240 s instead of 3 s).
        kept = ""
        p = Params(self.dialect)
        if await fetch_value("SELECT 1 FROM contact_import_plan WHERE contact_import_id = "
                             f"{p.typed(self.import_id, 'INTEGER')} LIMIT 1", p):
            await self._analyze_plan()  # (the planner then sees the kept rows)
            kept = ("AND NOT EXISTS (SELECT 1 FROM contact_import_plan d WHERE d.contact_import_id = {imp} AND "
                    "d.row_no = r.row_no)")
        await self._run(
            "INSERT INTO contact_import_plan (contact_import_id, row_no, kind, final_no, contact_id, new, no_holder, "
            "external_holder, company_id, company_row, failed, changed, done) SELECT r.contact_import_id, r.row_no, "
            f"{kind}, {number}, COALESCE({contact}, {new_id}), {contact} IS NULL, cn.id, xe.id, "
            f"CASE WHEN {kind} = 'PERSON' THEN {existing} END, CASE WHEN {kind} = 'PERSON' AND {existing} IS NULL "
            f"THEN COALESCE(fn.first, CASE WHEN {val('company_no')} IS NULL THEN fe.first END) END, FALSE, FALSE, "
            f"FALSE FROM contact_import_row r {holders}"
            f"LEFT JOIN contact kn ON kn.no = {code('company_no')} "
            f"LEFT JOIN {by_no} fn ON fn.ref = {code('company_no')} "
            f"LEFT JOIN {by_external_id} fe ON fe.ref = {val('company_external_id')} "
            "WHERE r.contact_import_id = {imp} " + kept)
        # Statistics of the fresh plan rows: without them the planner takes them for one row and loops over them
        # for each of them.
        await self._analyze_plan()

    async def _analyze_plan(self) -> None:
        if self.dialect == "postgres":
            await execute("SET LOCAL default_statistics_target = 10")
            await execute("ANALYZE contact_import_plan")

    async def _values(self) -> None:
        await self.error("r.bad_field", "INVALID",
                         "r.bad_field || ' holds a NUL character or a lone surrogate, which no field may store.'",
                         "r.bad_field IS NOT NULL")
        for column, (length, label) in LENGTHS.items():
            await self.error(quoted(column_name(column)), "INVALID",
                             f"{quoted(label + ' ')} || {shown(val(column))} || ' is longer than {length} "
                             "characters.'", longer(column, length, self.dialect))
        for column in PHONE_FIELDS:
            label = TEXT_FIELDS[column][1]
            await self.error(quoted(column_name(column)), "INVALID",
                             f"{quoted(label + ' ')} || {shown(val(column))} || ' must not contain letters.'",
                             has_letters(val(column), self.dialect))
        await self.error("'email'", "INVALID", f"'E-mail ' || {shown(val('email'))} || ' is not a valid e-mail "
                         "address.'", f"LENGTH({val('email')}) <= 80 AND {bad_email(val('email'), self.dialect)}")
        kinds = ", ".join(quoted(k.value) for k in ContactType)
        kind_names = ", ".join(k.value for k in ContactType)
        await self.error("'type'", "INVALID", f"'Type ' || {shown(val('type'))} || ' is not one of {kind_names}.'",
                         f"{code('type')} NOT IN ({kinds})")
        types = ", ".join(quoted(k.value) for k in CorrespondenceType)
        type_names = ", ".join(k.value for k in CorrespondenceType)
        await self.error("'correspondenceType'", "INVALID",
                         f"'Correspondence type ' || {shown(val('correspondence_type'))} || ' is not one of "
                         f"{type_names}.'", f"{code('correspondence_type')} NOT IN ({types})")
        flags = ", ".join(quoted(t) for t in BOOLEAN_TEXTS)
        for column in ("exclude_from_segment", "privacy_blocked"):
            await self.error(quoted(column_name(column)), "INVALID",
                             f"{shown(val(column))} || ' is not a boolean (true, false, 1, 0, yes or no).'",
                             f"LOWER(TRIM(r.{column})) NOT IN ({flags})")

    async def _match(self) -> None:
        """UPSERT: the contact a row names, by number, else by externalId. CREATE: a taken key is an error."""
        if self.mode == ImportMode.CREATE:
            await self.error("'no'", "ALREADY_EXISTS", f"'The number ' || {shown(code('no'))} || ' is already "
                             "taken.'", "p.no_holder IS NOT NULL")
        # (The messages name other contacts: looked up only for the rows that break the rule.)
        await self.error("'externalId'", "ALREADY_EXISTS",
                         f"'External ID ' || {shown(val('external_id'))} || ' belongs to contact ' || (SELECT c.no "
                         "FROM contact c WHERE c.id = p.external_holder) || '.'",
                         "p.external_holder IS NOT NULL AND (p.new OR p.external_holder <> p.contact_id)")
        await self.error("'type'", "INVALID", "'Contact ' || (SELECT c.no FROM contact c WHERE c.id = p.contact_id) "
                         "|| ' is a ' || p.kind || '; its type cannot change.'",
                         f"NOT p.new AND {code('type')} <> p.kind")
        await self.error("'type'", "REQUIRED", "'Type must have a value for a new contact (COMPANY or PERSON).'",
                         f"p.new AND {val('type')} IS NULL")
        keys = [("p.final_no", "'no'", "number"), (val("external_id"), "'externalId'", "external ID")]
        if self.mode == ImportMode.UPSERT:
            keys.append(("CASE WHEN NOT p.new THEN p.contact_id END", "'no'", "contact"))
        for key, name, label in keys:
            # The first row with a key keeps it; each later one is an error naming the first. The keys held by more
            # than one row are found by one grouping (usually none), then only their rows are joined.
            await self.error(name, "ALREADY_EXISTS", f"'Row ' || CAST(d.first AS TEXT) || ' has the same {label}.'",
                             "d.first < r.row_no",
                             f"JOIN (SELECT {key} AS k, MIN(r.row_no) AS first FROM {ROWS} WHERE {PENDING} AND {key} "
                             f"IS NOT NULL GROUP BY {key} HAVING COUNT(*) > 1) d ON d.k = {key}")

    async def _names(self) -> None:
        # A name refused for its characters (bad_field) has its own error.
        parts = " OR ".join(given(p) for p in ("first_name", "middle_name", "surname"))
        sound = "COALESCE(r.bad_field, '') <> 'name' AND "
        await self.error("'name'", "REQUIRED", "'Name must have a value.'",
                         f"{sound}p.kind = 'COMPANY' AND {val('name')} IS NULL AND (p.new OR "
                         f"{given('name')})")
        # The name an existing person keeps is built from its stored parts where the file leaves them out (CREATE:
        # every row is new, nothing stored to look up).
        upsert = self.mode == ImportMode.UPSERT
        derived = person_name(*(f"CASE WHEN {given(p)} THEN {val(p)} ELSE {f'c.{p}' if upsert else 'NULL'} END"
                                for p in ("first_name", "middle_name", "surname")))
        await self.error("'name'", "REQUIRED", "'Name must have a value: give a name or a first name or surname.'",
                         f"{sound}p.kind = 'PERSON' AND {val('name')} IS NULL AND (p.new OR "
                         f"({given('name')} OR {parts})) AND {derived} IS NULL",
                         "LEFT JOIN contact c ON c.id = p.contact_id" if upsert else "")

    async def _company(self) -> None:
        ref = f"COALESCE({code('company_no')}, {val('company_external_id')})"
        await self.error("'companyNo'", "INVALID", "'A company cannot belong to another company; companyNo and "
                         "companyExternalId are for persons only.'", f"p.kind = 'COMPANY' AND {ref} IS NOT NULL")
        which = "CASE WHEN " + code("company_no") + " IS NOT NULL THEN 'companyNo' ELSE 'companyExternalId' END"
        await self.error(which, "INVALID", "'Contact ' || (SELECT c.no FROM contact c WHERE c.id = p.company_id) || "
                         "' is a person, not a company.'", "p.company_id IS NOT NULL AND (SELECT c.type FROM contact c "
                         "WHERE c.id = p.company_id) = 'PERSON'")
        await self.error(which, "NOT_FOUND", f"'Company ' || {shown(ref)} || ' does not exist, neither as a "
                         "contact nor as a company row of this file.'",
                         f"p.kind = 'PERSON' AND {ref} IS NOT NULL AND p.company_id IS NULL AND p.company_row IS NULL")
        changes = (f"({given('company_no')} OR {given('company_external_id')}) AND "
                   "(p.company_row IS NOT NULL OR p.company_id IS DISTINCT FROM c.company_id)")
        if self.dialect == "sqlite":
            changes = changes.replace("IS DISTINCT FROM", "IS NOT")
        if self.mode == ImportMode.CREATE:
            return  # (every row is a new contact: none is on a segment)
        await self.error(which, "IN_USE", "'You cannot change the company of contact ' || c.no || ' because it is "
                         "on one or more open segments.'",
                         f"{changes} AND EXISTS (SELECT 1 FROM segment_line l WHERE l.contact_id = c.id)",
                         "JOIN contact c ON c.id = p.contact_id")

    async def _masters(self) -> None:
        # (Lookups by code into the small master tables, made only for the rows that give a code.)
        spc = code("salesperson_code")
        await self.error("'salespersonCode'", "NOT_FOUND", f"'Salesperson ' || {shown(val('salesperson_code'))} "
                         "|| ' does not exist.'", f"{spc} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM salesperson s "
                         f"WHERE s.code = {spc})")
        await self.error("'salespersonCode'", "BLOCKED", f"'Salesperson ' || {shown(spc)} || ' is blocked.'",
                         f"{spc} IS NOT NULL AND EXISTS (SELECT 1 FROM salesperson s WHERE s.code = {spc} AND "
                         "s.blocked)")
        territory = code("territory_code")
        await self.error("'territoryCode'", "NOT_FOUND", f"'Territory ' || {shown(val('territory_code'))} || ' does "
                         "not exist.'", f"{territory} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM territory t WHERE "
                         f"t.code = {territory})")

    async def _codes(self) -> None:
        # Every code of every list looked up in one statement (one scan of the staged codes, one anti-join).
        masters = " UNION ALL ".join(f"SELECT '{column}' AS kind, code FROM {table}"
                                     for column, (table, _label, _only) in LISTS.items())
        fields = " ".join(f"WHEN '{column}' THEN {quoted(column_name(column))}" for column in LISTS)
        labels = " ".join(f"WHEN '{column}' THEN {quoted(label + ' ')}" for column, (_t, label, _o) in LISTS.items())
        await self._run(
            "INSERT INTO contact_import_error (contact_import_id, row_no, field, code, message) "
            f"SELECT k.contact_import_id, k.row_no, CASE k.kind {fields} END, 'NOT_FOUND', SUBSTR(CASE k.kind "
            f"{labels} END || {shown('k.code')} || ' does not exist.', 1, 400) FROM contact_import_code k WHERE "
            f"k.contact_import_id = {{imp}} AND NOT EXISTS (SELECT 1 FROM ({masters}) m WHERE m.kind = k.kind AND "
            "m.code = k.code) AND EXISTS (SELECT 1 FROM contact_import_plan p WHERE p.contact_import_id = {imp} AND "
            "p.row_no = k.row_no AND NOT p.done)")
        for column, (_table, label, only) in LISTS.items():
            if only is not None:
                other = "person" if only == ContactType.COMPANY else "company"
                await self.error(quoted(column_name(column)), "INVALID",
                                 f"'{label} codes belong to {only.value.lower()} contacts; this row is a {other}.'",
                                 f"p.kind <> '{only.value}' AND {val(column)} IS NOT NULL AND EXISTS (SELECT 1 FROM "
                                 "contact_import_code k WHERE "
                                 f"k.contact_import_id = r.contact_import_id AND k.row_no = r.row_no AND "
                                 f"k.kind = '{column}')")

    async def _fail(self) -> None:
        failed = ("UPDATE contact_import_plan SET failed = TRUE WHERE contact_import_id = {imp} AND NOT done AND "
                  "NOT failed AND EXISTS (SELECT 1 FROM contact_import_error e WHERE e.contact_import_id = "
                  "contact_import_plan.contact_import_id AND e.row_no = contact_import_plan.row_no)")
        if not await self._run(failed):
            return  # no row fails, nor any person for its company row
        # A person whose company is a row of this file that fails is not imported either.
        await self.error("CASE WHEN " + code("company_no") + " IS NOT NULL THEN 'companyNo' ELSE "
                         "'companyExternalId' END", "INVALID",
                         "'Company row ' || CAST(p.company_row AS TEXT) || ' has errors, so this person is not "
                         "imported.'", "o.failed",
                         "JOIN contact_import_plan o ON o.contact_import_id = r.contact_import_id AND "
                         "o.row_no = p.company_row")
        await self._run(failed)

    async def _number(self) -> None:
        """New rows without a number take the next ones of the contact series, above every number in use."""
        prefix, width = DEFAULTS[NumberSeriesCode.CONTACT]
        series, _ = await NumberSeries.get_or_create(code=NumberSeriesCode.CONTACT,
                                                     defaults={"prefix": prefix, "width": width})
        series = await NumberSeries.filter(id=series.id).select_for_update().first() or series
        pattern = series_pattern(series.prefix, series.width, self.dialect)
        p = Params(self.dialect)
        imp = p.typed(self.import_id, "INTEGER")
        start = len(series.prefix) + 1
        highest = await fetch_value(
            f"SELECT MAX(n) FROM (SELECT MAX(CAST(SUBSTR(no, {start}) AS BIGINT)) AS n FROM contact WHERE "
            f"{pattern.format(col='no')} UNION ALL SELECT MAX(CAST(SUBSTR(final_no, {start}) AS BIGINT)) FROM "
            f"contact_import_plan WHERE contact_import_id = {imp} AND {pattern.format(col='final_no')}) s", p)
        base = max(series.last_no, int(highest or 0))
        p = Params(self.dialect)
        imp = p.typed(self.import_id, "INTEGER")
        number = f"({base} + s.n)"
        new_no = f"{quoted(series.prefix)} || {padded(number, series.width, self.dialect)}"
        assigned = await execute(
            f"UPDATE contact_import_plan SET final_no = {new_no} "
            f"FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY row_no) AS n FROM contact_import_plan WHERE "
            f"contact_import_id = {imp} AND NOT done AND NOT failed AND new AND final_no IS NULL) s "
            "WHERE contact_import_plan.id = s.id", p)
        if assigned:
            series.last_no = base + assigned
            await series.save(update_fields=["last_no"])


def series_pattern(prefix: str, width: int, sql_dialect: str) -> str:
    """A condition on `{col}`: a number of the series (prefix, then `width` digits)."""
    if sql_dialect == "postgres":
        return "{col} ~ " + quoted(f"^{prefix}[0-9]{{{width}}}$").replace("{", "{{").replace("}", "}}")
    return "{col} GLOB " + quoted(prefix + "[0-9]" * width)


def person_name(first: str, middle: str, surname: str) -> str:
    """As models.rules.contacts.person_name: the parts that have a value, joined by spaces (NULL: none)."""
    return (f"NULLIF(TRIM(COALESCE({first} || ' ', '') || COALESCE({middle} || ' ', '') || "
            f"COALESCE({surname}, '')), '')")


def column_name(column: str) -> str:
    from segmentum.models.imports.columns import COLUMNS

    return COLUMNS[column]


__all__ = ["Checks", "Contact", "person_name"]
