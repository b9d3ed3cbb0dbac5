"""interactionCreate: one interaction for one contact, defaults from the template, blocking rules."""

from __future__ import annotations

from datetime import date

from segmentum.models.enums import ContactType, CorrespondenceType
from segmentum.models.interactions import InteractionLogEntry
from segmentum.models.masters import Salesperson
from segmentum.resolvers.ids import encode_id

ENTRY = """interactionLogEntry { entryNo date description subject costLcy durationMin informationFlow initiatedBy
  template { code } group { code } campaign { no } campaignTarget campaignResponse correspondenceType
  salesperson { code } contact { no } contactCompany { no } evaluation attemptFailed canceled segmentNo
  loggedSegment { id } }"""


async def create(mutate, value):
    return await mutate("interactionCreate", "InteractionCreateInput", value, ENTRY)


async def test_defaults_come_from_the_template_and_the_contact(mutate, setup, make_contact):
    setup["template"].information_flow = "OUTBOUND"
    setup["template"].initiated_by = "US"
    await setup["template"].save()
    company = await make_contact(no="ACME", salesperson_id=setup["salesperson"].id)
    person = await make_contact(type=ContactType.PERSON, company=company, no="JOHN",
                                correspondence_type=CorrespondenceType.HARD_COPY,
                                salesperson_id=setup["salesperson"].id)
    res = await create(mutate, {"contactId": encode_id("Contact", person.id), "templateCode": "abstract"})
    assert res["userErrors"] == []
    e = res["interactionLogEntry"]
    assert e["date"] == date.today().isoformat()
    assert (e["description"], e["costLcy"], e["durationMin"]) == ("Abstract", "2.50", 5)
    assert (e["informationFlow"], e["initiatedBy"]) == ("OUTBOUND", "US")
    assert (e["template"], e["group"], e["campaign"]) == ({"code": "ABSTRACT"}, {"code": "LETTER"}, {"no": "CP9001"})
    assert (e["campaignTarget"], e["campaignResponse"]) == (True, False)
    assert e["correspondenceType"] == "HARD_COPY"  # the contact's own type wins unless the template ignores it
    assert e["salesperson"] == {"code": "SP1"}
    assert (e["contact"], e["contactCompany"]) == ({"no": "JOHN"}, {"no": "ACME"})
    assert (e["evaluation"], e["attemptFailed"], e["canceled"], e["segmentNo"], e["loggedSegment"]) == (
        "NONE", False, False, None, None)


async def test_given_values_override_the_template(mutate, setup, make_contact):
    await Salesperson.create(code="SP2", name="Other")
    other = await mutate("campaignCreate", "CampaignCreateInput", {"description": "Other"}, "campaign { no }")
    contact = await make_contact(no="ACME")
    res = await create(mutate, {
        "contactId": encode_id("Contact", contact.id), "templateCode": "ABSTRACT", "date": "2026-02-03",
        "description": "Called back", "subject": "Offer", "salespersonCode": "sp2", "costLcy": "9.99",
        "durationMin": 0, "campaignNo": other["campaign"]["no"], "evaluation": "POSITIVE", "attemptFailed": True,
        "correspondenceType": "NONE",
    })
    e = res["interactionLogEntry"]
    assert (e["date"], e["description"], e["subject"]) == ("2026-02-03", "Called back", "Offer")
    assert (e["salesperson"], e["costLcy"], e["durationMin"]) == ({"code": "SP2"}, "9.99", 0)
    assert e["campaign"] == {"no": "CP0001"}
    assert (e["evaluation"], e["attemptFailed"], e["correspondenceType"]) == ("POSITIVE", True, "NONE")
    assert e["contactCompany"] == {"no": "ACME"}  # a company's company is itself


async def test_template_correspondence_type_when_contact_has_none_or_template_ignores_it(mutate, setup,
                                                                                         make_contact):
    plain = await make_contact()
    res = await create(mutate, {"contactId": encode_id("Contact", plain.id), "templateCode": "ABSTRACT"})
    assert res["interactionLogEntry"]["correspondenceType"] == "EMAIL"
    setup["template"].ignore_contact_corres_type = True
    await setup["template"].save()
    prefers_paper = await make_contact(correspondence_type=CorrespondenceType.HARD_COPY)
    res = await create(mutate, {"contactId": encode_id("Contact", prefers_paper.id), "templateCode": "ABSTRACT"})
    assert res["interactionLogEntry"]["correspondenceType"] == "EMAIL"


async def test_refusals_change_nothing(mutate, setup, make_contact):
    await Salesperson.create(code="GONE", name="Gone", blocked=True)
    contact = await make_contact()
    blocked_contact = await make_contact(privacy_blocked=True)
    cid = encode_id("Contact", contact.id)
    cases = [
        ({"contactId": encode_id("Contact", blocked_contact.id), "templateCode": "ABSTRACT"}, "PRIVACY_BLOCKED",
         ["input", "contactId"]),
        ({"contactId": cid, "templateCode": "ABSTRACT", "salespersonCode": "GONE"}, "BLOCKED",
         ["input", "salespersonCode"]),
        ({"contactId": cid, "templateCode": "ABSTRACT", "salespersonCode": "NOBODY"}, "NOT_FOUND",
         ["input", "salespersonCode"]),
        ({"contactId": cid, "templateCode": "NOPE"}, "NOT_FOUND", ["input", "templateCode"]),
        ({"contactId": cid, "templateCode": ""}, "REQUIRED", ["input", "templateCode"]),
        ({"contactId": cid, "templateCode": "ABSTRACT", "campaignNo": "CP0404"}, "NOT_FOUND",
         ["input", "campaignNo"]),
        ({"contactId": cid, "templateCode": "ABSTRACT", "costLcy": "-0.01"}, "INVALID", ["input", "costLcy"]),
        ({"contactId": cid, "templateCode": "ABSTRACT", "durationMin": -1}, "INVALID", ["input", "durationMin"]),
        ({"contactId": encode_id("Contact", 999999), "templateCode": "ABSTRACT"}, "NOT_FOUND",
         ["input", "contactId"]),
        ({"contactId": encode_id("Salesperson", contact.id), "templateCode": "ABSTRACT"}, "NOT_FOUND",
         ["input", "contactId"]),
    ]
    for value, code, field in cases:
        res = await create(mutate, value)
        assert res["interactionLogEntry"] is None, value
        assert [(e["code"], e["field"]) for e in res["userErrors"]] == [(code, field)], value
    assert await InteractionLogEntry.all().count() == 0


async def test_blocked_contact_salesperson_is_not_copied(mutate, setup, make_contact):
    gone = await Salesperson.create(code="GONE", name="Gone", blocked=True)
    contact = await make_contact(salesperson_id=gone.id)
    res = await create(mutate, {"contactId": encode_id("Contact", contact.id), "templateCode": "ABSTRACT"})
    assert res["userErrors"] == [] and res["interactionLogEntry"]["salesperson"] is None
