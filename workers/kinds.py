"""Every job kind and its function, in one table: a worker and the in-process queue run exactly these."""

from __future__ import annotations

from models.enums import JobKind
from workers.contacts import seed_contacts
from workers.delivery import deliver
from workers.imports import import_contacts
from workers.registry import JobFunction, UnknownJobKind
from workers.segment_action import segment_action_job
from workers.segment_log import log_segment_job
from workers.segments import reevaluate_segment
from workers.webhooks.deliver import deliver_webhook

KINDS: dict[str, JobFunction] = {
    JobKind.CONTACTS_SEED: seed_contacts,
    JobKind.SEGMENT_REEVALUATE: reevaluate_segment,
    JobKind.SEGMENT_LOG: log_segment_job,
    JobKind.DELIVERY: deliver,
    JobKind.WEBHOOK_DELIVERY: deliver_webhook,
    JobKind.CONTACT_IMPORT: import_contacts,
    JobKind.SEGMENT_ACTION: segment_action_job,
}

# Kinds whose function lives above workers/ (a bulk query runs a GraphQL document: schema/bulk/job.py): the
# composition root attaches them (segmentum/jobs.py) in every process that serves or works.
_attached: dict[str, JobFunction] = {}

# Kinds added for one test (register / unregister); never used by the application.
_extra: dict[str, JobFunction] = {}


def get_kind(kind: str) -> JobFunction:
    fn = KINDS.get(kind) or _attached.get(kind) or _extra.get(kind)
    if fn is None:
        raise UnknownJobKind(f"No job kind {kind!r} is registered.")
    return fn


def registered_kinds() -> list[str]:
    return sorted([*KINDS, *_attached, *_extra])


def attach(kind: str, fn: JobFunction) -> None:
    """The function of a kind that the table cannot import (see _attached); attaching it again is harmless."""
    _attached[kind] = fn


def register(kind: str, fn: JobFunction) -> JobFunction:
    """Tests only: run `fn` for `kind` besides the table's kinds."""
    if kind in KINDS:
        raise ValueError(f"Job kind {kind!r} is in the table already.")
    _extra[kind] = fn
    return fn


def unregister(kind: str) -> None:
    _extra.pop(kind, None)
