"""The job table of every process that serves the API or works jobs: the kinds of workers/ (workers/kinds.py), the
kinds whose functions are above workers/, and what runs once a job's end has committed its events."""

from __future__ import annotations

from segmentum.models.enums import JobKind
from segmentum.schema.bulk.job import bulk_query_job
from segmentum.workers.kinds import KINDS, QUIET
from segmentum.workers.registry import JobTable
from segmentum.workers.webhooks.dispatch import dispatch_if_recorded

JOBS = JobTable({**KINDS, JobKind.BULK_QUERY: bulk_query_job}, quiet=QUIET, after_commit=dispatch_if_recorded)
