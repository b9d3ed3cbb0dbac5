"""Importing contacts from a CSV file against COPY of the same rows into the contact table, in the same run.

    python -m bench.generate --contacts 1000 --database-url postgres://postgres@127.0.0.1:5432/segmentum_bench_import
    python -m bench.contact_import --database-url postgres://postgres@127.0.0.1:5432/segmentum_bench_import \
        [--contacts 1000000]

The CSV is generated here: one company in ten (number, externalId, name, city, post code, salesperson, an industry
group and a mailing group), each followed by nine persons naming it by `companyNo` (first name, surname, e-mail,
city, post code, a mailing group).

- **COPY** (the yardstick): the same contacts (number, externalId, type, name, company name, name parts, e-mail,
  city, post code, salesperson id, correspondence type, flags, times) written by asyncpg's
  `copy_records_to_table('contact', ...)` into the contact table itself (its indexes, unique constraints, foreign
  keys), in a transaction that is rolled back. Only the COPY is timed, not building its records; persons get no
  company id (the COPY cannot know the ids its companies will get).
- **Import**: what the CONTACT_IMPORT job runs (`models.imports.run`): read the stored file in slices, parse it
  once and stage it (COPY into `contact_import_row` and `contact_import_code`), the checks (set-based, deriving
  each row's plan into `contact_import_plan`), the writes in chunks of CHUNK_ROWS (companies with their
  classification links, then persons with their company), each chunk committed. The imported contacts are deleted
  afterwards (and the tables vacuumed), so the run can be repeated.

Reports each side's time, rows per second, the ratio (target: at most 3x) and the peak resident memory
(VmHWM) of the process that runs the import alone (the bench's own, with its CSV and records, beside it).
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import multiprocessing
import resource
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime

import asyncpg
from tortoise import Tortoise

from bench.generate import asyncpg_url
from segmentum.config.database import tortoise_config
from segmentum.models.enums import ImportFormat, ImportMode
from segmentum.models.imports import run as import_run
from segmentum.models.imports.tables import ContactImport
from segmentum.models.sql import execute

TARGET = 3.0
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/segmentum_bench_import"
HEADER = ("no,externalId,type,name,firstName,surname,companyNo,email,city,postCode,salespersonCode,"
          "industryGroupCodes,mailingGroupCodes\n")
GROUPS = ("RETAIL", "WHOLESALE", "MANUFACT", "SERVICES", "IT", "LOGISTICS", "CONSTRUCT", "FOOD", "CONSULT")
MAILING = ("NEWSLETTER", "XMASCARD", "EVENTS", "PRODUCT", "VIP")
SALESPEOPLE = ("AV", "BD", "KP", "LM", "PC", "SJ", "MH")
CITIES = ("GENT", "BRUGGE", "ANTWERPEN", "LEUVEN", "HASSELT", "MECHELEN")
FIRST = ("An", "Bart", "Chloe", "Dirk", "Els", "Filip", "Greet", "Hans", "Ines", "Jan")
LAST = ("Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens")


def generate(contacts: int) -> tuple[bytes, list[tuple]]:
    """The CSV, and the contact rows the yardstick COPYs (the same values as the import writes)."""
    lines = [HEADER]
    records: list[tuple] = []
    now = datetime.now(UTC)
    company_no = company_name = ""
    for i in range(contacts):
        city = CITIES[i % len(CITIES)]
        post = str(1000 + i % 8000)
        if i % 10 == 0:
            company_no, company_name = f"IMP{i:08d}", f"Company {i}"
            spc = SALESPEOPLE[i % len(SALESPEOPLE)]
            lines.append(f"{company_no},ext-{i},COMPANY,{company_name},,,,,{city},{post},{spc},"
                         f"{GROUPS[i % len(GROUPS)]},{MAILING[i % len(MAILING)]}\n")
            records.append((company_no, f"ext-{i}", "COMPANY", company_name, company_name, None, None, None, city,
                            post, "NONE", False, False, now, now))
        else:
            first, last = FIRST[i % len(FIRST)], LAST[i % len(LAST)]
            email = f"{first.lower()}.{i}@example.com"
            lines.append(f"IMP{i:08d},ext-{i},PERSON,,{first},{last},{company_no},{email},{city},{post},,,"
                         f"{MAILING[i % len(MAILING)]}\n")
            records.append((f"IMP{i:08d}", f"ext-{i}", "PERSON", f"{first} {last}", company_name, first, last, email,
                            city, post, "NONE", False, False, now, now))
    return "".join(lines).encode(), records


COPY_COLUMNS = ["no", "external_id", "type", "name", "company_name", "first_name", "surname", "email", "city",
                "post_code", "correspondence_type", "exclude_from_segment", "privacy_blocked", "created_at",
                "updated_at"]
# What asyncpg's copy_records_to_table sends for it.
COPY_STATEMENT = f"COPY contact ({', '.join(COPY_COLUMNS)}) FROM STDIN (FORMAT binary)"


async def copy_floor(url: str, records: list[tuple]) -> float:
    conn = await asyncpg.connect(asyncpg_url(url))
    try:
        tx = conn.transaction()
        await tx.start()
        started = time.perf_counter()
        await conn.copy_records_to_table("contact", records=records, columns=COPY_COLUMNS)
        elapsed = time.perf_counter() - started
        await tx.rollback()
        await conn.execute("VACUUM ANALYZE contact")
        await conn.execute("CHECKPOINT")
    finally:
        await conn.close()
    return elapsed


async def vacuum(url: str) -> None:
    """The next run starts with compact tables, as this one did (VACUUM runs outside a transaction)."""
    conn = await asyncpg.connect(asyncpg_url(url))
    try:
        await conn.execute("VACUUM contact, contact_mailing_group, contact_industry_group, contact_import, "
                           "contact_import_row, contact_import_code, contact_import_plan, contact_import_error")
    finally:
        await conn.close()


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def own_peak_mb() -> float:
    """This process's peak resident memory since it started its program: VmHWM (ru_maxrss of a spawned child
    would count the pages it shared with the bench before its exec)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return peak_mb()


def import_alone(url: str, import_id: int) -> tuple[float, float, dict, float]:
    """(stage seconds, total seconds, the job's answer, peak MB) of the import, run in this (child) process."""
    async def go() -> tuple[float, float, dict, float]:
        await Tortoise.init(config=tortoise_config(url))
        try:
            imp = await import_run.stored(import_id)

            async def nothing(*_args: object) -> None:
                return None

            started = time.perf_counter()
            await import_run.stage(imp)
            staged = time.perf_counter() - started
            result = await import_run.run_import(imp, 0, nothing, nothing)
            return staged, time.perf_counter() - started, result, own_peak_mb()
        finally:
            await Tortoise.close_connections()

    return asyncio.run(go())


async def run(url: str, contacts: int) -> float:
    await Tortoise.init(config=tortoise_config(url))
    try:
        started = time.perf_counter()
        data, records = generate(contacts)
        print(f"CSV: {contacts:,} contacts, {len(data) / 1e6:.1f} MB, generated in "
              f"{time.perf_counter() - started:.1f} s")
        floor = await copy_floor(url, records)
        del records
        print(f"COPY into contact      {floor:8.2f} s  {contacts / floor:10,.0f} rows/s  ({COPY_STATEMENT})")
        imp = await ContactImport.create(format=ImportFormat.CSV, mode=ImportMode.CREATE, file_name="bench.csv",
                                         size=len(data), sha256=hashlib.sha256(data).hexdigest(), data=data)
        del data
        # The import runs in a process of its own, as the job does in a worker: its peak memory is its own, not
        # the bench's CSV and COPY records.
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
            staged, total, result, import_peak = pool.submit(import_alone, url, imp.id).result()
        assert result["created"] == contacts and result["failed"] == 0, result
        print(f"  stage (parse + COPY)  {staged:8.2f} s")
        print(f"  checks + writes       {total - staged:8.2f} s  (chunks of {import_run.CHUNK_ROWS:,} rows)")
        print(f"import                 {total:8.2f} s  {contacts / total:10,.0f} rows/s")
        print(f"ratio import / COPY    {total / floor:8.2f}  (target at most {TARGET})")
        print(f"peak RSS of the import process {import_peak:8.0f} MB (the bench process: {peak_mb():.0f} MB, "
              "the CSV and the COPY's records included)")
        await execute("DELETE FROM contact_mailing_group WHERE contact_id IN (SELECT id FROM contact WHERE no LIKE "
                      "'IMP%')")
        await execute("DELETE FROM contact_industry_group WHERE contact_id IN (SELECT id FROM contact WHERE no LIKE "
                      "'IMP%')")
        await execute("DELETE FROM contact WHERE no LIKE 'IMP%' AND type = 'PERSON'")
        await execute("UPDATE contact SET company_id = NULL WHERE no LIKE 'IMP%'")
        await execute("DELETE FROM contact WHERE no LIKE 'IMP%'")
        await execute("DELETE FROM contact_import")
        for table in ("contact_import_row", "contact_import_code", "contact_import_plan"):
            await execute(f"DELETE FROM {table}")
        await vacuum(url)
        return total / floor
    finally:
        await Tortoise.close_connections()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--no-fail", action="store_true")
    args = parser.parse_args()
    ratio = asyncio.run(run(args.database_url, args.contacts))
    if ratio > TARGET and not args.no_fail:
        sys.exit(1)


if __name__ == "__main__":
    main()
