"""Contact mutations: create, update, delete and set classification; each one transaction via perform()."""

from __future__ import annotations

import strawberry

from resolvers import contacts as resolve
from schema.contacts.inputs import ContactCreateInput, ContactSetClassificationInput, ContactUpdateInput
from schema.contacts.types import Contact
from schema.errors import UserError
from schema.inputs import plain, provided
from schema.mutation import DeleteInput, DeletePayload, perform, perform_delete


@strawberry.type
class ContactPayload:
    contact: Contact | None
    user_errors: list[UserError]


@strawberry.type
class ContactMutations:
    @strawberry.mutation
    async def contact_create(self, input: ContactCreateInput) -> ContactPayload:
        obj, errors = await perform(lambda: resolve.create_contact(plain(input)))
        return ContactPayload(contact=obj, user_errors=errors)

    @strawberry.mutation
    async def contact_update(self, input: ContactUpdateInput) -> ContactPayload:
        obj, errors = await perform(lambda: resolve.update_contact(input.id, provided(input)))
        return ContactPayload(contact=obj, user_errors=errors)

    @strawberry.mutation
    async def contact_delete(self, input: DeleteInput) -> DeletePayload:
        return await perform_delete(lambda: resolve.delete_contact(input.id, input.delete_persons), input,
                                    persons=True)

    @strawberry.mutation
    async def contact_set_classification(self, input: ContactSetClassificationInput) -> ContactPayload:
        obj, errors = await perform(lambda: resolve.set_classification(input.id, plain(input)))
        return ContactPayload(contact=obj, user_errors=errors)
