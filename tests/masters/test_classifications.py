"""Business relations, industry groups, mailing groups, job responsibilities: CRUD, noOfContacts, delete in use."""

from __future__ import annotations

import pytest

from segmentum import models as m
from segmentum.models.enums import ContactType

# (GraphQL name, connection field, model, assignment model, its foreign key)
KINDS = [
    ("businessRelation", "businessRelations", m.BusinessRelation, m.ContactBusinessRelation, "business_relation"),
    ("industryGroup", "industryGroups", m.IndustryGroup, m.ContactIndustryGroup, "industry_group"),
    ("mailingGroup", "mailingGroups", m.MailingGroup, m.ContactMailingGroup, "mailing_group"),
    ("jobResponsibility", "jobResponsibilities", m.JobResponsibility, m.ContactJobResponsibility,
     "job_responsibility"),
]
kinds = pytest.mark.parametrize("name,plural,model,link,fk", KINDS, ids=[k[0] for k in KINDS])


def sel(name):
    return f"{name} {{ id code description noOfContacts }}"


@kinds
async def test_create_update_and_duplicate(mutate, name, plural, model, link, fk):
    res = await mutate(f"{name}Create", "CodeDescriptionInput", {"code": "vip", "description": "Very important"},
                       sel(name))
    assert res["userErrors"] == []
    assert res[name]["code"] == "VIP" and res[name]["noOfContacts"] == 0
    dup = await mutate(f"{name}Create", "CodeDescriptionInput", {"code": "VIP", "description": "x"}, sel(name))
    assert dup[name] is None and dup["userErrors"][0]["code"] == "ALREADY_EXISTS"
    assert "'VIP'" in dup["userErrors"][0]["message"]

    upd = await mutate(f"{name}Update", "CodeDescriptionUpdateInput",
                       {"id": res[name]["id"], "description": "Most important"}, sel(name))
    assert upd[name]["description"] == "Most important"
    cleared = await mutate(f"{name}Update", "CodeDescriptionUpdateInput",
                           {"id": res[name]["id"], "description": None}, sel(name))
    assert cleared["userErrors"][0]["code"] == "REQUIRED"
    assert (await model.get(code="VIP")).description == "Most important"


@kinds
async def test_code_too_long_is_invalid(mutate, name, plural, model, link, fk):
    res = await mutate(f"{name}Create", "CodeDescriptionInput", {"code": "X" * 11, "description": "d"}, sel(name))
    assert res["userErrors"][0]["code"] == "INVALID"


@kinds
async def test_no_of_contacts_counts_assignments(gql, make_contact, name, plural, model, link, fk):
    kind = ContactType.PERSON if name == "jobResponsibility" else ContactType.COMPANY
    used = await model.create(code="USED", description="used")
    await model.create(code="UNUSED", description="unused")
    for _ in range(3):
        contact = await make_contact(type=kind)
        await link.create(contact_id=contact.id, **{f"{fk}_id": used.id})
    data = await gql(f"{{ {plural} {{ nodes {{ code noOfContacts }} }} }}")
    assert data[plural]["nodes"] == [{"code": "UNUSED", "noOfContacts": 0}, {"code": "USED", "noOfContacts": 3}]
    one = await gql(f'{{ {name}(code: "used") {{ noOfContacts }} }}')
    assert one[name] == {"noOfContacts": 3}


@kinds
async def test_delete_refused_while_assigned(mutate, make_contact, name, plural, model, link, fk):
    obj = await model.create(code="USED", description="used")
    contact = await make_contact()
    row = await link.create(contact_id=contact.id, **{f"{fk}_id": obj.id})
    gid = (await mutate(f"{name}Update", "CodeDescriptionUpdateInput", {"id": _gid(name, obj.id)}, "__typename"))
    assert gid["userErrors"] == []
    res = await mutate(f"{name}Delete", "DeleteInput", {"id": _gid(name, obj.id)}, "deletedId")
    assert res["deletedId"] is None
    assert res["userErrors"][0]["code"] == "IN_USE" and "'USED'" in res["userErrors"][0]["message"]
    await row.delete()
    res = await mutate(f"{name}Delete", "DeleteInput", {"id": _gid(name, obj.id)}, "deletedId")
    assert res["userErrors"] == [] and not await model.exists(code="USED")


async def test_no_of_contacts_costs_one_statement_per_page(gql, make_contact, sql_count):
    company = await make_contact()
    for i in range(12):
        group = await m.IndustryGroup.create(code=f"G{i:02d}", description="g")
        await m.ContactIndustryGroup.create(contact_id=company.id, industry_group_id=group.id)
    counts = {}
    for size in (2, 12):
        sql_count["n"] = 0
        data = await gql("query($n: Int) { industryGroups(first: $n) { nodes { code noOfContacts } } }", {"n": size})
        assert [n["noOfContacts"] for n in data["industryGroups"]["nodes"]] == [1] * size
        counts[size] = sql_count["n"]
    assert counts[2] == counts[12] == 2  # the page, the counts


async def test_no_of_contacts_of_each_classification_counts_its_own_assignments(gql, make_contact):
    # Records of different classifications share ids; one request reads all of them, each from its own links:
    # the n-th classification has its first n records assigned.
    company = await make_contact()
    person = await make_contact(ContactType.PERSON, company=company)
    for n, (_, _, model, link, fk) in enumerate(KINDS, start=1):
        holder = person if fk == "job_responsibility" else company
        for i in range(len(KINDS)):
            record = await model.create(code=f"K{i}", description="k")
            if i < n:
                await link.create(contact_id=holder.id, **{f"{fk}_id": record.id})
    data = await gql("{ " + " ".join(f"{plural} {{ nodes {{ noOfContacts }} }}" for _, plural, *_ in KINDS) + " }")
    assert [[node["noOfContacts"] for node in data[plural]["nodes"]] for _, plural, *_ in KINDS] == [
        [1, 0, 0, 0], [1, 1, 0, 0], [1, 1, 1, 0], [1, 1, 1, 1]]


def _gid(type_name: str, pk: int) -> str:
    from segmentum.resolvers.ids import encode_id

    return encode_id(type_name[0].upper() + type_name[1:], pk)
