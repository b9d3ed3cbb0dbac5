"""What an interaction names stays there: the foreign keys of interaction_log_entry (gone on PostgreSQL) are kept
by a set-based FOR KEY SHARE per write (models/log/references.py) and by the delete paths, raced here against a
log held open on PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import date

import pytest
from tortoise.transactions import in_transaction

from segmentum.models.contacts import Contact
from segmentum.models.db_errors import is_race
from segmentum.models.enums import ContactType
from segmentum.models.interactions import CampaignEntry, InteractionLogEntry, InteractionTemplate
from segmentum.models.line_references import guard_line_references
from segmentum.models.log import segment_log
from segmentum.models.log.references import NAMED, MissingReference, lock_named
from segmentum.models.masters import Salesperson
from segmentum.models.sql import Params, execute, fetch_all, fetch_value
from segmentum.models.worksheet.recording import lock_segment
from segmentum.resolvers.ids import decode_id, encode_id
from tests.conftest import test_db_kind as db_kind

on_postgres = pytest.mark.skipif(db_kind() != "postgres", reason="row locks and the dropped keys are PostgreSQL's")

DANGLING = (
    "SELECT count(*) FROM interaction_log_entry e WHERE "
    "(e.contact_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM contact c WHERE c.id = e.contact_id)) OR "
    "(e.contact_company_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM contact c WHERE c.id = e.contact_company_id)) OR "
    "(e.template_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM interaction_template t WHERE t.id = e.template_id)) OR "
    "(e.salesperson_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM salesperson s WHERE s.id = e.salesperson_id))"
)
DELETE = "mutation($i: DeleteInput!) {{ {name}(input: $i) {{ deletedId userErrors {{ code message }} }} }}"


def test_every_key_of_an_entry_is_locked_or_written_with_it():
    named = {column for _, columns in NAMED for column in columns}
    # The logged segment and campaign entry are written in the entry's own transaction; content records of a
    # logged segment are never deleted.
    assert named | {"logged_segment_id", "campaign_entry_id", "content_id"} == {
        f"{name}_id" for name in InteractionLogEntry._meta.fk_fields}


async def _foreign_keys(table: str) -> set[str]:
    if db_kind() == "postgres":
        rows = await fetch_all(f"SELECT a.attname AS col FROM pg_constraint k JOIN pg_attribute a ON "
                               f"a.attrelid = k.conrelid AND a.attnum = k.conkey[1] WHERE k.contype = 'f' AND "
                               f"k.conrelid = '{table}'::regclass")
        return {r["col"] for r in rows}
    return {r["from"] for r in await fetch_all(f"PRAGMA foreign_key_list({table})")}


async def test_entries_have_no_foreign_keys_on_postgres_and_campaign_entries_keep_theirs():
    entry_keys = await _foreign_keys("interaction_log_entry")
    if db_kind() == "postgres":
        assert entry_keys == set()
    else:  # SQLite keeps the keys it was created with (models/migrations/0022_log_entry_keys.py).
        assert entry_keys == {"contact_id", "contact_company_id", "template_id", "group_id", "salesperson_id",
                              "campaign_id", "campaign_entry_id", "logged_segment_id", "content_id"}
    assert await _foreign_keys("campaign_entry") == {"campaign_id", "salesperson_id", "logged_segment_id"}


@on_postgres
@pytest.mark.parametrize("column", ["contact_id", "contact_company_id", "template_id", "group_id",
                                    "salesperson_id", "campaign_id"])
async def test_an_entry_naming_a_row_that_is_gone_is_refused_as_a_foreign_key_would(setup, column):
    entry = await InteractionLogEntry.create(contact=setup.contacts[0], contact_company_id=setup.contacts[0].id,
                                             date=date(2026, 1, 1), template=setup.email_template,
                                             group=setup.group, salesperson=setup.salesperson,
                                             campaign=setup.campaign)
    await lock_named("id", entry.id)  # everything there
    p = Params()
    await execute(f"UPDATE interaction_log_entry SET {column} = 987654 WHERE id = {p.add(entry.id)}", p)
    with pytest.raises(MissingReference) as refused:
        await lock_named("id", entry.id)
    assert is_race(refused.value)  # the mutation runs again, as after a foreign-key violation


async def _until_waiting(count: int = 1) -> None:
    """Until `count` sessions of this database wait for a lock (a row lock taken by the other side)."""
    async with asyncio.timeout(20):
        waiting = 0
        while waiting < count:
            await asyncio.sleep(0.02)
            waiting = await fetch_value("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                                        "AND wait_event_type = 'Lock'")


class HeldLog:
    """A segment logged in a transaction that stays open until `commit()`."""

    def __init__(self, segment_id: str) -> None:
        self.pk = decode_id(segment_id, "Segment")
        self.logged = asyncio.Event()
        self.release = asyncio.Event()
        self.task = asyncio.create_task(self._run())

    async def _run(self) -> None:
        async with in_transaction():
            segment = await lock_segment(self.pk)
            await segment_log.log_segment(segment, deliver=False, create_follow_up=False)
            self.logged.set()
            await self.release.wait()

    async def commit(self) -> None:
        self.release.set()
        await self.task


@pytest.fixture
async def held() -> AsyncIterator[list[HeldLog]]:
    logs: list[HeldLog] = []
    yield logs
    for log in logs:
        log.release.set()
        await asyncio.gather(log.task, return_exceptions=True)


async def _hold(held: list[HeldLog], segment_id: str) -> HeldLog:
    log = HeldLog(segment_id)
    held.append(log)
    async with asyncio.timeout(20):
        await log.logged.wait()
    return log


@on_postgres
async def test_a_contact_delete_waits_for_a_running_log_then_clears_its_entries(gql, setup, make_segment,
                                                                               make_contact, held):
    # A person without a company: its entries lose their contact (ON DELETE SET NULL, as before).
    solo = await make_contact(no="C99", type=ContactType.PERSON, name="C99 Solo", email="solo@example.com")
    log = await _hold(held, await make_segment("C*"))
    deleting = asyncio.create_task(gql(DELETE.format(name="contactDelete"),
                                       {"i": {"id": encode_id("Contact", solo.id)}}))
    await _until_waiting()
    assert not deleting.done()  # the log's share of the line references lock holds the delete
    await log.commit()
    payload = (await deleting)["contactDelete"]
    # The lines went with the log: the contact is no longer on an open segment, so it is deleted.
    assert payload["userErrors"] == []
    assert not await Contact.filter(id=solo.id).exists()
    assert await InteractionLogEntry.filter(segment_no__not_isnull=True).count() == 13
    assert await InteractionLogEntry.filter(contact_id=solo.id).count() == 0
    assert await fetch_value(DANGLING) == 0


@on_postgres
async def test_a_company_delete_waits_for_a_running_log_then_detaches_its_entries(gql, setup, make_segment, held):
    company = setup.contacts[0]
    log = await _hold(held, await make_segment("C*"))
    deleting = asyncio.create_task(gql(DELETE.format(name="contactDelete"),
                                       {"i": {"id": encode_id("Contact", company.id)}}))
    await _until_waiting()
    await log.commit()
    assert (await deleting)["contactDelete"]["userErrors"] == []
    assert await InteractionLogEntry.filter(contact_id=None, contact_company_id=None).count() == 1
    assert await InteractionLogEntry.filter(contact_id__not_isnull=True).count() == 11
    assert await fetch_value(DANGLING) == 0


@on_postgres
@pytest.mark.parametrize("name", ["interactionTemplateDelete", "salespersonDelete"])
async def test_a_master_delete_waits_for_a_running_log_and_is_then_refused(gql, setup, make_segment, held, name):
    row = setup.email_template if name == "interactionTemplateDelete" else setup.salesperson
    gid = encode_id(type(row).__name__, row.id)
    log = await _hold(held, await make_segment("C*"))
    deleting = asyncio.create_task(gql(DELETE.format(name=name), {"i": {"id": gid}}))
    await _until_waiting()
    assert not deleting.done()
    await log.commit()
    payload = (await deleting)[name]
    assert payload["deletedId"] is None
    assert [e["code"] for e in payload["userErrors"]] == ["IN_USE"]
    assert await type(row).filter(id=row.id).exists()
    column = "template_id" if name == "interactionTemplateDelete" else "salesperson_id"
    assert await InteractionLogEntry.filter(**{column: row.id}).count() == 12
    assert await fetch_value(DANGLING) == 0


@on_postgres
async def test_a_contact_deleted_under_a_running_log_makes_it_run_again_and_refuse_the_line(gql, setup, make_segment,
                                                                                       log_segment):
    """The other order: a delete holding the line references lock (as every contact delete takes it; past the API's
    IN_USE check, as a script would) commits while the log waits for that lock; the log then meets the missing
    contact and its checks name the line whose contact is gone (segment_line has no key to clear it on
    PostgreSQL): nothing is written."""
    segment_id = await make_segment("C*")
    gone = setup.contacts[3]
    release = asyncio.Event()
    deleted = asyncio.Event()

    async def delete_meanwhile() -> None:
        async with in_transaction():
            await guard_line_references()
            # A company names itself: cleared first, as contactDelete does.
            for statement in ("UPDATE contact SET company_id = NULL WHERE id = {}",
                              "DELETE FROM contact WHERE id = {}"):
                p = Params()
                await execute(statement.format(p.add(gone.id)), p)
            deleted.set()
            await release.wait()

    deleter = asyncio.create_task(delete_meanwhile())
    await asyncio.wait([deleter, asyncio.create_task(deleted.wait())], timeout=20,
                       return_when=asyncio.FIRST_COMPLETED)
    assert deleted.is_set(), deleter.exception() if deleter.done() else "the delete did not run"
    logging = asyncio.create_task(log_segment(segment_id))
    await _until_waiting()
    release.set()
    await deleter
    result = await logging
    assert [(e["code"], e["lineNo"]) for e in result["userErrors"]] == [("NOT_FOUND", 40000)]
    assert await InteractionLogEntry.all().count() == 0
    assert await CampaignEntry.all().count() == 0
    assert await fetch_value(DANGLING) == 0


async def test_deleting_a_master_that_interactions_use_is_refused_on_both_databases(gql, setup, make_segment,
                                                                                   log_segment):
    assert (await log_segment(await make_segment("C0*")))["userErrors"] == []
    for name, row in (("interactionTemplateDelete", setup.email_template),
                      ("salespersonDelete", setup.salesperson)):
        payload = (await gql(DELETE.format(name=name), {"i": {"id": encode_id(type(row).__name__, row.id)}}))[name]
        assert [e["code"] for e in payload["userErrors"]] == ["IN_USE"], payload
    assert await InteractionTemplate.filter(id=setup.email_template.id).exists()
    assert await Salesperson.filter(id=setup.salesperson.id).exists()


async def test_a_company_deleted_with_its_persons_clears_an_entry_a_person_logged_while_independent(
        gql, make_contact):
    company = await make_contact(no="K1", name="K1 Company")
    person = await make_contact(no="K2", type=ContactType.PERSON, name="K2 Person")
    independent = await InteractionLogEntry.create(contact=person, date=date(2026, 1, 1))  # no company then
    person.company_id = company.id
    await person.save(update_fields=["company_id"])
    payload = (await gql(DELETE.format(name="contactDelete"),
                         {"i": {"id": encode_id("Contact", company.id), "deletePersons": True}}))["contactDelete"]
    assert payload["userErrors"] == []
    kept = await InteractionLogEntry.get(id=independent.id)
    assert (kept.contact_id, kept.contact_company_id) == (None, None)
