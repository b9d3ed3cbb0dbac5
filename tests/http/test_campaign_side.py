"""The campaign side end to end over HTTP, against a real uvicorn: a segment logged under a campaign shows its
campaign entry (fields, interactions, cost and duration, the cancel cascading), the interaction filter over the
entry's own fields finds the interactions and their contacts, and a company is deleted with its persons."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from tests.http.conftest import MakeKey, bearer, live_server


@pytest.fixture(scope="module")
async def server(database_url: str) -> AsyncIterator[str]:
    async with live_server(database_url) as base:
        yield base


class Api:
    def __init__(self, client: httpx.AsyncClient, url: str, key: str) -> None:
        self.client, self.url, self.key = client, url, key

    async def __call__(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        response = await self.client.post(self.url, json={"query": query, "variables": variables or {}},
                                          headers=bearer(self.key))
        assert response.status_code == 200, response.text
        body = response.json()
        assert "errors" not in body, body
        return body["data"]  # type: ignore[no-any-return]

    async def mutate(self, name: str, value: dict[str, Any], selection: str, input_type: str | None = None
                     ) -> dict[str, Any]:
        input_type = input_type or f"{name[0].upper()}{name[1:]}Input"
        data = await self(f"mutation($i: {input_type}!) {{ {name}(input: $i) {{ {selection} "
                          "userErrors { code message field } } }", {"i": value})
        payload = data[name]
        assert payload["userErrors"] == [], payload
        return payload  # type: ignore[no-any-return]


@pytest.fixture
async def api(server: str, make_key: MakeKey) -> AsyncIterator[Api]:
    async with httpx.AsyncClient(timeout=60) as client:
        yield Api(client, f"{server}/graphql", await make_key("read", "write"))


async def _setup(api: Api) -> str:
    """Salesperson, campaign, template and three contacts of one company; a segment of them; returns its id."""
    await api.mutate("salespersonCreate", {"code": "SP", "name": "Sue"}, "salesperson { code }")
    await api.mutate("interactionGroupCreate", {"code": "OUT", "description": "Outbound"}, "interactionGroup { code }",
                     "CodeDescriptionInput")
    await api.mutate("campaignCreate", {"no": "CP1", "description": "Spring"}, "campaign { no }")
    await api.mutate("interactionTemplateCreate", {
        "code": "MAIL", "description": "Mailing", "groupCode": "OUT", "unitCostLcy": "2.50", "unitDurationMin": 5,
        "campaignNo": "CP1", "campaignTarget": True, "correspondenceTypeDefault": "NONE",
        "languageCodeDefault": "nlb"}, "interactionTemplate { code }")
    company = await api.mutate("contactCreate", {"no": "CO1", "type": "COMPANY", "name": "Adatum"}, "contact { id }")
    for no in ("P1", "P2"):
        await api.mutate("contactCreate", {"no": no, "type": "PERSON", "name": f"Person {no}",
                                           "companyId": company["contact"]["id"]}, "contact { id }")
    segment = await api.mutate("segmentCreate", {"no": "SEG1", "description": "Spring mailing",
                                                 "interactionTemplateCode": "MAIL", "salespersonCode": "SP"},
                               "segment { id languageCodeDefault }")
    assert segment["segment"]["languageCodeDefault"] == "NLB"
    segment_id: str = segment["segment"]["id"]
    await api.mutate("segmentAddContacts", {"segmentId": segment_id, "criteria": {"contact": {"no": {"expr": "*"}}}},
                     "linesAdded")
    return segment_id


CAMPAIGN_ENTRIES = """query { loggedSegment(segmentNo: "SEG1") { entryNo canceled noOfCampaignEntries
  campaignEntries(first: 5) { totalCount edges { cursor node { id entryNo date description segmentNo canceled
    noOfInteractions costLcy durationMin campaign { no } salesperson { code } loggedSegment { entryNo }
    interactions(first: 10) { totalCount nodes { contact { no } campaignEntry { entryNo } } } } } } }
  campaign(no: "CP1") { entries(first: 5) { nodes { entryNo } } } }"""


async def test_campaign_entries_and_the_entry_filter_over_http(api: Api) -> None:
    segment_id = await _setup(api)
    log = await api.mutate("segmentLog", {"segmentId": segment_id}, "interactionsCreated loggedSegment { id }")
    assert log["interactionsCreated"] == 3
    data = await api(CAMPAIGN_ENTRIES)
    logged = data["loggedSegment"]
    assert logged["noOfCampaignEntries"] == 1 and logged["campaignEntries"]["totalCount"] == 1
    entry = logged["campaignEntries"]["edges"][0]["node"]
    assert {k: v for k, v in entry.items() if k not in ("id", "entryNo", "date", "interactions")} == {
        "description": "Spring mailing", "segmentNo": "SEG1", "canceled": False, "noOfInteractions": 3,
        "costLcy": "7.50", "durationMin": 15, "campaign": {"no": "CP1"}, "salesperson": {"code": "SP"},
        "loggedSegment": {"entryNo": logged["entryNo"]}}
    assert sorted(n["contact"]["no"] for n in entry["interactions"]["nodes"]) == ["CO1", "P1", "P2"]
    assert {n["campaignEntry"]["entryNo"] for n in entry["interactions"]["nodes"]} == {entry["entryNo"]}
    assert data["campaign"]["entries"]["nodes"] == [{"entryNo": entry["entryNo"]}]
    node = await api("query($id: ID!) { node(id: $id) { ... on CampaignEntry { entryNo } } }", {"id": entry["id"]})
    assert node["node"] == {"entryNo": entry["entryNo"]}

    # The interaction filter over the entry's fields, in the log's list and in the contact criteria.
    flt = {"loggedSegmentEntryNo": {"eq": logged["entryNo"]}, "costLcy": {"gte": "2.5", "lt": "2.51"},
           "durationMin": {"in": [5]}, "description": {"expr": "@spring*"}, "languageCode": {"eq": "nlb"},
           "correspondenceType": ["NONE"], "subject": {"isBlank": True}}
    found = await api("query($f: InteractionFilter) { interactionLogEntries(filter: $f) { totalCount } "
                      "contacts(filter: {interaction: $f}) { nodes { no } } }", {"f": flt})
    assert found["interactionLogEntries"]["totalCount"] == 3
    assert sorted(n["no"] for n in found["contacts"]["nodes"]) == ["CO1", "P1", "P2"]
    none = await api("query($f: InteractionFilter) { interactionLogEntries(filter: $f) { totalCount } }",
                     {"f": {"costLcy": {"gt": "2.50"}}})
    assert none["interactionLogEntries"]["totalCount"] == 0

    # The cancel cascades to the campaign entry; its counts follow the canceled state, as BC's.
    await api.mutate("loggedSegmentSetCanceled", {"id": log["loggedSegment"]["id"], "canceled": True},
                     "loggedSegment { canceled }", "SetCanceledInput")
    entry = (await api(CAMPAIGN_ENTRIES))["loggedSegment"]["campaignEntries"]["edges"][0]["node"]
    assert (entry["canceled"], entry["noOfInteractions"], entry["costLcy"]) == (True, 3, "7.50")
    stats = await api('{ contact(no: "CO1") { statistics { noOfInteractions } } }')
    assert stats["contact"]["statistics"]["noOfInteractions"] == 0


async def test_a_company_is_deleted_with_its_persons_over_http(api: Api) -> None:
    await _setup(api)
    company = await api('{ contact(no: "CO1") { id statistics { noOfInteractions } } segment(no: "SEG1") { id } }')
    await api.mutate("segmentDelete", {"id": company["segment"]["id"]}, "deletedId", "DeleteInput")
    refused = await api("mutation($i: DeleteInput!) { contactDelete(input: $i) { deletedIds userErrors { code } } }",
                        {"i": {"id": company["contact"]["id"]}})
    assert refused["contactDelete"] == {"deletedIds": [], "userErrors": [{"code": "IN_USE"}]}
    deleted = await api.mutate("contactDelete", {"id": company["contact"]["id"], "deletePersons": True},
                               "deletedId deletedIds", "DeleteInput")
    assert deleted["deletedId"] == company["contact"]["id"] and len(deleted["deletedIds"]) == 3
    left = await api("{ contacts { totalCount } }")
    assert left["contacts"]["totalCount"] == 0
