"""Checks before a segment is logged (BC §3.9, SPEC §2.3): the header, then every line in one statement.

All failing lines are reported at once, one LineError each (the first failing field of the line), so that a
marketer fixes the segment in one pass; with any error nothing is written.
"""

from __future__ import annotations

from segmentum.models.enums import CorrespondenceType, ErrorCode
from segmentum.models.errors import DomainError, FieldError
from segmentum.models.interactions import LoggedSegment
from segmentum.models.segments import Segment
from segmentum.models.sql import Params, fetch_all

# At most this many LineErrors are returned (a list argument or answer stays bounded); the message of the last
# one says how many more lines fail.
MAX_LINE_ERRORS = 1000

# (condition over l = the line, c = its contact; code; field; message), in the order BC checks them. A line is
# reported with the first that holds. Salespeople, campaigns and templates cannot be missing: the line's foreign
# keys refuse their deletion. A blocked salesperson is no reason (BC's CheckSalesperson asks only that it be set
# and exist: Blocked limits the look-ups, so a salesperson blocked after the line took it still logs).
Check = tuple[str, ErrorCode, str, str]
_LINE_CHECKS: tuple[Check, ...] = (
    ("c.id IS NULL", ErrorCode.NOT_FOUND, "contactId", "The contact of the line does not exist."),
    ("l.date IS NULL", ErrorCode.REQUIRED, "date", "Date must have a value."),
    ("l.salesperson_id IS NULL", ErrorCode.REQUIRED, "salespersonCode", "Salesperson Code must have a value."),
    ("l.interaction_template_id IS NULL", ErrorCode.REQUIRED, "interactionTemplateCode",
     "Interaction Template Code must have a value."),
    ("c.privacy_blocked", ErrorCode.PRIVACY_BLOCKED, "contactId", "The contact is marked as blocked due to privacy."),
)
_NO_EMAIL: Check = (
    "l.correspondence_type = {email} AND COALESCE(c.email, '') = ''",
    ErrorCode.REQUIRED,
    "correspondenceType",
    "Make sure that the Email field is specified for the contact: the line is delivered by e-mail.",
)


async def check_can_log(segment: Segment, deliver: bool) -> int:
    """Raise a DomainError with every reason the segment cannot be logged; else return its number of lines with a
    contact."""
    if await LoggedSegment.filter(segment_no=segment.no).exists():
        raise DomainError(ErrorCode.ALREADY_EXISTS, f"Logged Segment for Segment No. {segment.no} already exists.",
                          ["input", "segmentId"])
    if not (segment.description or "").strip():
        raise DomainError(ErrorCode.REQUIRED, f"Segment {segment.no} needs a description to be logged.",
                          ["input", "segmentId"])
    # One pass counts the lines and the failing ones; only a segment with failures is read a second time.
    p = Params()
    _, any_failing = _conditions(p, deliver)
    row = (await fetch_all(
        f"SELECT COUNT(*) AS n, SUM(CASE WHEN {any_failing} THEN 1 ELSE 0 END) AS failing FROM {_LINES} "
        f"WHERE l.segment_id = {p.add(segment.id)} AND l.contact_id IS NOT NULL", p
    ))[0]
    count = int(row["n"] or 0)
    if count == 0:
        raise DomainError(ErrorCode.EMPTY_SEGMENT, f"Segment {segment.no} is empty.", ["input", "segmentId"])
    if int(row["failing"] or 0):
        raise DomainError(await line_errors(segment.id, deliver))
    return count


_LINES = "segment_line l LEFT JOIN contact c ON c.id = l.contact_id"


def _conditions(p: Params, deliver: bool) -> tuple[list[Check], str]:
    checks = list(_LINE_CHECKS)
    if deliver:
        cond, code, field, message = _NO_EMAIL
        checks.append((cond.format(email=p.add(CorrespondenceType.EMAIL.value)), code, field, message))
    return checks, " OR ".join(f"COALESCE({check[0]}, FALSE)" for check in checks)


async def line_errors(segment_id: int, deliver: bool) -> list[FieldError]:
    p = Params()
    checks, any_failing = _conditions(p, deliver)
    case = " ".join(f"WHEN {check[0]} THEN {i}" for i, check in enumerate(checks))
    rows = await fetch_all(
        f"SELECT l.line_no, c.no AS contact_no, CASE {case} END AS failed, COUNT(*) OVER () AS total "
        f"FROM {_LINES} WHERE l.segment_id = {p.add(segment_id)} AND l.contact_id IS NOT NULL AND ({any_failing}) "
        f"ORDER BY l.line_no LIMIT {MAX_LINE_ERRORS}",
        p,
    )
    errors = []
    for row in rows:
        _, code, field, message = checks[int(row["failed"])]
        errors.append(FieldError(code, f"Line {row['line_no']}: {message}", ["lines", field], int(row["line_no"]),
                                 row["contact_no"]))
    if rows and int(rows[0]["total"]) > len(rows):
        errors[-1].message += f" ({int(rows[0]['total']) - len(rows)} more lines fail.)"
    return errors
