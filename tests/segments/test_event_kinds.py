"""Membership events and jobs carry their kind as the contract's enums (models/enums.py)."""

from __future__ import annotations

from segmentum.models.enums import JobKind
from segmentum.models.system import Job
from segmentum.resolvers.ids import encode_id

GENT = {"contact": {"city": {"eq": "GENT"}}}


async def test_membership_events_say_added_and_removed_as_an_enum(world, seg, gql):
    s = await seg.create()
    await seg.add(s["id"], GENT)
    await seg.reduce(s["id"], {"contact": {"no": {"eq": "A1"}}})
    res = await gql("query($no: String!) { segment(no: $no) { membershipEvents(first: 50) { edges { node { kind "
                    "contact { no } } } } } }", {"no": s["no"]})
    kinds = [(e["node"]["kind"], e["node"]["contact"]["no"]) for e in res["segment"]["membershipEvents"]["edges"]]
    assert ("ADDED", "A1") in kinds and ("REMOVED", "A1") in kinds
    assert {k for k, _ in kinds} == {"ADDED", "REMOVED"}


async def test_a_job_kind_is_the_enum_name_of_its_registered_kind(gql):
    job = await Job.create(kind=JobKind.CONTACTS_SEED, payload={})
    res = await gql("query($id: ID!) { node(id: $id) { ... on Job { kind status } } }",
                    {"id": encode_id("Job", job.id)})
    assert res["node"] == {"kind": "CONTACTS_SEED", "status": "QUEUED"}
