"""Domain enums, defined once here and reused by the GraphQL schema."""

from __future__ import annotations

from enum import StrEnum


class ContactType(StrEnum):
    COMPANY = "COMPANY"
    PERSON = "PERSON"


class CorrespondenceType(StrEnum):
    NONE = "NONE"
    HARD_COPY = "HARD_COPY"
    EMAIL = "EMAIL"


class InformationFlow(StrEnum):
    NONE = "NONE"
    OUTBOUND = "OUTBOUND"
    INBOUND = "INBOUND"


class InitiatedBy(StrEnum):
    NONE = "NONE"
    US = "US"
    THEM = "THEM"


class Evaluation(StrEnum):
    NONE = "NONE"
    VERY_POSITIVE = "VERY_POSITIVE"
    POSITIVE = "POSITIVE"
    NEUTRAL = "NEUTRAL"
    NEGATIVE = "NEGATIVE"
    VERY_NEGATIVE = "VERY_NEGATIVE"


class SegmentAction(StrEnum):
    ADD = "ADD"
    REDUCE = "REDUCE"
    REFINE = "REFINE"


class CriteriaSource(StrEnum):
    CONTACT = "CONTACT"
    PROFILE_ANSWER = "PROFILE_ANSWER"
    MAILING_GROUP = "MAILING_GROUP"
    INTERACTION = "INTERACTION"
    JOB_RESPONSIBILITY = "JOB_RESPONSIBILITY"
    INDUSTRY_GROUP = "INDUSTRY_GROUP"
    BUSINESS_RELATION = "BUSINESS_RELATION"
    SEGMENT = "SEGMENT"


class SegmentKind(StrEnum):
    STATIC = "STATIC"
    DYNAMIC = "DYNAMIC"


class JobStatus(StrEnum):
    QUEUED = "QUEUED"
    RUNNING = "RUNNING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"
    CANCELED = "CANCELED"


class ErrorCode(StrEnum):
    NOT_FOUND = "NOT_FOUND"
    REQUIRED = "REQUIRED"
    INVALID = "INVALID"
    ALREADY_EXISTS = "ALREADY_EXISTS"
    BLOCKED = "BLOCKED"
    PRIVACY_BLOCKED = "PRIVACY_BLOCKED"
    EMPTY_SEGMENT = "EMPTY_SEGMENT"
    NO_FILTER = "NO_FILTER"
    CONFLICT = "CONFLICT"
    IN_USE = "IN_USE"
    UNKNOWN_FIELD = "UNKNOWN_FIELD"
    TOO_LARGE = "TOO_LARGE"
    UNSUPPORTED_TYPE = "UNSUPPORTED_TYPE"
    # bulkQueryRun: a mutation or subscription; a query that is not one root connection (with nested ones).
    NOT_A_QUERY = "NOT_A_QUERY"
    UNSUPPORTED_QUERY = "UNSUPPORTED_QUERY"


class WarningCode(StrEnum):
    UNKNOWN_CODE = "UNKNOWN_CODE"


class ContentFormat(StrEnum):
    """How an interaction content's body is written: plain text or HTML (merge fields are escaped in HTML)."""

    TEXT = "TEXT"
    HTML = "HTML"


class ProfileLineType(StrEnum):
    QUESTION = "QUESTION"
    ANSWER = "ANSWER"


class HistoryKind(StrEnum):
    INSERTION = "INSERTION"
    DELETION = "DELETION"


class MembershipEventKind(StrEnum):
    ADDED = "ADDED"
    REMOVED = "REMOVED"


class SegmentEntryKind(StrEnum):
    """What brought a line into a segment (models.worksheet.stints)."""

    ACTION = "ACTION"
    MANUAL = "MANUAL"
    GO_BACK = "GO_BACK"
    REEVALUATION = "REEVALUATION"


class ArchiveKind(StrEnum):
    """What a row of segment_line_archive holds (models.segments.SegmentLineArchive; a check constraint each)."""

    LINE = "LINE"  # a removed line, every field kept: its stint, and what Go Back of undo_action_id restores
    CONTACTS = "CONTACTS"  # the contacts of the lines that entered with one tag and entry (an array, in line order)
    MOVED = "MOVED"  # a contact whose line re-evaluation moved out of the tag action_id since that entry
    EVENT = "EVENT"  # one half of a membership event from before the archive (migration 0004): entered or left


class JobKind(StrEnum):
    """What a background job does; workers/kinds.py maps every kind to its function."""

    CONTACTS_SEED = "contacts.seed"
    SEGMENT_REEVALUATE = "segment.reevaluate"
    SEGMENT_LOG = "segment.log"
    DELIVERY = "delivery"
    WEBHOOK_DELIVERY = "webhook.delivery"
    CONTACT_IMPORT = "contact.import"
    BULK_QUERY = "bulk.query"
    SEGMENT_ACTION = "segment.action"


class DeliveryStatus(StrEnum):
    # NONE: nothing to deliver; PENDING: queued (BC's In Progress); FAILED: BC's Error, with the reason kept.
    NONE = "NONE"
    PENDING = "PENDING"
    SENT = "SENT"
    FAILED = "FAILED"


class NumberSeriesCode(StrEnum):
    CONTACT = "CONTACT"
    SEGMENT = "SEGMENT"
    CAMPAIGN = "CAMPAIGN"


class ApiScope(StrEnum):
    READ = "read"
    WRITE = "write"
    ADMIN = "admin"


class WebhookEventType(StrEnum):
    """What a webhook reports; the value is the event's `type` in the delivered body."""

    SEGMENT_MEMBERSHIP_CHANGED = "segment.membership_changed"
    SEGMENT_LOGGED = "segment.logged"
    JOB_FINISHED = "job.finished"
    CONTACT_CREATED = "contact.created"
    CONTACT_UPDATED = "contact.updated"
    CONTACT_DELETED = "contact.deleted"


class WebhookDeliveryStatus(StrEnum):
    PENDING = "PENDING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"


class ImportFormat(StrEnum):
    """How a contact import file is written: CSV with a header line, or JSON Lines (one object per line)."""

    CSV = "CSV"
    JSONL = "JSONL"


class ImportMode(StrEnum):
    """CREATE: every row is a new contact (an existing number or externalId is a row error); UPSERT: a row that
    names an existing contact (by number, else by externalId) updates it, any other creates one."""

    CREATE = "CREATE"
    UPSERT = "UPSERT"
class AuditOutcome(StrEnum):
    """How a recorded mutation ended (AuditEvent.outcome)."""

    OK = "OK"
    # userErrors: the mutation's work was rolled back.
    USER_ERROR = "USER_ERROR"
    # The key may not run mutations (no write scope).
    FORBIDDEN = "FORBIDDEN"
    # Refused before it ran by a limit: the cost budget, the key's concurrent expensive requests.
    LIMITED = "LIMITED"
    # Failed otherwise (an internal error, a timeout, a service unavailable): nothing of it was kept.
    ERROR = "ERROR"
