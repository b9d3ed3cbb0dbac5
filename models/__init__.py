"""Tortoise models and the domain rules that work on them (no GraphQL here)."""

from segmentum.models.audit import AuditEvent
from segmentum.models.bulk_files import BulkQueryChunk, BulkQueryFile
from segmentum.models.classifications import MODELS as CLASSIFICATION_MODELS
from segmentum.models.contacts import Contact, ContactProfileAnswer
from segmentum.models.content import Attachment, InteractionLanguage
from segmentum.models.imports.tables import (
    ContactImport,
    ContactImportCode,
    ContactImportError,
    ContactImportPlan,
    ContactImportRow,
)
from segmentum.models.interactions import (
    Campaign,
    CampaignEntry,
    InteractionGroup,
    InteractionLogEntry,
    InteractionTemplate,
    LoggedSegment,
)
from segmentum.models.masters import (
    ProfileQuestionnaire,
    ProfileQuestionnaireLine,
    ProfileRating,
    Salesperson,
    Territory,
)
from segmentum.models.segments import (
    ContactDeletion,
    SavedSegmentCriteria,
    SavedSegmentCriteriaAction,
    Segment,
    SegmentCriteriaAction,
    SegmentEvaluation,
    SegmentHistoryTally,
    SegmentLine,
    SegmentLineArchive,
    SegmentMembershipEvent,
)
from segmentum.models.system import ApiKey, Job, NumberSeries, RegisteredDocument
from segmentum.models.webhooks.tables import WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEvent

# The classifications' models, derived from their declarations, under their own names: the ORM finds the models
# of the app among this package's attributes.
globals().update(CLASSIFICATION_MODELS)

__all__ = [
    *CLASSIFICATION_MODELS,
    "ContactDeletion",
    "ApiKey",
    "AuditEvent",
    "Attachment",
    "BulkQueryChunk",
    "BulkQueryFile",
    "Campaign",
    "CampaignEntry",
    "Contact",
    "ContactImport",
    "ContactImportCode",
    "ContactImportError",
    "ContactImportPlan",
    "ContactImportRow",
    "ContactProfileAnswer",
    "InteractionGroup",
    "InteractionLanguage",
    "InteractionLogEntry",
    "InteractionTemplate",
    "Job",
    "LoggedSegment",
    "NumberSeries",
    "RegisteredDocument",
    "ProfileQuestionnaire",
    "ProfileQuestionnaireLine",
    "ProfileRating",
    "Salesperson",
    "SavedSegmentCriteria",
    "SavedSegmentCriteriaAction",
    "Segment",
    "SegmentCriteriaAction",
    "SegmentEvaluation",
    "SegmentHistoryTally",
    "SegmentLineArchive",
    "SegmentLine",
    "SegmentMembershipEvent",
    "Territory",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WebhookEvent",
]
