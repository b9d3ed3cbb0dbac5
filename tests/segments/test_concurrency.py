"""Concurrent actions on one segment are serialized: unique line numbers, one action's history together."""

from __future__ import annotations

import asyncio

from segmentum.models.segments import SegmentLine


async def test_concurrent_adds_never_collide(world, seg):
    s = await seg.create()
    results = await asyncio.gather(
        seg.add(s["id"], {"contact": {"city": {"eq": "GENT"}}}, expandCompanies=True),
        seg.add(s["id"], {"contact": {"city": {"eq": "LEUVEN"}}}),
        seg.add(s["id"], {"contact": {"city": {"eq": "GENT"}}}, allowExistingContacts=True),
    )
    assert all(r["userErrors"] == [] for r in results)
    lines = await SegmentLine.all().order_by("line_no")
    numbers = [line.line_no for line in lines]
    assert len(numbers) == len(set(numbers)) == sum(r["linesAdded"] for r in results)
    assert numbers == [10000 * i for i in range(1, len(numbers) + 1)]
    # Each action's lines form one contiguous block of line numbers.
    blocks = [line.action_id for line in lines]
    assert blocks == sorted(blocks, key=blocks.index)
    assert len(set(blocks)) == 3
