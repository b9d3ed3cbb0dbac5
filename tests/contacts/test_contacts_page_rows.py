"""Pages build their model instances from the page's own row (one statement): every field must come out as
Tortoise's own queries give it, type included (enums, decimals, dates, datetimes, booleans, nulls)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from tortoise.models import Model

from segmentum.models.contacts import Contact
from segmentum.models.enums import ContactType, CorrespondenceType, SegmentKind
from segmentum.models.masters import Salesperson
from segmentum.models.segments import Segment
from segmentum.resolvers.pagination import OrderKey, keyset_page


def fields_of(obj: Model) -> dict[str, tuple[type, Any]]:
    return {name: (type(getattr(obj, name)), getattr(obj, name)) for name in obj._meta.db_fields
            if name in obj._meta.fields_map}


def same_as_orm(paged: list[Model], loaded: list[Model]) -> None:
    assert [o.pk for o in paged] == [o.pk for o in loaded]
    for got, want in zip(paged, loaded, strict=True):
        assert len(fields_of(want)) == len(want._meta.db_fields)
        assert fields_of(got) == fields_of(want)
        for name in ("company_id", "salesperson_id", "territory_id"):
            if hasattr(want, name):
                assert getattr(got, name) == getattr(want, name)
        assert got._saved_in_db and not got._partial


async def test_contact_page_rows_match_the_orm():
    sp = await Salesperson.create(code="JO", name="Jo")
    company = await Contact.create(no="CT1", type=ContactType.COMPANY, name="Acme", salesperson=sp,
                                   correspondence_type=CorrespondenceType.EMAIL, privacy_blocked=True)
    company.company_id = company.id
    await company.save(update_fields=["company_id"])
    await Contact.create(no="CT2", type=ContactType.PERSON, name="Ann", company=company, city="Oslo",
                         exclude_from_segment=True)
    await Contact.create(no="CT3", type=ContactType.PERSON, name="Bob")

    page = await keyset_page(Contact, order=[OrderKey("t.no")], first=10)
    loaded = await Contact.all().order_by("no")
    same_as_orm(page.items, loaded)
    assert isinstance(page.items[0].type, ContactType) and page.items[0].privacy_blocked is True
    assert page.items[2].company_id is None and page.items[1].city == "Oslo"
    assert len(page.cursors) == 3 and not page.has_next_page

    after = await keyset_page(Contact, order=[OrderKey("t.no")], first=1, after=page.cursors[0])
    assert [c.no for c in after.items] == ["CT2"] and after.has_next_page
    before = await keyset_page(Contact, order=[OrderKey("t.no")], last=2, before=page.cursors[2])
    assert [c.no for c in before.items] == ["CT1", "CT2"]


async def test_segment_page_rows_match_the_orm():
    await Segment.create(no="SG1", date=date(2026, 3, 1), kind=SegmentKind.STATIC, unit_cost_lcy=Decimal("12.50"),
                         next_evaluation_at=datetime(2026, 3, 2, 10, 30, tzinfo=UTC), campaign_target=True)
    await Segment.create(no="SG2", date=date(2026, 3, 4), description="Second")

    page = await keyset_page(Segment, order=[OrderKey("t.date", kind="date", desc=True)], first=10)
    loaded = await Segment.all().order_by("-date")
    same_as_orm(page.items, loaded)
    first = page.items[1]
    assert first.unit_cost_lcy == Decimal("12.50") and isinstance(first.unit_cost_lcy, Decimal)
    assert first.date == date(2026, 3, 1) and first.campaign_target is True
    assert isinstance(first.next_evaluation_at, datetime) and first.kind is SegmentKind.STATIC
