"""segment.logged: one event per logged segment with its interaction count, and the line removals of the log
are not reported one by one."""

from __future__ import annotations

import pytest

from segmentum.models.webhooks.tables import WebhookEvent
from tests.log.conftest import log_segment, make_segment, setup  # noqa: F401 - fixtures
from tests.masters.conftest import make_contact, mutate  # noqa: F401 - fixtures
from tests.webhooks.conftest import Receiver, settle


@pytest.fixture(autouse=True)
def _jobs_in_process(in_process: None) -> None:
    return None


async def test_a_logged_segment_is_one_event(gql, receiver: Receiver, endpoint, setup, make_segment,  # noqa: F811
                                             log_segment) -> None:  # noqa: F811
    secret = (await endpoint(receiver.url, "SEGMENT_LOGGED"))["secret"]
    res = await log_segment(await make_segment(expr="C01|C02|C03"))
    assert res["userErrors"] == []
    await settle()
    [payload] = receiver.verified(secret)
    assert payload["type"] == "segment.logged"
    assert payload["data"]["loggedSegmentId"] == res["loggedSegment"]["id"]
    assert payload["data"]["interactionsCreated"] == 3 == res["interactionsCreated"]
    assert await WebhookEvent.all().count() == 1
