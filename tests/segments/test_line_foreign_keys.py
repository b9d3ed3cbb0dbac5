"""Each reference of segment_line and what keeps it true: foreign keys on SQLite; on PostgreSQL none (migrations
0023 and 0025): the contacts and masters kept by the delete paths under the line references lock
(models/line_references.py; the races: test_line_reference_races.py), the segment by its row lock and its delete
path (test_segment_delete_races.py). The archive's one foreign key, to its segment, is SQLite's alone too."""

from __future__ import annotations

import pytest

from segmentum.models.contacts import Contact
from segmentum.models.interactions import Campaign, InteractionGroup, InteractionTemplate
from segmentum.models.masters import Salesperson
from segmentum.models.rules.interaction_setup import CAMPAIGN_REFS, TEMPLATE_REFS
from segmentum.models.rules.masters import CODE_DESCRIPTION_REFS, SALESPERSON_REFS
from segmentum.models.segments import SegmentLine, SegmentLineArchive
from segmentum.models.sql import Params, execute, fetch_all
from segmentum.resolvers.ids import encode_id
from tests.conftest import test_db_kind as db_kind

TESTED = {"segment", "contact", "contact_company", "salesperson", "interaction_template", "interaction_group",
          "campaign"}


async def _segment_with_lines(seg, gql):
    await Campaign.create(no="CP1", description="Spring")
    s = await seg.create(interactionTemplateCode="LETTER", salespersonCode="JO")
    await gql("mutation($i: SegmentUpdateInput!) { segmentUpdate(input: $i) { userErrors { code } } }",
              {"i": {"id": s["id"], "campaignNo": "CP1"}})
    await seg.add(s["id"], {"contact": {"no": {"in": ["A1", "I1"]}}})
    await seg.reduce(s["id"], {"contact": {"no": {"eq": "I1"}}})
    return s


async def test_every_foreign_key_of_a_line_is_one_tested_here():
    assert set(SegmentLine._meta.fk_fields) == TESTED
    assert set(SegmentLineArchive._meta.fk_fields) == {"segment"}


DELETES = {Salesperson: "salespersonDelete", InteractionTemplate: "interactionTemplateDelete",
           InteractionGroup: "interactionGroupDelete", Campaign: "campaignDelete"}


@pytest.mark.parametrize("model", [Salesperson, InteractionTemplate, InteractionGroup, Campaign])
async def test_a_master_on_a_line_cannot_be_deleted_under_it(world, seg, gql, model):
    await _segment_with_lines(seg, gql)
    row = await model.filter(id__in=await SegmentLine.all().values_list(_column(model), flat=True)).first()
    assert row is not None
    await held_by_lines_alone(model, row.id)
    res = await gql(f"mutation($i: DeleteInput!) {{ {DELETES[model]}(input: $i) {{ userErrors {{ code message }} }} }}",
                    {"i": {"id": encode_id(model.__name__, row.id)}})
    assert [e["code"] for e in res[DELETES[model]]["userErrors"]] == ["IN_USE"]
    assert "segment lines" in res[DELETES[model]]["userErrors"][0]["message"]
    assert await model.filter(id=row.id).exists()


async def held_by_lines_alone(model, pk: int) -> None:
    """Every other holder of the master lets go of it (a nullable reference cleared, a required one moved to a
    new record), so that only the segment's lines still name it."""
    refs = {Salesperson: SALESPERSON_REFS, InteractionTemplate: TEMPLATE_REFS, Campaign: CAMPAIGN_REFS,
            InteractionGroup: CODE_DESCRIPTION_REFS[InteractionGroup]}[model]
    for holder, column, _ in refs:
        if holder in (SegmentLine, SegmentLineArchive):
            continue
        if holder._meta.fields_map[column.removesuffix("_id")].null:
            await holder.filter(**{column: pk}).update(**{column: None})
        elif await holder.filter(**{column: pk}).exists():
            other = await model.create(code="OTHER", description="Other")
            await holder.filter(**{column: pk}).update(**{column: other.id})


def _column(model) -> str:
    return {Salesperson: "salesperson_id", InteractionTemplate: "interaction_template_id",
            InteractionGroup: "interaction_group_id", Campaign: "campaign_id"}[model]


async def test_a_contact_on_a_line_cannot_be_deleted_under_it(world, seg, gql):
    await _segment_with_lines(seg, gql)
    a1 = await Contact.get(no="A1")
    res = await gql("mutation($i: DeleteInput!) { contactDelete(input: $i) { userErrors { code } } }",
                    {"i": {"id": encode_id("Contact", a1.id)}})
    assert [e["code"] for e in res["contactDelete"]["userErrors"]] == ["IN_USE"]
    assert await SegmentLine.filter(contact_id=a1.id).exists()


async def test_no_key_is_left_on_the_line_tables_on_postgres():
    if db_kind() != "postgres":
        pytest.skip("SQLite keeps every key (one writer at a time; cheap there)")
    rows = await fetch_all("SELECT conname FROM pg_constraint WHERE conrelid IN ('segment_line'::regclass, "
                           "'segment_line_archive'::regclass) AND contype = 'f'")
    assert [r["conname"] for r in rows] == []


@pytest.mark.parametrize("model", [Salesperson, InteractionTemplate, InteractionGroup, Campaign])
async def test_on_sqlite_the_key_still_refuses_a_master_under_a_line(world, seg, gql, model):
    if db_kind() != "sqlite":
        pytest.skip("PostgreSQL: the delete paths keep the rule (test above and the race tests)")
    await _segment_with_lines(seg, gql)
    row = await model.filter(id__in=await SegmentLine.all().values_list(_column(model), flat=True)).first()
    assert row is not None
    p = Params()
    with pytest.raises(Exception) as refused:  # the drivers raise their own classes
        await execute(f"DELETE FROM {model._meta.db_table} WHERE id = {p.add(row.id)}", p)
    assert "foreign key" in str(refused.value).lower()


async def test_on_sqlite_deleting_a_contact_leaves_its_line_without_it(world, seg, gql):
    if db_kind() != "sqlite":
        pytest.skip("PostgreSQL: a contact on a line is never deleted (test above and the race tests)")
    await _segment_with_lines(seg, gql)
    a1 = await Contact.get(no="A1")
    p = Params()
    await execute(f"DELETE FROM contact WHERE id = {p.add(a1.id)}", p)
    line = await SegmentLine.get()
    assert line.contact_id is None


async def test_deleting_a_segment_takes_its_lines_and_archive(world, seg, gql):
    s = await _segment_with_lines(seg, gql)
    # The archive: the line the Reduce removed and the Add's pending row (its contacts).
    assert await SegmentLine.all().count() == 1 and await SegmentLineArchive.all().count() == 2
    res = await gql("mutation($i: DeleteInput!) { segmentDelete(input: $i) { userErrors { code } } }",
                    {"i": {"id": s["id"]}})
    assert res["segmentDelete"]["userErrors"] == []
    assert await SegmentLine.all().count() == 0 and await SegmentLineArchive.all().count() == 0
