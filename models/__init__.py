"""Tortoise models and the domain rules that work on them (no GraphQL here)."""

from models.audit import AuditEvent
from models.bulk_files import BulkQueryChunk, BulkQueryFile
from models.contacts import (
    Contact,
    ContactBusinessRelation,
    ContactIndustryGroup,
    ContactJobResponsibility,
    ContactMailingGroup,
    ContactProfileAnswer,
)
from models.content import Attachment, InteractionLanguage
from models.imports.tables import ContactImport, ContactImportCode, ContactImportError, ContactImportRow
from models.interactions import (
    Campaign,
    CampaignEntry,
    InteractionGroup,
    InteractionLogEntry,
    InteractionTemplate,
    LoggedSegment,
)
from models.masters import (
    BusinessRelation,
    IndustryGroup,
    JobResponsibility,
    MailingGroup,
    ProfileQuestionnaire,
    ProfileQuestionnaireLine,
    ProfileRating,
    Salesperson,
    Territory,
)
from models.segments import (
    SavedSegmentCriteria,
    SavedSegmentCriteriaAction,
    Segment,
    SegmentCriteriaAction,
    SegmentEvaluation,
    SegmentLine,
    SegmentLineArchive,
    SegmentMembershipEvent,
)
from models.system import ApiKey, Job, NumberSeries, RegisteredDocument
from models.webhooks.tables import WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEvent

__all__ = [
    "ApiKey",
    "AuditEvent",
    "Attachment",
    "BulkQueryChunk",
    "BulkQueryFile",
    "BusinessRelation",
    "Campaign",
    "CampaignEntry",
    "Contact",
    "ContactBusinessRelation",
    "ContactImport",
    "ContactImportCode",
    "ContactImportError",
    "ContactImportRow",
    "ContactIndustryGroup",
    "ContactJobResponsibility",
    "ContactMailingGroup",
    "ContactProfileAnswer",
    "IndustryGroup",
    "InteractionGroup",
    "InteractionLanguage",
    "InteractionLogEntry",
    "InteractionTemplate",
    "Job",
    "JobResponsibility",
    "LoggedSegment",
    "MailingGroup",
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
    "SegmentLineArchive",
    "SegmentLine",
    "SegmentMembershipEvent",
    "Territory",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WebhookEvent",
]
