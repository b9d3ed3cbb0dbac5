"""A known marketing setup for logging: contacts with e-mail addresses, a salesperson, a campaign, an e-mail and a
letter template, and segments built through the API."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from segmentum.models.contacts import Contact
from segmentum.models.enums import CorrespondenceType
from segmentum.models.interactions import Campaign, InteractionGroup, InteractionTemplate
from segmentum.models.masters import Salesperson
from segmentum.resolvers.ids import encode_id
from segmentum.workers import queue
from tests.conftest import use_queue
from tests.masters.conftest import make_contact, mutate  # noqa: F401 - shared fixtures

SEGMENT = "id no noOfLines"
LOG_FIELDS = (
    "interactionsCreated loggedSegment { id entryNo segmentNo description canceled noOfInteractions } "
    "job { id kind status progress error } followUpSegment { id no description noOfLines noOfCriteriaActions } "
    "userErrors { code message field ... on LineError { lineNo contactNo } }"
)


@dataclass
class Setup:
    salesperson: Salesperson
    campaign: Campaign
    group: InteractionGroup
    email_template: InteractionTemplate
    letter_template: InteractionTemplate
    contacts: list[Contact]


@pytest.fixture
async def setup(make_contact: Any) -> Setup:  # noqa: F811 - the shared fixture
    """Twelve companies C01..C12 with e-mail addresses (line order = name order), salesperson SP1, campaign
    CP1, template MAIL (e-mail, campaign target, 2.50 and 5 minutes) and LETTER (hard copy)."""
    salesperson = await Salesperson.create(code="SP1", name="Sue Seller", email="sue@example.com")
    group = await InteractionGroup.create(code="OUT", description="Outbound")
    campaign = await Campaign.create(no="CP1", description="Spring")
    email_template = await InteractionTemplate.create(
        code="MAIL", description="Spring mailing", group=group, unit_cost_lcy=Decimal("2.50"), unit_duration_min=5,
        campaign=campaign, campaign_target=True, correspondence_type_default=CorrespondenceType.EMAIL,
        ignore_contact_corres_type=True,
    )
    letter_template = await InteractionTemplate.create(
        code="LETTER", description="Letter", group=group, unit_cost_lcy=Decimal("1.00"), unit_duration_min=2,
        correspondence_type_default=CorrespondenceType.HARD_COPY, ignore_contact_corres_type=True,
    )
    contacts = [await make_contact(no=f"C{i:02d}", name=f"C{i:02d} Company", email=f"c{i:02d}@example.com",
                                   company_name=f"C{i:02d} Company") for i in range(1, 13)]
    return Setup(salesperson, campaign, group, email_template, letter_template, contacts)


MakeSegment = Callable[..., Awaitable[str]]


@pytest.fixture
def make_segment(gql: Any) -> MakeSegment:
    """A segment with the given header fields and the contacts whose no. matches `expr`; returns its ID."""

    async def create(expr: str = "C*", **header: Any) -> str:
        fields = {"description": "Spring mailing", "salespersonCode": "SP1", "interactionTemplateCode": "MAIL",
                  **header}
        res = await gql("mutation($i: SegmentCreateInput!) { segmentCreate(input: $i) { segment { id } "
                        "userErrors { message } } }", {"i": fields})
        assert res["segmentCreate"]["userErrors"] == [], res
        segment_id = res["segmentCreate"]["segment"]["id"]
        res = await gql("mutation($i: SegmentAddContactsInput!) { segmentAddContacts(input: $i) { linesAdded "
                        "userErrors { message } } }",
                        {"i": {"segmentId": segment_id, "criteria": {"contact": {"no": {"expr": expr}}}}})
        assert res["segmentAddContacts"]["userErrors"] == [], res
        return segment_id  # type: ignore[no-any-return]

    return create


LogSegment = Callable[..., Awaitable[dict[str, Any]]]


@pytest.fixture
def log_segment(gql: Any) -> LogSegment:
    async def run(segment_id: str, **options: Any) -> dict[str, Any]:
        res = await gql(f"mutation($i: SegmentLogInput!) {{ segmentLog(input: $i) {{ {LOG_FIELDS} }} }}",
                        {"i": {"segmentId": segment_id, **options}})
        return res["segmentLog"]  # type: ignore[no-any-return]

    return run


@pytest.fixture
async def outbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The delivery outbox of this test, retries after a few milliseconds."""
    folder = tmp_path / "outbox"
    monkeypatch.setenv("SEGMENTUM_OUTBOX_DIR", str(folder))
    monkeypatch.delenv("SEGMENTUM_SMTP_HOST", raising=False)
    monkeypatch.setenv("SEGMENTUM_DELIVERY_RETRY_SECONDS", "0.01")
    await use_queue()  # the jobs run with the settings as changed
    return folder


class HeldJobs:
    """Jobs queued meanwhile wait until `release()`: the test changes data between queueing and running."""

    def __init__(self) -> None:
        self.ids: list[int] = []

    async def release(self) -> None:
        for job_id in self.ids:
            _start(job_id)
        self.ids.clear()
        await queue.drain()


_start = queue._start_in_process


@pytest.fixture
def held_jobs(monkeypatch: pytest.MonkeyPatch) -> HeldJobs:
    held = HeldJobs()
    monkeypatch.setattr(queue, "_start_in_process", held.ids.append)
    return held


def gid(obj: Any) -> str:
    return encode_id(type(obj).__name__, obj.id)
