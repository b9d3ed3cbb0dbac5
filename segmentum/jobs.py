"""The job kinds whose functions are above workers/ (workers/kinds.py), attached in every process that serves
the API or works jobs."""

from __future__ import annotations

from models.enums import JobKind
from schema.bulk.job import bulk_query_job
from workers.kinds import attach


def attach_kinds() -> None:
    attach(JobKind.BULK_QUERY, bulk_query_job)
