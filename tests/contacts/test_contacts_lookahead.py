"""The contact page's look-ahead (schema/contacts/prefetch.py): relations selected on the nodes are loaded
for the whole page up front, through `nodes`, `edges { node }` and fragments alike, with the same answers
as the per-contact loaders give elsewhere and a statement count that does not grow with the page."""

from __future__ import annotations

from typing import Any

from segmentum.schema.contacts.prefetch import BATCHES
from tests.contacts.test_contacts_sql_count import counting, seed

RELATIONS = """
  no company { no name } salesperson { code } territory { code } industryGroups { code }
  businessRelations { code } mailingGroups { code } jobResponsibilities { code }
  profileAnswers { answer } segmentLines { lineNo }
  statistics { noOfInteractions costLcy durationMin dateOfLastInteraction lastDateAttempted }
"""

THROUGH_FRAGMENTS = f"""
query($n: Int!) {{ contacts(first: $n) {{
  edges {{ node {{ ...Rel }} }}
  nodes {{ ... on Contact {{ no }} }}
}} }}
fragment Rel on Contact {{ {RELATIONS} }}
"""

NESTED = """query($n: Int!) { contacts(first: $n) { nodes { no persons(first: 5) { nodes {
  no company { no } salesperson { code } industryGroups { code } statistics { noOfInteractions }
} } } } }"""


def test_every_relation_of_contact_has_a_batch():
    assert set(BATCHES) == {"company", "salesperson", "territory", "businessRelations", "industryGroups",
                            "mailingGroups", "jobResponsibilities", "profileAnswers", "statistics",
                            "segmentLines"}


async def test_page_answers_match_the_single_contact_path(gql: Any):
    await seed(companies=6)
    page = (await gql(THROUGH_FRAGMENTS, {"n": 18}))["contacts"]
    nodes = [edge["node"] for edge in page["edges"]]
    assert [n["no"] for n in nodes] == [n["no"] for n in page["nodes"]]
    assert any(n["company"]["no"] != n["no"] for n in nodes)  # persons with their company
    for node in nodes:
        single = (await gql(f"query($no: String!) {{ contact(no: $no) {{ {RELATIONS} }} }}",
                            {"no": node["no"]}))["contact"]
        assert node == single


async def test_nested_person_pages_keep_a_constant_statement_count(schema, settings, monkeypatch):
    from segmentum.resolvers.loaders import Loaders
    from segmentum.schema.context import Context, Viewer

    await seed()
    counts: dict[int, int] = {}
    for n in (10, 100):
        ctx = Context(settings=settings, viewer=Viewer("test", frozenset({"read"})), loaders=Loaders())
        with counting(monkeypatch) as counter:
            result = await schema.execute(NESTED, variable_values={"n": n}, context_value=ctx)
        assert not result.errors, result.errors
        persons = [p for c in result.data["contacts"]["nodes"] for p in c["persons"]["nodes"]]
        assert persons and all(p["company"] and p["statistics"]["noOfInteractions"] == 2 for p in persons)
        counts[n] = len(counter.statements)
    assert counts[10] == counts[100]
