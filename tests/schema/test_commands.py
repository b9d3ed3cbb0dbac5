"""The typed commands the schema hands the resolvers (resolvers/commands.py), built by schema/inputs.command: a
field not sent stays OMITTED, an update's explicit null is kept (it clears), a create's null is as if not sent, and
an input field the command lacks is refused rather than dropped. No database: the commands are plain values."""

from __future__ import annotations

import dataclasses

import pytest

from segmentum.models.enums import CorrespondenceType, SegmentKind
from segmentum.resolvers import commands as c
from segmentum.schema.contacts.inputs import ContactCreateInput, ContactUpdateInput
from segmentum.schema.inputs import CodeDescriptionInput, CodeDescriptionUpdateInput, command
from segmentum.schema.interactions.log import InteractionCreateInput
from segmentum.schema.interactions.setup import (
    CampaignCreateInput,
    CampaignUpdateInput,
    InteractionTemplateCreateInput,
    InteractionTemplateUpdateInput,
)
from segmentum.schema.masters.questionnaires import ProfileRatingInput, ProfileRatingRefInput
from segmentum.schema.masters.salespeople import SalespersonCreateInput, SalespersonUpdateInput
from segmentum.schema.masters.territories import TerritoryCreateInput, TerritoryUpdateInput
from segmentum.schema.segments.inputs import SegmentCreateInput, SegmentLineUpdateInput, SegmentUpdateInput

# Each input and its command, with the fields the mutation reads itself (not part of the command).
PAIRS = [
    (SegmentCreateInput, c.SegmentHeader, ()), (SegmentUpdateInput, c.SegmentHeader, ("id", "apply_to_lines")),
    (SegmentLineUpdateInput, c.SegmentLineChanges, ("id",)),
    (ContactCreateInput, c.ContactFields, ()), (ContactUpdateInput, c.ContactFields, ("id",)),
    (CodeDescriptionInput, c.CodeDescriptionFields, ()), (CodeDescriptionUpdateInput, c.CodeDescriptionFields, ("id",)),
    (TerritoryCreateInput, c.TerritoryFields, ()), (TerritoryUpdateInput, c.TerritoryFields, ("id",)),
    (SalespersonCreateInput, c.SalespersonFields, ()), (SalespersonUpdateInput, c.SalespersonFields, ("id",)),
    (InteractionTemplateCreateInput, c.TemplateFields, ()), (InteractionTemplateUpdateInput, c.TemplateFields, ("id",)),
    (CampaignCreateInput, c.CampaignFields, ()), (CampaignUpdateInput, c.CampaignFields, ("id",)),
    (InteractionCreateInput, c.InteractionFields, ()),
    (ProfileRatingInput, c.RatingFields, ()), (ProfileRatingRefInput, c.RatingFields, ()),
]


def names(cls: type) -> set[str]:
    return {f.name for f in dataclasses.fields(cls)}


@pytest.mark.parametrize(("input_type", "command_type", "skip"), PAIRS, ids=lambda p: getattr(p, "__name__", ""))
def test_each_command_holds_every_field_of_its_input(input_type, command_type, skip):
    assert names(input_type) - set(skip) <= names(command_type)


def test_not_sent_null_and_values_cross_as_the_rules_take_them():
    update = command(c.SegmentHeader, SegmentUpdateInput(id="U2VnbWVudDox", description=None, unit_duration_min=5,
                                                          correspondence_type_default=CorrespondenceType.EMAIL),
                     skip=("id", "apply_to_lines"))
    assert update.given() == {"description": None, "unit_duration_min": 5,
                              "correspondence_type_default": CorrespondenceType.EMAIL}
    assert update.salesperson_code is c.OMITTED and update.description is None

    # A create's null is as if not sent; its defaults (kind STATIC) are sent.
    assert command(c.SegmentHeader, SegmentCreateInput(description=None), nulls=False).given() == {
        "kind": SegmentKind.STATIC}

    line = command(c.SegmentLineChanges, SegmentLineUpdateInput(id="x", contact_id=None), skip=("id",))
    assert line.contact_id is None and line.given() == {"contact_id": None}
    assert command(c.SegmentLineChanges, SegmentLineUpdateInput(id="x"), skip=("id",)).contact_id is c.OMITTED


def test_an_input_field_the_command_lacks_is_refused_not_dropped():
    with pytest.raises(TypeError, match="TerritoryFields has no field 'email'"):
        command(c.TerritoryFields, SalespersonCreateInput(code="A", name="B"))
    with pytest.raises(TypeError, match="has no field 'id'"):
        command(c.TerritoryFields, TerritoryUpdateInput(id="x", name="N"))
