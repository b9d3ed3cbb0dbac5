"""Factories for the interaction tests: setup records and log entries created straight through the models."""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from segmentum.models.interactions import (
    Campaign,
    InteractionGroup,
    InteractionLogEntry,
    InteractionTemplate,
    LoggedSegment,
)
from segmentum.models.masters import Salesperson
from tests.masters.conftest import make_contact, mutate, sql_count  # noqa: F401 - shared fixtures

_codes = itertools.count(1)


@pytest.fixture
async def setup() -> dict[str, Any]:
    """A salesperson, a group, a campaign and a template using both."""
    salesperson = await Salesperson.create(code="SP1", name="Sue Seller")
    group = await InteractionGroup.create(code="LETTER", description="Letters")
    campaign = await Campaign.create(no="CP9001", description="Spring", salesperson=salesperson)
    template = await InteractionTemplate.create(
        code="ABSTRACT", description="Abstract", group=group, unit_cost_lcy=Decimal("2.50"), unit_duration_min=5,
        campaign=campaign, campaign_target=True,
    )
    return {"salesperson": salesperson, "group": group, "campaign": campaign, "template": template}


@pytest.fixture
def make_entry() -> Callable[..., Awaitable[InteractionLogEntry]]:
    async def create(template: InteractionTemplate | None = None, **fields: Any) -> InteractionLogEntry:
        values: dict[str, Any] = {"date": date(2026, 1, 15), "cost_lcy": Decimal("1.00"), "duration_min": 1}
        if template is not None:
            values.update(template_id=template.id, group_id=template.group_id, campaign_id=template.campaign_id)
        values.update(fields)
        return await InteractionLogEntry.create(**values)

    return create


@pytest.fixture
def make_logged_segment() -> Callable[..., Awaitable[LoggedSegment]]:
    async def create(**fields: Any) -> LoggedSegment:
        no = fields.pop("segment_no", f"SEG9{next(_codes):04d}")
        return await LoggedSegment.create(segment_no=no, description=fields.pop("description", f"Log {no}"),
                                          **fields)

    return create
