"""The domain enums, exposed to GraphQL under their own names, each value described.

`strawberry.enum` registers the class in place, so these are the very classes of `models.enums` (and type
checkers see them as such). models/ knows nothing of GraphQL, so the descriptions of the enums and their values
are written here, where each enum becomes a GraphQL type."""

from __future__ import annotations

from enum import Enum

import strawberry

from segmentum.models.classifications import CLASSIFICATIONS
from segmentum.models.enums import (
    AuditOutcome,
    ContactType,
    ContentFormat,
    CorrespondenceType,
    CriteriaSource,
    DeliveryStatus,
    ErrorCode,
    Evaluation,
    ImportFormat,
    ImportMode,
    InformationFlow,
    InitiatedBy,
    JobKind,
    JobStatus,
    MembershipEventKind,
    SegmentAction,
    SegmentEntryKind,
    SegmentKind,
    WarningCode,
)


def expose(enum: type[Enum], description: str, **values: str) -> None:
    """Registers `enum` with Strawberry, described, with a description for each of its values: every value, and
    only its values (a value left out or misspelt fails at import)."""
    strawberry.enum(enum, description=description)
    definitions = enum.__strawberry_definition__.values  # type: ignore[attr-defined]
    named = {d.name for d in definitions}
    if named != set(values):
        raise ValueError(f"{enum.__name__}: describe {sorted(named - set(values))}, "
                         f"no such value as {sorted(set(values) - named)}")
    for d in definitions:
        d.description = values[d.name]


expose(AuditOutcome, "How a recorded mutation ended (AuditEvent.outcome).",
       OK="It ran and its work was kept.",
       USER_ERROR="It answered userErrors (their codes in `codes`): nothing of its work was kept.",
       FORBIDDEN="Refused before it ran: the API key may not run it (no write or admin scope).",
       LIMITED="Refused before it ran by a limit: the cost budget (QUERY_TOO_COMPLEX) or the key's concurrent "
               "expensive requests (RATE_LIMITED).",
       ERROR="It failed otherwise (an internal error, a timeout, a service unavailable): nothing of its work was kept.")
expose(ContactType, "Whether a contact is a company or a person.",
       COMPANY="A company: persons may work for it.",
       PERSON="A person, working for a company or independent.")
expose(ContentFormat, "How an interaction content's body is written.",
       TEXT="Plain text.",
       HTML="HTML; merged values are escaped.")
expose(CorrespondenceType, "How a contact prefers to receive correspondence: BC's Correspondence Type.",
       NONE="No preference: the template's (or segment's) default applies.",
       HARD_COPY="On paper, by post.",
       EMAIL="By email.")
expose(InformationFlow, "Whether an interaction went out to the contact or came in from it.",
       NONE="Not stated.",
       OUTBOUND="From us to the contact.",
       INBOUND="From the contact to us.")
expose(InitiatedBy, "Who started an interaction.",
       NONE="Not stated.",
       US="We started it.",
       THEM="The contact started it.")
expose(Evaluation, "How an interaction went, as the user judged it.",
       NONE="Not evaluated.",
       VERY_POSITIVE="Very positive.",
       POSITIVE="Positive.",
       NEUTRAL="Neutral.",
       NEGATIVE="Negative.",
       VERY_NEGATIVE="Very negative.")
expose(SegmentAction, "The three criteria actions of BC's segment worksheet.",
       ADD="Add Contacts: contacts matching the criteria join the segment.",
       REDUCE="Reduce Contacts: lines whose contacts match leave the segment.",
       REFINE="Refine Contacts: only lines whose contacts match stay.")
expose(CriteriaSource, "Where a criteria filter looks: the contact's fields or one of its related records.",
       CONTACT="The contact's own fields.",
       PROFILE_ANSWER="The contact's profile answers.",
       INTERACTION="The contact's interaction log entries.",
       SEGMENT="The segments the contact is on.",
       **{c.criteria.name: c.criteria_description for c in CLASSIFICATIONS})  # models/classifications.py
expose(SegmentKind, "Whether a segment is kept as built or re-evaluated.",
       STATIC="Kept as built: only actions change it.",
       DYNAMIC="Re-evaluated by workers every refreshIntervalMinutes.")
expose(JobStatus, "Where a background job is in its life.",
       QUEUED="Waiting for a worker.",
       RUNNING="Running.",
       SUCCEEDED="Finished successfully.",
       FAILED="Finished with an error (see `error`).",
       CANCELED="Canceled before it finished.")
expose(JobKind, "What a background job does.",
       CONTACTS_SEED="Loading the demo contacts.",
       SEGMENT_REEVALUATE="Re-evaluating a dynamic segment.",
       SEGMENT_LOG="Logging a large segment as interactions.",
       DELIVERY="Delivering logged interactions (email, print).",
       WEBHOOK_DELIVERY="Delivering one webhook event to one endpoint.",
       CONTACT_IMPORT="Importing a file of contacts (contactImport).",
       BULK_QUERY="A bulk query: every page of a read query written to a JSONL file.",
       SEGMENT_ACTION="A worksheet action (Add, Reduce, Refine, Go Back, a reuse) too large to run in the request "
                      "(SEGMENTUM_ACTION_JOB_THRESHOLD); `Job.segmentAction` has its outcome.")
expose(MembershipEventKind, "Whether a contact entered or left a segment.",
       ADDED="The contact entered the segment.",
       REMOVED="The contact left the segment.")
expose(SegmentEntryKind, "What brought a line into a segment.",
       ACTION="A criteria action (Add, or a replayed one).",
       MANUAL="A line added or changed by hand (recorded as a manual action).",
       GO_BACK="Go Back restored it (the action undone is gone).",
       REEVALUATION="A re-evaluation brought it in.")
expose(ErrorCode, "What went wrong, for a program to act on (the message is for people).",
       NOT_FOUND="An ID, code or number names no record.",
       REQUIRED="A value is missing.",
       INVALID="A value is malformed or out of range.",
       ALREADY_EXISTS="A record with this code or number exists already.",
       BLOCKED="The record is blocked and may not be used.",
       PRIVACY_BLOCKED="The contact is privacy blocked.",
       EMPTY_SEGMENT="The segment has no lines (to log).",
       NO_FILTER="A criteria action without any filter, and allowNoFilter not set.",
       CONFLICT="A concurrent change got in the way: try again.",
       IN_USE="Other records use it, so it may not be deleted.",
       UNKNOWN_FIELD="A merge field (or question) that is not documented or does not exist.",
       TOO_LARGE="A body or uploaded file is over its size limit.",
       UNSUPPORTED_TYPE="An uploaded file's content type is not accepted, or its content is not of it.",
       NOT_A_QUERY="A bulk query is a mutation or a subscription; it must read.",
       UNSUPPORTED_QUERY="A bulk query is not one root connection (with connections one level below its nodes), or "
                         "gives paging arguments or variables.")
expose(DeliveryStatus, "Where the delivery of an interaction (an e-mail or a hard copy) stands: BC's Delivery Status.",
       NONE="Nothing to deliver (or canceled before delivery).",
       PENDING="Queued for delivery (BC's In Progress).",
       SENT="Delivered.",
       FAILED="Delivery failed after its retries (BC's Error); see deliveryError.")
expose(WarningCode, "What a warning is about.",
       UNKNOWN_CODE="A code or number in the criteria names no record: that value matches nothing.")
expose(ImportFormat, "How a contact import file is written.",
       CSV="CSV (RFC 4180, UTF-8) with a header line naming the columns.",
       JSONL="JSON Lines: one JSON object per line, its keys the columns.")
expose(ImportMode, "Whether a contact import only creates contacts or also updates those it names.",
       CREATE="Every row creates a contact; a taken number or externalId is a row error.",
       UPSERT="A row naming a contact by number (else externalId) updates it; any other creates one.")

__all__ = [
    "AuditOutcome",
    "ContactType",
    "ContentFormat",
    "CorrespondenceType",
    "CriteriaSource",
    "DeliveryStatus",
    "ErrorCode",
    "Evaluation",
    "ImportFormat",
    "ImportMode",
    "InformationFlow",
    "InitiatedBy",
    "JobKind",
    "JobStatus",
    "MembershipEventKind",
    "SegmentEntryKind",
    "SegmentAction",
    "SegmentKind",
    "WarningCode",
]
