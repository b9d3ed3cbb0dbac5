"""Contact mutations: create, update, delete and set classification; each one transaction via perform()."""

from __future__ import annotations

import strawberry

from segmentum.resolvers import contacts as resolve
from segmentum.resolvers.commands import ContactFields
from segmentum.schema import terms
from segmentum.schema.contacts.inputs import ContactCreateInput, ContactSetClassificationInput, ContactUpdateInput
from segmentum.schema.contacts.types import Contact
from segmentum.schema.errors import UserError
from segmentum.schema.inputs import command, plain
from segmentum.schema.mutation import DeleteInput, DeletePayload, perform, perform_delete


@strawberry.type(description=terms.payload("contact"))
class ContactPayload:
    contact: Contact | None = strawberry.field(description=terms.payload_record("contact"))
    user_errors: list[UserError] = strawberry.field(description=terms.USER_ERRORS)


@strawberry.type
class ContactMutations:
    @strawberry.mutation(description=terms.create_mutation("contact"))
    async def contact_create(self, input: ContactCreateInput) -> ContactPayload:
        obj, errors = await perform(lambda: resolve.create_contact(command(ContactFields, input, nulls=False)))
        return ContactPayload(contact=obj, user_errors=errors)

    @strawberry.mutation(description=terms.update_mutation("contact"))
    async def contact_update(self, input: ContactUpdateInput) -> ContactPayload:
        changes = command(ContactFields, input, skip=("id",))
        obj, errors = await perform(lambda: resolve.update_contact(input.id, changes))
        return ContactPayload(contact=obj, user_errors=errors)

    @strawberry.mutation(description=terms.delete_mutation("contact"))
    async def contact_delete(self, input: DeleteInput) -> DeletePayload:
        return await perform_delete(lambda: resolve.delete_contact(input.id, input.delete_persons), input,
                                    persons=True)

    @strawberry.mutation(description="Set a contact's classifications: business relations, industry groups, mailing "
                                     "groups, job responsibilities and profile answers (each list given replaces the "
                                     "current one).")
    async def contact_set_classification(self, input: ContactSetClassificationInput) -> ContactPayload:
        obj, errors = await perform(lambda: resolve.set_classification(input.id, plain(input)))
        return ContactPayload(contact=obj, user_errors=errors)
