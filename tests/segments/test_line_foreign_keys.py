"""Each foreign key left on segment_line, and the rule it protects (the archive has none but its segment)."""

from __future__ import annotations

import pytest

from models.contacts import Contact
from models.interactions import Campaign, InteractionGroup, InteractionTemplate
from models.masters import Salesperson
from models.segments import SegmentLine, SegmentLineArchive
from models.sql import Params, execute

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


@pytest.mark.parametrize("model", [Salesperson, InteractionTemplate, InteractionGroup, Campaign])
async def test_a_master_on_a_line_cannot_be_deleted_under_it(world, seg, gql, model):
    await _segment_with_lines(seg, gql)
    row = await model.all().first()
    assert row is not None
    p = Params()
    with pytest.raises(Exception) as refused:  # the drivers raise their own classes
        await execute(f"DELETE FROM {model._meta.db_table} WHERE id = {p.add(row.id)}", p)
    assert "foreign key" in str(refused.value).lower()


async def test_deleting_a_contact_leaves_its_line_without_it(world, seg, gql):
    # The API refuses it (IN_USE); the key keeps a line from pointing at a contact that is gone.
    await _segment_with_lines(seg, gql)
    a1 = await Contact.get(no="A1")
    p = Params()
    await execute(f"DELETE FROM contact WHERE id = {p.add(a1.id)}", p)
    line = await SegmentLine.get()
    assert line.contact_id is None


async def test_deleting_a_contact_company_leaves_the_line_without_it(world, seg, gql):
    await _segment_with_lines(seg, gql)
    ca = await Contact.get(no="CA")
    await Contact.filter(company_id=ca.id).exclude(id=ca.id).update(company_id=None)
    p = Params()
    await execute(f"DELETE FROM contact WHERE id = {p.add(ca.id)}", p)
    line = await SegmentLine.get()
    assert line.contact_company_id is None


async def test_deleting_a_segment_takes_its_lines_and_archive(world, seg, gql):
    s = await _segment_with_lines(seg, gql)
    # The archive: the line the Reduce removed and the Add's pending row (its contacts).
    assert await SegmentLine.all().count() == 1 and await SegmentLineArchive.all().count() == 2
    res = await gql("mutation($i: DeleteInput!) { segmentDelete(input: $i) { userErrors { code } } }",
                    {"i": {"id": s["id"]}})
    assert res["segmentDelete"]["userErrors"] == []
    assert await SegmentLine.all().count() == 0 and await SegmentLineArchive.all().count() == 0
