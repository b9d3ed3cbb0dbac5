"""Contact queries: the keyset contact list with criteria and order, and a contact by number."""

from __future__ import annotations

import strawberry

from resolvers import contacts as resolve
from schema.contacts.inputs import ContactOrder, OrderDirection
from schema.contacts.prefetch import prefetch
from schema.contacts.types import Contact
from schema.criteria.inputs import ContactCriteria
from schema.inputs import plain
from schema.relay import Connection


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
        criteria = plain(filter) if filter is not None else None
        page = await resolve.contacts_page(first=first, after=after, last=last, before=before, criteria=criteria,
                                           order=order or None)
        await prefetch(info, page.items)
        return Connection.from_page(page)

    @strawberry.field
    async def contact(self, info: strawberry.Info, no: str) -> Contact | None:
        return await resolve.contact_by_no(info.context.loaders, no)  # type: ignore[return-value]
