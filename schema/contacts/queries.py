"""Contact queries: the keyset contact list with criteria and order, and a contact by number."""

from __future__ import annotations

from typing import Any

import strawberry

from models.errors import DomainError
from resolvers import contacts as resolve
from resolvers.pagination import PaginationError
from schema.contacts.inputs import ContactOrder, OrderDirection
from schema.contacts.prefetch import prefetch
from schema.contacts.types import Contact
from schema.criteria.inputs import ContactCriteria, criteria_to_dict
from schema.errors import bad_user_input
from schema.relay import Connection


def criteria_dict(criteria: Any) -> dict[str, Any] | None:
    """The criteria input as the engine's dict, validated: a malformed expression is BAD_USER_INPUT."""
    if criteria is None:
        return None
    try:
        as_dict = criteria_to_dict(criteria)
        resolve.check_criteria(as_dict)
    except DomainError as exc:
        raise bad_user_input(str(exc)) from exc
    return as_dict


@strawberry.type
class ContactQueries:
    @strawberry.field(description="Contacts matching the criteria, by default in number order.")
    async def contacts(
        self,
        info: strawberry.Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: ContactCriteria | None = None,
        order_by: list[ContactOrder] | None = None,
    ) -> Connection[Contact]:
        order = [(o.field.value, o.direction == OrderDirection.DESC) for o in order_by or []]
        try:
            page = await resolve.contacts_page(first=first, after=after, last=last, before=before,
                                               criteria=criteria_dict(filter), order=order or None)
        except PaginationError as exc:
            raise bad_user_input(str(exc)) from exc
        await prefetch(info, page.items)
        return Connection.from_page(page)

    @strawberry.field
    async def contact(self, info: strawberry.Info, no: str) -> Contact | None:
        return await resolve.contact_by_no(info.context.loaders).load(no.strip().upper())  # type: ignore[return-value]
