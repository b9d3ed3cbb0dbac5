"""Operational records: number series, API keys and background jobs."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from tortoise import fields
from tortoise.models import Model

from segmentum.models.enums import JobStatus, NumberSeriesCode


class NumberSeries(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharEnumField(NumberSeriesCode, max_length=10, unique=True)
    prefix = fields.CharField(max_length=10)
    width = fields.IntField()
    last_no = fields.IntField(default=0)

    class Meta:
        table = "number_series"


class ApiKey(Model):
    # Keys are never deleted, only revoked (revoked_at): the records a key made name it by its id (`created_by_id`
    # of the logged segments, entries, campaign entries, recorded actions, saved criteria, audit events). The hot
    # tables among those hold the id without a foreign key (a per-row check would cost every set-based log), so
    # their `createdBy { name }` stays readable only because the row it names stays. Nothing deletes a key.
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100, unique=True)
    # sha256 of the secret; the secret itself is shown once, at creation.
    key_hash = fields.CharField(max_length=64, unique=True)
    prefix = fields.CharField(max_length=16)
    scopes: list[str] = fields.JSONField(default=list)
    created_at = fields.DatetimeField(auto_now_add=True)
    revoked_at = fields.DatetimeField(null=True)
    last_used_at = fields.DatetimeField(null=True)
    # A partner's key may be restricted to the registered documents (RegisteredDocument): it runs those by
    # their hash and nothing else, so that a leaked key cannot send arbitrary queries.
    registered_documents_only = fields.BooleanField(default=False, db_default=False)

    class Meta:
        table = "api_key"
        ordering = ["name"]


class RegisteredDocument(Model):
    """A GraphQL document registered ahead of time."""

    # Registered with `segmentum document register`: the allowlist of keys that run registered documents
    # only, and persisted queries that are never evicted.

    # Lower-case hex sha256 of the document text, as the persisted query protocol sends it.
    sha256 = fields.CharField(max_length=64, primary_key=True)
    document = fields.TextField()
    name = fields.CharField(max_length=200, default="")
    registered_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "registered_document"
        ordering = ["name", "sha256"]


class Job(Model):
    id = fields.IntField(primary_key=True)
    kind = fields.CharField(max_length=50)
    # Deduplication key (e.g. one re-evaluation per segment); the arq job id is derived from it.
    key = fields.CharField(max_length=100, null=True, db_index=True)
    status = fields.CharEnumField(JobStatus, max_length=10, default=JobStatus.QUEUED)
    progress = fields.FloatField(null=True)
    payload: dict[str, Any] = fields.JSONField(default=dict)
    result: dict[str, Any] | None = fields.JSONField(null=True)
    error = fields.TextField(null=True)
    tries = fields.IntField(default=0)
    # The name of the API key whose request started the job; None for the schedule, the CLI and other jobs.
    started_by = fields.CharField(max_length=100, null=True, db_index=True)
    enqueued_at = fields.DatetimeField(auto_now_add=True)
    started_at = fields.DatetimeField(null=True)
    finished_at = fields.DatetimeField(null=True)
    # While QUEUED or RUNNING: until when the job is known to be queued or worked on (a worker renews it while
    # the job runs). Past it, a job whose queue entry is gone goes back to the queue (workers/reconcile.py).
    lease_expires_at = fields.DatetimeField(null=True, db_index=True)

    class Meta:
        table = "job"
        ordering = ["-id"]


# The API key on whose behalf the current request runs: the jobs it starts record it (Job.started_by).
acting_key: ContextVar[str | None] = ContextVar("segmentum_acting_key", default=None)

# The id of that key (ApiKey.id): what the records the request writes carry as `created_by_id`. A job runs with
# the id of the key that started it (workers/jobs.py), so a large log run by a worker records the same key.
acting_key_id: ContextVar[int | None] = ContextVar("segmentum_acting_key_id", default=None)


def created_by() -> int | None:
    """The API key on whose behalf records are written now (None: the schedule, the command line)."""
    return acting_key_id.get()
