"""Every job kind of workers/ and its function, in one table, as arq's own `functions` list is.

The engine (queue, jobs, events, lease, reconcile, registry, connection) runs what this table names and never
imports it: the composition root (segmentum/jobs.py) hands it over. To add a kind:

1. its name in `models.enums.JobKind`, its description beside the others in `schema/enums.py`, and
   `segmentum export-schema` (the API lists the kinds);
2. one module for it in workers/, beside the others: `KIND = JobKind.X`; the job function
   `async def run(ctx, job, **payload)`, which reads the Settings from `ctx["settings"]`; and the one typed start
   function, `async def start(...) -> Job`, that builds its payload and its key (a key makes a second active job
   of the same thing impossible: the queue answers the active one) and calls `queue.enqueue`. Resolvers and other
   jobs start it only through that function;
3. one line here: `JobKind.X: module.run`.
A kind whose function lives above workers/ (it runs a GraphQL document) is added in segmentum/jobs.py instead.
"""

from __future__ import annotations

from segmentum.models.enums import JobKind
from segmentum.workers.contacts import seed_contacts
from segmentum.workers.delivery import deliver
from segmentum.workers.imports import import_contacts
from segmentum.workers.registry import JobFunction
from segmentum.workers.segment_action import segment_action_job
from segmentum.workers.segment_log import log_segment_job
from segmentum.workers.segments import reevaluate_segment
from segmentum.workers.webhooks.deliver import deliver_webhook

KINDS: dict[str, JobFunction] = {
    JobKind.CONTACTS_SEED: seed_contacts,
    JobKind.SEGMENT_REEVALUATE: reevaluate_segment,
    JobKind.SEGMENT_LOG: log_segment_job,
    JobKind.DELIVERY: deliver,
    JobKind.WEBHOOK_DELIVERY: deliver_webhook,
    JobKind.CONTACT_IMPORT: import_contacts,
    JobKind.SEGMENT_ACTION: segment_action_job,
}

# Kinds whose end records no job.finished event: a webhook delivery's end would start another delivery.
QUIET = frozenset({JobKind.WEBHOOK_DELIVERY})
