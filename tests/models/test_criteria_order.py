"""The linguistic order of ranges and comparisons: the database orders as the Python collation does (so
PostgreSQL's ICU collation and SQLite's registered one agree), and BC's examples hold."""

from __future__ import annotations

import random

from segmentum.models.contacts import Contact
from segmentum.models.criteria.collation import collate, compare, sort_key
from segmentum.models.enums import ContactType
from segmentum.models.sql import Params, fetch_all
from tests.models.conftest import matching_nos

CITIES = [
    "brugge", "Brugge", "BRUGGE", "Antwerpen", "antwerpen", "Ça va", "Charleroi", "charleroi", "Zele", "Ébène",
    "eben", "Eben", "ében", "Æbeltoft", "Aalst", "Sint-Niklaas", "Sint Niklaas", "SintNiklaas", "'s-Gravenwezel",
    "1000", "10", "9", "Oostende", "Øster", "Straße", "Strasse", "Łódź", "Lodz", "Mons", "mons", "München",
    "Muenchen", "Namur (Namen)", "Namur", "O'Brien", "Obrien", "Zürich", "Zurich", "İzmir", "Izmir", "Αθήνα",
    "Москва", "a", "A", "b", "B", "ab", "aB", "Ab", "AB", "", " ", "-", "_", "~", "é", "e", "E", "É",
]


def collation_order(values: list[str]) -> list[str]:
    return sorted(values, key=lambda v: (sort_key(v), v))


async def make_cities(cities: list[str]) -> None:
    await Contact.bulk_create(
        [Contact(no=f"C{i:05d}", name=f"Contact {i}", type=ContactType.PERSON, city=city)
         for i, city in enumerate(cities, start=1)]
    )


async def test_the_database_orders_as_the_collation(db):
    await make_cities(CITIES)
    p = Params()
    rows = await fetch_all(f"SELECT city FROM contact ORDER BY {collate('city', p.dialect)}, city", p)
    assert [r["city"] for r in rows] == collation_order(CITIES)


async def test_random_latin_text_orders_the_same_in_the_database(db):
    letters = "aAbBcCeEéÉèzZ çÇñÑöÖøØßæÆ-'.0123456789"
    rng = random.Random(20261130)
    words = sorted({"".join(rng.choice(letters) for _ in range(rng.randint(1, 6))) for _ in range(600)})
    await make_cities(words)
    p = Params()
    rows = await fetch_all(f"SELECT city FROM contact ORDER BY {collate('city', p.dialect)}, city", p)
    assert [r["city"] for r in rows] == collation_order(words)


def test_the_order_reads_letters_then_accents_then_case():
    assert collation_order(["c", "B", "a"]) == ["a", "B", "c"]
    assert collation_order(["BRUGGE", "Brugge", "brugge"]) == ["brugge", "Brugge", "BRUGGE"]
    assert collation_order(["éa", "eb", "ea"]) == ["ea", "éa", "eb"]
    assert compare("x", "x") == 0 and compare("a", "B") == -1 and compare("c", "B") == 1


async def test_a_range_holds_every_case_of_the_names_within_it(db):
    await make_cities(CITIES)
    in_a_to_c = await matching_nos({"contact": {"city": {"expr": "A..C"}}})
    cities = {c.no: c.city for c in await Contact.all()}
    # Case is the last level, lower case first: "a" < "A" ..., so "a" itself is just outside.
    assert {cities[no] for no in in_a_to_c} == {
        "brugge", "Brugge", "BRUGGE", "Antwerpen", "antwerpen", "Æbeltoft", "Aalst", "A", "b", "B", "ab", "aB",
        "Ab", "AB",
    }
    above = {cities[no] for no in await matching_nos({"contact": {"city": {"expr": ">Zele"}}})}
    assert above == {"Zürich", "Zurich", "Αθήνα", "Москва"}
    case_insensitive = {cities[no] for no in await matching_nos({"contact": {"city": {"expr": "@mons..mons"}}})}
    assert case_insensitive == {"Mons", "mons"}


async def test_every_connection_knows_the_collation(db):
    """On SQLite the collation is registered by the backend on each connection; plain text there compares
    by code point ('B' < 'a')."""
    p = Params()
    b = collate("'B'", p.dialect)
    rows = await fetch_all(f"SELECT CASE WHEN {b} < 'a' THEN 1 ELSE 0 END AS b_first", p)
    assert rows[0]["b_first"] == 0
