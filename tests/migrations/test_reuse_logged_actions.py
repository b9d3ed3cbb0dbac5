"""Migration 0011 carries Reuse Logged Segment actions recorded before it over to the logged segment's entry
number, and upper-cases the language codes."""

from __future__ import annotations

from tests.migrations.test_worksheet_archive import _run_script


async def test_reuse_logged_actions_and_language_codes_are_carried_over():
    """Migration 0011 on a database built by 0001-0010: a Reuse Logged Segment action recorded or saved with the
    segment number names the logged segment by its entry number and is marked (its replay then finds a contact
    logged with another company); one whose logged segment is gone stays as it was; language codes upper-cased."""
    out = await _run_script("tests.migrations.before_reuse_logged", "m7")
    carried = [{"interaction": {"logged_segment_entry_no": {"eq": out["logged"]}, "canceled": False}}, True]
    assert out["actions"]["reuse"] == carried
    assert out["actions"]["gone"] == [{"interaction": {"segment_no": {"eq": "GONE"}, "canceled": False}}, False]
    assert out["actions"]["reduce"] == [{"interaction": {"segment_no": {"eq": "SEG1"}, "canceled": False}}, False]
    assert out["saved"] == [carried]
    assert out["languages"] == ["NL", "FR", "FR"]
    assert out["replayed"] == 1
