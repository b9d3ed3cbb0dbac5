"""Contact queries: the keyset contact list with criteria and order, and a contact by number."""

from __future__ import annotations

from typing import Annotated

import strawberry

from segmentum.resolvers import contacts as resolve
from segmentum.schema.contacts.inputs import ContactOrder, OrderDirection
from segmentum.schema.contacts.prefetch import prefetch
from segmentum.schema.contacts.types import Contact
from segmentum.schema.criteria.inputs import ContactCriteria
from segmentum.schema.inputs import plain
from segmentum.schema.relay import After, Before, Connection, First, Last


@strawberry.type
class ContactQueries:
    @strawberry.field(description="Contacts matching the criteria, by default in number order.")
    async def contacts(
        self,
        info: strawberry.Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        filter: Annotated[
            ContactCriteria | None,
            strawberry.argument(description="Criteria the contacts must match (the same as a segment's criteria); "
                                            "omitted: all."),
        ] = None,
        order_by: Annotated[
            list[ContactOrder] | None,
            strawberry.argument(description="Sort keys, the first first; omitted: by number. Ties are broken by ID."),
        ] = None,
    ) -> Connection[Contact]:
        order = [(o.field.value, o.direction == OrderDirection.DESC) for o in order_by or []]
        criteria = plain(filter) if filter is not None else None
        page = await resolve.contacts_page(first=first, after=after, last=last, before=before, criteria=criteria,
                                           order=order or None)
        await prefetch(info, page.items)
        return Connection.from_page(page)

    @strawberry.field(description="The contact with this number, or null.")
    async def contact(
        self, info: strawberry.Info, no: Annotated[str, strawberry.argument(description="The contact's number.")]
    ) -> Contact | None:
        return await resolve.contact_by_no(info.context.loaders, no)  # type: ignore[return-value]
