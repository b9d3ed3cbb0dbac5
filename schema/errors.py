"""Typed user errors in payloads, and the top-level error codes."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError

from segmentum.models.enums import ErrorCode
from segmentum.models.errors import DomainError
from segmentum.schema import terms
from segmentum.schema.enums import WarningCode
from segmentum.schema.scalars import LineNo

UNAUTHENTICATED = "UNAUTHENTICATED"
FORBIDDEN = "FORBIDDEN"
BAD_USER_INPUT = "BAD_USER_INPUT"
INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"


@strawberry.interface(description="A problem with a mutation's input: nothing was changed.")
class UserError:
    field: list[str] | None = strawberry.field(description='Path into the input, e.g. ["input", "email"].')
    message: str = strawberry.field(description="What went wrong, for people.")
    code: ErrorCode = strawberry.field(description="What went wrong (see ErrorCode).")


@strawberry.type(description="A problem with one input field.")
class InputError(UserError):
    pass


@strawberry.type(description="A problem with one segment line (e.g. a contact that may not be contacted).")
class LineError(UserError):
    line_no: LineNo = strawberry.field(description=terms.LINE_NO)
    contact_no: str | None = strawberry.field(default=None, description="Number of the contact concerned.")


def user_errors(exc: DomainError) -> list[UserError]:
    out: list[UserError] = []
    for e in exc.errors:
        if e.line_no is not None:
            out.append(LineError(field=e.field, message=e.message, code=e.code, line_no=LineNo(e.line_no),
                                 contact_no=e.contact_no))
        else:
            out.append(InputError(field=e.field, message=e.message, code=e.code))
    return out


def coded_error(message: str, code: str, **extra: object) -> GraphQLError:
    """A top-level error whose code survives error masking."""
    return GraphQLError(message, extensions={"code": code, **extra})


def bad_user_input(message: str, argument: str | None = None) -> GraphQLError:
    """BAD_USER_INPUT, with the argument's path in `extensions.argumentPath` when it is known."""
    if argument:
        return coded_error(message, BAD_USER_INPUT, argumentPath=[argument])
    return coded_error(message, BAD_USER_INPUT)


def refused_arguments(exc: DomainError) -> tuple[str, dict[str, object]]:
    """Message and extensions of the BAD_USER_INPUT error for a query whose arguments the domain refused: each
    message led by its argument path (criteria.contact.name.expr: ...), the paths also in `extensions.fields`,
    and the first in `extensions.argumentPath` (as a mutation's userError carries `field`), for a form to map."""
    message = "; ".join(f"{'.'.join(e.field)}: {e.message}" if e.field else e.message for e in exc.errors)
    fields = [e.field for e in exc.errors if e.field]
    extensions: dict[str, object] = {"code": BAD_USER_INPUT, "fields": fields}
    if fields:
        extensions["argumentPath"] = fields[0]
    return message, extensions


@strawberry.type(description="A remark on a request that did not stop it (e.g. a criteria code that names no "
                             "record): the action ran, but probably not as meant.")
class Warning:
    code: WarningCode = strawberry.field(description="What the remark is about (see WarningCode).")
    message: str = strawberry.field(description="The remark, for people.")
    field: list[str] = strawberry.field(description="Path of the input value concerned, as userErrors' `field`.")


def warnings_of(items: list[Any]) -> list[Warning]:
    return [Warning(code=w.code, message=w.message, field=list(w.field)) for w in items]
