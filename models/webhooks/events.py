"""The events the application records, with their data (IDs as the API shows them)."""

from __future__ import annotations

from typing import Any

from segmentum.models.contacts import Contact
from segmentum.models.enums import WebhookEventType
from segmentum.models.segments import Segment
from segmentum.models.webhooks.outbox import global_id, record_event


async def membership_changed(segment: Segment, added: int, removed: int, cause: dict[str, Any]) -> None:
    """One event per action or job that changed the segment's lines, with counts (never one per line)."""
    if not added and not removed:
        return
    await record_event(WebhookEventType.SEGMENT_MEMBERSHIP_CHANGED, {
        "segmentId": global_id("Segment", segment.id), "segmentNo": segment.no,
        "linesAdded": added, "linesRemoved": removed, "cause": cause,
    })


def action_cause(action: Any) -> dict[str, Any]:
    """The cause of a change by a recorded action (None: an action that left no row, e.g. Go Back)."""
    if action is None:
        return {"kind": "ACTION"}
    return {"kind": "ACTION", "action": str(action.action), "actionPosition": action.position,
            "manual": bool(action.manual)}


def job_cause(job_id: int, kind: str) -> dict[str, Any]:
    return {"kind": "JOB", "jobId": global_id("Job", job_id), "jobKind": kind}


async def contact_changed(kind: WebhookEventType, contact: Contact | int, no: str | None = None) -> None:
    pk = contact if isinstance(contact, int) else contact.id
    number = no if isinstance(contact, int) else contact.no
    await record_event(kind, {"contactId": global_id("Contact", pk), "no": number})


async def contacts_deleted(no: str, ids: list[int]) -> None:
    """One event for a delete: the contact, then the persons deleted with it."""
    await record_event(WebhookEventType.CONTACT_DELETED, {
        "contactId": global_id("Contact", ids[0]), "no": no,
        "deletedIds": [global_id("Contact", pk) for pk in ids],
    })


async def contacts_imported(kind: WebhookEventType, count: int, cause: dict[str, Any]) -> None:
    """One event per chunk of an import and kind of change, with its count (never one per contact)."""
    if count:
        await record_event(kind, {"count": count, "cause": {"kind": "IMPORT", **cause}})


async def segment_logged(logged_segment_id: int, segment_no: str, interactions: int) -> None:
    await record_event(WebhookEventType.SEGMENT_LOGGED, {
        "loggedSegmentId": global_id("LoggedSegment", logged_segment_id), "segmentNo": segment_no,
        "interactionsCreated": interactions,
    })
