"""Contacts: the contact list (criteria + order, keyset pages) and the mutation glue (IDs to records)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from segmentum.models.contacts import Contact
from segmentum.models.criteria import Criteria
from segmentum.models.enums import ErrorCode, WebhookEventType
from segmentum.models.errors import DomainError
from segmentum.models.line_references import guard_line_references
from segmentum.models.rules import contact_classification, contacts
from segmentum.models.rules.common import path
from segmentum.models.sql import Params
from segmentum.models.webhooks import events
from segmentum.resolvers.commands import ContactFields
from segmentum.resolvers.ids import decode_id, encode_id
from segmentum.resolvers.loaders import Loaders
from segmentum.resolvers.pagination import OrderKey, Page, keyset_page
from segmentum.resolvers.records import by_key

# ContactOrderField -> (SQL over alias t, cursor kind). City is nullable: blank sorts as ''.
ORDER_COLUMNS: dict[str, tuple[str, str]] = {
    "NO": ("t.no", "str"),
    "NAME": ("t.name", "str"),
    "CITY": ("COALESCE(t.city, '')", "str"),
    "CREATED_AT": ("t.created_at", "datetime"),
}


def order_keys(order: list[tuple[str, bool]] | None) -> list[OrderKey]:
    """(field, descending) pairs to ORDER BY terms; the first mention of a field wins; default NO ascending."""
    keys: dict[str, OrderKey] = {}
    for field, desc in order or [("NO", False)]:
        expr, kind = ORDER_COLUMNS[field]
        keys.setdefault(field, OrderKey(expr, desc=desc, kind=kind))
    return list(keys.values())


def contacts_where(data: Mapping[str, Any] | None) -> Callable[[Params], str] | None:
    """The condition over alias `t` of the contacts matching the `filter` argument (a malformed one is a
    DomainError naming it); None for every contact."""
    criteria = Criteria.parse(data, ("filter",))
    if not data:
        return None

    def where(p: Params) -> str:
        return criteria.condition(p, alias="t")

    return where


async def contacts_page(*, first: int | None, after: str | None, last: int | None, before: str | None,
                        criteria: dict[str, Any] | None, order: list[tuple[str, bool]] | None) -> Page[Contact]:
    """A page of the contacts matching `criteria` (a malformed one is a DomainError naming it)."""
    return await keyset_page(Contact, where=contacts_where(criteria), order=order_keys(order), first=first,
                             after=after, last=last, before=before)


def contact_by_no(loaders: Loaders, no: str) -> Awaitable[Contact | None]:
    return by_key(loaders, Contact, no, "no")


async def locked_contact(global_id: str, *field: str) -> Contact:
    pk = decode_id(global_id, "Contact", *(field or ("id",)))
    contact = await Contact.filter(id=pk).select_for_update().first()
    if contact is None:
        raise DomainError(ErrorCode.NOT_FOUND, f"Contact {global_id} does not exist.", path(*(field or ("id",))))
    return contact


async def company_ref(global_id: str | None) -> Contact | None:
    """The contact behind a companyId (None stays None); whether it is a company is a domain rule."""
    if global_id is None:
        return None
    pk = decode_id(global_id, "Contact", "companyId")
    company = await Contact.filter(id=pk).first()
    if company is None:
        raise DomainError(ErrorCode.NOT_FOUND, f"Company contact {global_id} does not exist.", path("companyId"))
    return company


async def create_contact(new: ContactFields) -> Contact:
    data = new.given()
    data["company"] = await company_ref(data.pop("company_id", None))
    contact = await contacts.create_contact(data)
    await events.contact_changed(WebhookEventType.CONTACT_CREATED, contact)
    return contact


async def update_contact(global_id: str, fields: ContactFields) -> Contact:
    contact = await locked_contact(global_id)
    changes = fields.given()
    if "company_id" in changes:
        changes["company"] = await company_ref(changes.pop("company_id"))
    contact = await contacts.update_contact(contact, changes)
    await events.contact_changed(WebhookEventType.CONTACT_UPDATED, contact)
    return contact


async def delete_contact(global_id: str, delete_persons: bool = False) -> list[str]:
    """The global IDs deleted: the contact's, then those of the persons deleted with it."""
    await guard_line_references()  # before the contact's row lock (models.line_references)
    contact = await locked_contact(global_id)
    deleted = await contacts.delete_contact(contact, delete_persons=delete_persons)
    await events.contacts_deleted(contact.no, [int(pk) for pk in deleted])
    return [global_id, *(encode_id("Contact", pk) for pk in deleted[1:])]


async def set_classification(global_id: str, data: dict[str, Any]) -> Contact:
    contact = await contact_classification.set_classification(await locked_contact(global_id), data)
    await events.contact_changed(WebhookEventType.CONTACT_UPDATED, contact)
    return contact
