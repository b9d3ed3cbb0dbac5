"""The domain enums, exposed to GraphQL under their own names.

`strawberry.enum` registers the class in place, so these are the very classes of `models.enums` (and type
checkers see them as such)."""

from __future__ import annotations

import strawberry

from models.enums import (
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

for _enum in (
    AuditOutcome,
    ContactType,
    ContentFormat,
    CorrespondenceType,
    InformationFlow,
    InitiatedBy,
    Evaluation,
    SegmentAction,
    CriteriaSource,
    SegmentKind,
    JobStatus,
    JobKind,
    MembershipEventKind,
    SegmentEntryKind,
    ErrorCode,
    DeliveryStatus,
    WarningCode,
    ImportFormat,
    ImportMode,
):
    strawberry.enum(_enum)

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
