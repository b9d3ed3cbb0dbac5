"""A worksheet action as data: what the API asked for, checked before any work, sized, then run.

The mutation and the SEGMENT_ACTION job (workers/segment_action.py) run the same `run()` on a locked segment, so an
action gives the same lines, counts, warnings and webhook event whether it ran in the request or in a worker.
`precheck()` holds every refusal that does not depend on the work itself (bad criteria, no filter, a DYNAMIC
segment reading itself, line numbers past the limit, a missing saved criteria code...), so that an action
refused is refused at once, before any job is queued. `estimate()` is the bounded size that decides where it
runs: counting stops one past the bound, so the decision costs at most that many rows whatever the base.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum
from typing import Any

from segmentum.models.criteria import Criteria
from segmentum.models.criteria.unknown_codes import unknown_codes, unknown_codes_of
from segmentum.models.enums import JobKind, JobStatus, SegmentAction
from segmentum.models.interactions import LoggedSegment
from segmentum.models.rules.common import get_for_update
from segmentum.models.segments import Segment, SegmentCriteriaAction
from segmentum.models.sql import Params, fetch_value
from segmentum.models.system import Job
from segmentum.models.webhooks import events
from segmentum.models.worksheet import actions, saved, undo
from segmentum.models.worksheet.actions import ActionResult, check_criteria, selection_sql
from segmentum.models.worksheet.dependencies import check_no_self_reading
from segmentum.models.worksheet.options import ActionOptions
from segmentum.models.worksheet.recording import check_line_room
from segmentum.models.worksheet.reuse_logged import logged_segment_criteria, reuse_logged

Progress = Callable[[float], Awaitable[None]]


class ActionKind(StrEnum):
    ADD = "ADD"
    REDUCE = "REDUCE"
    REFINE = "REFINE"
    GO_BACK = "GO_BACK"
    REUSE_CRITERIA = "REUSE_CRITERIA"
    REUSE_LOGGED = "REUSE_LOGGED"


@dataclass(frozen=True)
class ActionRequest:
    kind: ActionKind
    segment_id: int
    criteria: dict[str, Any] = field(default_factory=dict)  # the stored form (Criteria.stored_form)
    options: dict[str, bool] = field(default_factory=dict)  # ActionOptions.columns()
    saved_criteria_code: str | None = None
    logged_segment_id: int | None = None
    confirm_existing: bool = False
    # The criteria as read from the input in the request, so that an action run there reads them once; a job
    # reads its payload's stored form again.
    parsed: Criteria | None = field(default=None, compare=False, repr=False)

    def payload(self) -> dict[str, Any]:
        """The request as a job's JSON payload."""
        data = {**asdict(self), "kind": str(self.kind)}
        del data["parsed"]
        return data

    @property
    def criteria_value(self) -> Criteria:
        return self.parsed if self.parsed is not None else Criteria.stored(self.criteria)

    @classmethod
    def of_payload(cls, payload: dict[str, Any]) -> ActionRequest:
        return cls(**{**payload, "kind": ActionKind(payload["kind"])})

    @property
    def action_options(self) -> ActionOptions:
        return ActionOptions.of(self.options)


async def precheck(request: ActionRequest, segment: Segment) -> None:
    """Every refusal the action would make before it writes, made now (cheap: no scan of contacts or lines)."""
    options = request.action_options
    if request.kind in (ActionKind.ADD, ActionKind.REDUCE, ActionKind.REFINE):
        check_criteria(request.criteria_value, options.allow_no_filter)
        await check_no_self_reading(segment, request.criteria_value)
    if request.kind == ActionKind.REUSE_CRITERIA:
        await saved.find_saved(request.saved_criteria_code or "")
        await saved.check_confirmed(segment, request.confirm_existing, "saved criteria")
    if request.kind == ActionKind.REUSE_LOGGED:
        await get_for_update(LoggedSegment, int(request.logged_segment_id or 0), "loggedSegmentId")
        await saved.check_confirmed(segment, request.confirm_existing, "a logged segment")
    if request.kind in (ActionKind.ADD, ActionKind.REUSE_CRITERIA, ActionKind.REUSE_LOGGED):
        await check_line_room(segment.id)


async def _bounded(sql: str, p: Params, bound: int) -> int:
    """COUNT(*) of `sql`'s rows, stopping at bound + 1."""
    return int(await fetch_value(f"SELECT COUNT(*) FROM ({sql} LIMIT {int(bound) + 1}) b", p) or 0)


async def _candidates(criteria: Criteria, options: ActionOptions, bound: int, reuse_logged: bool = False) -> int:
    p = Params()
    return await _bounded(selection_sql(criteria, p, options.expand_companies, options.allow_related_companies,
                                        reuse_logged), p, bound)


async def _lines(segment_id: int, bound: int) -> int:
    p = Params()
    return await _bounded(f"SELECT 1 FROM segment_line WHERE segment_id = {p.add(segment_id)}", p, bound)


async def estimate(request: ActionRequest, segment: Segment, bound: int) -> int:
    """How many rows the action reads or writes at most, counted up to bound + 1: an Add's candidates, the
    segment's lines for a Reduce or Refine (it judges each), the lines the last action changed for Go Back, the
    sum of its steps for a reuse. Above `bound` it runs as a job."""
    kind = request.kind
    if kind == ActionKind.ADD:
        return await _candidates(request.criteria_value, request.action_options, bound)
    if kind in (ActionKind.REDUCE, ActionKind.REFINE):
        return await _lines(segment.id, bound)
    if kind == ActionKind.GO_BACK:
        last = await SegmentCriteriaAction.filter(segment_id=segment.id).order_by("-position").first()
        return (last.lines_added or 0) + (last.lines_removed or 0) if last is not None else 0
    if kind == ActionKind.REUSE_LOGGED:
        criteria = Criteria.stored(logged_segment_criteria(LoggedSegment(id=request.logged_segment_id)))
        return await _candidates(criteria, request.action_options, bound, reuse_logged=True)
    total = await _lines(segment.id, bound)
    for step in await saved.saved_actions(request.saved_criteria_code or ""):
        if total > bound:
            break
        if step.action == SegmentAction.ADD:
            total += await _candidates(Criteria.stored(step.criteria), ActionOptions.of(step), bound, step.reuse_logged)
        else:
            total += await _lines(segment.id, bound)
    return total


async def run(request: ActionRequest, segment: Segment, progress: Progress | None = None) -> ActionResult:
    """The action on the locked segment, with its warnings and its one membership webhook event."""
    kind = request.kind
    options = request.action_options
    if kind == ActionKind.ADD:
        result = await actions.add_contacts(segment, request.criteria_value, options)
    elif kind in (ActionKind.REDUCE, ActionKind.REFINE):
        result = await actions.remove_contacts(segment, request.criteria_value, refine=kind == ActionKind.REFINE,
                                               options=options)
    elif kind == ActionKind.GO_BACK:
        result = await undo.go_back(segment)
        await events.membership_changed(segment, result.lines_added, result.lines_removed, {"kind": "GO_BACK"})
        return result
    elif kind == ActionKind.REUSE_LOGGED:
        logged = await get_for_update(LoggedSegment, int(request.logged_segment_id or 0), "loggedSegmentId")
        result = await reuse_logged(segment, logged, ignore_exclusion=options.ignore_exclusion,
                                    confirm_existing=request.confirm_existing)
    else:
        return await _reuse_criteria(request, segment, progress)
    if kind != ActionKind.REUSE_LOGGED:
        result.warnings = await unknown_codes(request.criteria_value, ["input", "criteria"])
    await events.membership_changed(segment, result.lines_added, result.lines_removed,
                                    events.action_cause(result.action))
    return result


async def _reuse_criteria(request: ActionRequest, segment: Segment, progress: Progress | None) -> ActionResult:
    code = request.saved_criteria_code or ""
    result = await saved.reuse_criteria(segment, code, request.confirm_existing, progress)
    # The saved actions' codes may name records deleted since they were saved.
    steps = await saved.saved_actions(code)
    warnings = await unknown_codes_of([(Criteria.stored(step.criteria), [], f"Saved action {step.position}: ")
                                       for step in steps])
    # The codes are not in the input: the warnings point at the saved criteria it names.
    result.warnings = [replace(w, field=["input", "savedCriteriaCode"]) for w in warnings]
    await events.membership_changed(segment, result.lines_added, result.lines_removed,
                                    {"kind": "REUSE_CRITERIA", "savedCriteriaCode": code})
    return result


def result_json(result: ActionResult | None, errors: list[Any] | None = None) -> dict[str, Any]:
    """What a SEGMENT_ACTION job reports (Job.segmentAction): the payload's counts, warnings and userErrors."""
    r = result
    warnings = r.warnings if r else []
    return {
        "segmentId": r.segment.id if r else None,
        "linesAdded": r.lines_added if r else 0,
        "linesRemoved": r.lines_removed if r else 0,
        "skippedExcluded": r.skipped_excluded if r else 0,
        "skippedExisting": r.skipped_existing if r else 0,
        "skippedPrivacyBlocked": r.skipped_privacy_blocked if r else 0,
        "warnings": [{"code": str(w.code), "message": w.message, "field": list(w.field)} for w in warnings],
        "userErrors": [{"code": str(e.code), "message": e.message, "field": e.field} for e in errors or []],
    }


def job_key(segment_id: int, token: str) -> str:
    """A SEGMENT_ACTION job's key: its segment, then a token of the request (one job per request, never two)."""
    return f"segment:{segment_id}:{token}"


def active_action_jobs(segment_id: int, client: Any = None) -> Any:
    """The segment's QUEUED or RUNNING SEGMENT_ACTION jobs (a query; `client`: the connection to read through)."""
    query = Job.filter(kind=JobKind.SEGMENT_ACTION, key__startswith=f"segment:{segment_id}:",
                       status__in=(JobStatus.QUEUED, JobStatus.RUNNING))
    return query.using_db(client) if client is not None else query
