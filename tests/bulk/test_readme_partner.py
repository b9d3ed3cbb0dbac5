"""The README's partner path for a bulk export, pasted into bash as written, against a real server."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

import orjson

from segmentum.models.contacts import Contact
from segmentum.models.enums import ContactType
from tests.bulk.conftest import Base
from tests.http.conftest import live_server
from tests.readme import blocks


def partner_block() -> str:
    [block] = [b for b in blocks("shell") if "bulkQueryRun" in b.text]
    return block.text


async def test_the_readme_s_bulk_export_commands_download_the_companies_and_their_persons(
        database_url: str, make_key: Any, base: Base, tmp_path: Path) -> None:
    key = await make_key("read", "write")
    async with live_server(database_url) as url:
        proc = await asyncio.create_subprocess_exec(
            "bash", "-e", "-c", partner_block(), cwd=tmp_path, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT, env={**os.environ, "SEGMENTUM_URL": url, "SEGMENTUM_KEY": key})
        async with asyncio.timeout(120):
            out = (await proc.communicate())[0].decode()
    assert proc.returncode == 0, out
    companies = await Contact.filter(type=ContactType.COMPANY).order_by("no").values_list("no", "name")
    assert [orjson.loads(line) for line in out.splitlines()] == [{"no": no, "name": name} for no, name in
                                                                 companies[:3]]
    lines = [orjson.loads(line) for line in (tmp_path / "export.jsonl").read_bytes().splitlines()]
    assert len([line for line in lines if "__parentId" in line]) == len([p for p in base.persons.values() if p])
