"""Contacts: create, update and delete companies and persons (BC table 5050 rules)."""

from __future__ import annotations

import re
from typing import Any

from segmentum.models.contacts import Contact
from segmentum.models.enums import ContactType, CorrespondenceType, ErrorCode, NumberSeriesCode
from segmentum.models.errors import DomainError, shown
from segmentum.models.interactions import InteractionLogEntry
from segmentum.models.line_references import guard_line_references
from segmentum.models.masters import Territory
from segmentum.models.numbering import assign_number
from segmentum.models.rules.common import by_code, email_value, optional_text, path
from segmentum.models.rules.masters import active_salesperson
from segmentum.models.segments import SegmentLine
from segmentum.models.sql import Params, execute
from segmentum.models.worksheet.history_count import record_deletions

# Free-text fields and their lengths (as the model columns).
TEXT_FIELDS: dict[str, tuple[int, str]] = {
    "first_name": (30, "First name"),
    "middle_name": (30, "Middle name"),
    "surname": (30, "Surname"),
    "job_title": (30, "Job title"),
    "phone_no": (30, "Phone no."),
    "mobile_phone_no": (30, "Mobile phone no."),
    "address": (100, "Address"),
    "address2": (50, "Address 2"),
    "city": (30, "City"),
    "county": (30, "County"),
}
# Code fields are upper-cased as BC does.
CODE_FIELDS: dict[str, tuple[int, str]] = {
    "post_code": (20, "Post code"),
    "country_code": (10, "Country code"),
    "language_code": (10, "Language code"),
}
NAME_PARTS = ("first_name", "middle_name", "surname")
PHONE_FIELDS = ("phone_no", "mobile_phone_no")
# BC refuses letters in phone numbers.
LETTERS = re.compile(r"[A-Za-z]")


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p.capitalize() for p in rest)


def _text(name: str, value: Any) -> str | None:
    if name in TEXT_FIELDS:
        max_length, label = TEXT_FIELDS[name]
        value = optional_text(value, _camel(name), max_length, label)
        if value is not None and name in PHONE_FIELDS and LETTERS.search(value):
            raise DomainError(ErrorCode.INVALID, f"{label} {shown(value)} must not contain letters.",
                              path(_camel(name)))
        return value
    max_length, label = CODE_FIELDS[name]
    value = optional_text(value, _camel(name), max_length, label)
    return value.upper() if value is not None else None


def person_name(first: str | None, middle: str | None, surname: str | None) -> str:
    """Name built from its parts, as BC's Contact.CalculatedName."""
    return " ".join(p for p in (first, middle, surname) if p)


def _name(value: Any) -> str | None:
    return optional_text(value, "name", 100, "Name")


async def external_id(value: Any, contact_id: int | None = None) -> str | None:
    """A partner's key: at most 100 characters, held by no other contact (blank: none)."""
    key = optional_text(value, "externalId", 100, "External ID")
    if key is not None:
        holder = await Contact.filter(external_id=key).exclude(id=contact_id or 0).first()
        if holder is not None:
            raise DomainError(ErrorCode.ALREADY_EXISTS, f"External ID {shown(key)} belongs to contact {holder.no}.",
                              path("externalId"))
    return key


def check_company(company: Contact) -> Contact:
    if company.type != ContactType.COMPANY:
        raise DomainError(ErrorCode.INVALID, f"Contact {company.no} is a person, not a company.", path("companyId"))
    return company


async def on_open_segment(contact: Contact) -> bool:
    # Segment lines exist only on open segments: logging turns a segment into history and deletes it.
    return await SegmentLine.filter(contact_id=contact.id).exists()


async def create_contact(data: dict[str, Any]) -> Contact:
    """`data` holds snake_case input values; `company` is the already looked-up company contact."""
    kind = ContactType(data["type"])
    values: dict[str, Any] = {name: _text(name, data.get(name)) for name in (*TEXT_FIELDS, *CODE_FIELDS)}
    values["email"] = email_value(data.get("email"))
    values["external_id"] = await external_id(data.get("external_id"))
    name = _name(data.get("name"))
    company: Contact | None = data.get("company")
    if kind == ContactType.COMPANY:
        if company is not None:
            raise DomainError(
                ErrorCode.INVALID,
                "A company cannot belong to another company; companyId is for persons only.",
                path("companyId"),
            )
        if name is None:
            raise DomainError(ErrorCode.REQUIRED, "Name must have a value.", path("name"))
    else:
        name = name or person_name(*(values[p] for p in NAME_PARTS)) or None
        if name is None:
            raise DomainError(
                ErrorCode.REQUIRED, "Name must have a value: give a name or a first name or surname.", path("name")
            )
        if company is not None:
            check_company(company)
            values["company_id"] = company.id
            values["company_name"] = company.name
    values["salesperson"] = await active_salesperson(data.get("salesperson_code"))
    values["territory"] = await by_code(Territory, data.get("territory_code"), "territoryCode")
    values["no"] = await assign_number(NumberSeriesCode.CONTACT, Contact, data.get("no"))
    contact = await Contact.create(
        type=kind,
        name=name,
        correspondence_type=CorrespondenceType(data.get("correspondence_type") or CorrespondenceType.NONE),
        exclude_from_segment=bool(data.get("exclude_from_segment")),
        privacy_blocked=bool(data.get("privacy_blocked")),
        **values,
    )
    if kind == ContactType.COMPANY:
        # A company's company is itself; the id exists only after the insert.
        contact.company_id = contact.id
        contact.company_name = contact.name
        await contact.save(update_fields=["company_id", "company_name"])
    return contact


async def _change_company(contact: Contact, company: Contact | None) -> None:
    if contact.type == ContactType.COMPANY:
        raise DomainError(
            ErrorCode.INVALID,
            f"Contact {contact.no} is a company; its company is itself and cannot be changed.",
            path("companyId"),
        )
    new_id = check_company(company).id if company is not None else None
    if new_id == contact.company_id:
        return
    if await on_open_segment(contact):
        raise DomainError(
            ErrorCode.IN_USE,
            f"You cannot change the company of contact {contact.no} because it is on one or more open segments.",
            path("companyId"),
        )
    contact.company_id = new_id
    contact.company_name = company.name if company is not None else None


async def update_contact(contact: Contact, changes: dict[str, Any]) -> Contact:
    """Omitted fields are absent from `changes`; an explicit None clears (booleans: false, enums: NONE)."""
    for name in (*TEXT_FIELDS, *CODE_FIELDS):
        if name in changes:
            setattr(contact, name, _text(name, changes[name]))
    if "email" in changes:
        contact.email = email_value(changes["email"])
    if "external_id" in changes:
        contact.external_id = await external_id(changes["external_id"], contact.id)
    if "company" in changes:
        await _change_company(contact, changes["company"])
    renamed = "name" in changes or any(p in changes for p in NAME_PARTS)
    if renamed:
        new_name = _name(changes["name"]) if "name" in changes else None
        if new_name is None and contact.type == ContactType.PERSON:
            # Changing a name part re-derives the name unless a name is given, as BC does.
            new_name = person_name(*(getattr(contact, p) for p in NAME_PARTS)) or (
                contact.name if "name" not in changes else None
            )
        if not new_name:
            raise DomainError(ErrorCode.REQUIRED, "Name must have a value.", path("name"))
        contact.name = new_name
    if "salesperson_code" in changes:
        salesperson = await active_salesperson(changes["salesperson_code"])
        contact.salesperson_id = salesperson.id if salesperson else None
    if "territory_code" in changes:
        territory = await by_code(Territory, changes["territory_code"], "territoryCode")
        contact.territory_id = territory.id if territory else None
    if "correspondence_type" in changes:
        contact.correspondence_type = CorrespondenceType(changes["correspondence_type"] or CorrespondenceType.NONE)
    for flag in ("exclude_from_segment", "privacy_blocked"):
        if flag in changes:
            setattr(contact, flag, bool(changes[flag]))
    if contact.type == ContactType.COMPANY:
        contact.company_name = contact.name
    await contact.save()
    if contact.type == ContactType.COMPANY and renamed:
        # Persons carry a copy of their company's name; one UPDATE for all of them.
        await Contact.filter(company_id=contact.id).exclude(id=contact.id).update(company_name=contact.name)
    return contact


async def delete_contact(contact: Contact, *, delete_persons: bool = False) -> list[int]:
    """Delete a contact and return the ids deleted (the contact, then the persons deleted with it). Refused while
    the contact (or a person deleted with it) is on an open segment.

    As BC: deleting a person keeps its interactions, moved to the company they were logged with (Contact No. :=
    Company No.), so they still count for it and match its interaction criteria; an entry logged while the person
    was independent loses its contact. A company with persons is IN_USE unless `delete_persons`; then its persons
    go with it, and every entry logged with the company (its persons' too) is detached: contact and company
    cleared, the entry kept.
    """
    # No foreign key backs the segment checks on PostgreSQL: they run under the exclusive line references lock, so
    # no line writer is running and none starts before this delete commits (models.line_references). The keys'
    # ON DELETE SET NULL had nothing left to do but in that race, where the line now makes the delete refused.
    await guard_line_references()
    # Entries have no foreign keys on PostgreSQL either: the contact is locked (FOR UPDATE) and a segment being
    # logged holds FOR KEY SHARE on every contact its entries name (models/log/references.py), so the entries read
    # below include a running log's.
    await _not_on_open_segment(contact)
    if contact.type == ContactType.PERSON:
        await _move_entries_to_their_company("SELECT {id}", contact.id)
        await _clear_entries([contact.id])
        await Contact.filter(id=contact.id).delete()
        await record_deletions([contact.id])
        return [contact.id]
    # The persons go with it: locked first, for the same reason.
    persons = [int(p.id) for p in await Contact.filter(company_id=contact.id).exclude(id=contact.id).order_by(
        "id").only("id").select_for_update()]
    if persons and not delete_persons:
        raise DomainError(
            ErrorCode.IN_USE,
            f"You cannot delete company {contact.no} because {len(persons)} person contact(s) belong to it; pass "
            "deletePersons: true to delete them with it.",
            path("id"),
        )
    on_segment = await SegmentLine.filter(contact__company_id=contact.id).exclude(contact_id=contact.id).first()
    if on_segment is not None:
        person = await Contact.get(id=on_segment.contact_id)
        raise DomainError(
            ErrorCode.IN_USE,
            f"You cannot delete company {contact.no} with its persons because person {person.no} is on one or more "
            "open segments.",
            path("id"),
        )
    await InteractionLogEntry.filter(contact_company_id=contact.id).update(contact_id=None, contact_company_id=None)
    await _move_entries_to_their_company("SELECT p.id FROM contact p WHERE p.company_id = {id} AND p.id <> {id}",
                                         contact.id)
    await _clear_entries([contact.id, *persons])
    await Contact.filter(company_id=contact.id).exclude(id=contact.id).delete()
    # The self-reference would make the restricting foreign key refuse the delete.
    await Contact.filter(id=contact.id).update(company_id=None)
    await Contact.filter(id=contact.id).delete()
    await record_deletions([contact.id, *persons])
    return [contact.id, *persons]


async def _not_on_open_segment(contact: Contact) -> None:
    if await on_open_segment(contact):
        raise DomainError(
            ErrorCode.IN_USE,
            f"You cannot delete contact {contact.no} because it is on one or more open segments.",
            path("id"),
        )


async def _clear_entries(contact_ids: list[int]) -> None:
    """What ON DELETE SET NULL did (the entries have no foreign keys on PostgreSQL): entries still naming a
    deleted contact, as contact or as company, lose it."""
    await InteractionLogEntry.filter(contact_id__in=contact_ids).update(contact_id=None)
    await InteractionLogEntry.filter(contact_company_id__in=contact_ids).update(contact_company_id=None)


async def _move_entries_to_their_company(persons: str, contact_id: int) -> None:
    """The entries of the deleted persons (`persons`, a SELECT of their ids with {id} for `contact_id`) belong to
    the company they were logged with from now on."""
    p = Params()
    which = persons.format(id=p.typed(contact_id, "INTEGER"))
    await execute(
        "UPDATE interaction_log_entry SET contact_id = contact_company_id "
        f"WHERE contact_id IN ({which}) AND contact_company_id IS NOT NULL",
        p,
    )
