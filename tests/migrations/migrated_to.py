"""A database built by the migrations up to one of them, for the scripts that then migrate it to the latest."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from tortoise import Tortoise
from tortoise.migrations.api.migrate import migrate as tortoise_migrate
from tortoise.models import Model

from segmentum.config.database import tortoise_config
from segmentum.models.enums import SegmentAction
from segmentum.models.sql import Params, dialect, fetch_all


async def init_migrated_to(url: str, target: str) -> None:
    """Apply the migrations up to `target` (e.g. "models.0004_worksheet_archive") to the empty database at `url`,
    then initialise Tortoise on it for writing the data the later migrations must carry over."""
    config = tortoise_config(url)
    await Tortoise.init(config=config, _create_db=False, init_connections=True)
    await Tortoise.close_connections()
    await tortoise_migrate(config=config, target=target)
    await Tortoise.close_connections()
    await Tortoise.init(config=config)


async def old_action(segment_id: int, position: int, action: SegmentAction, criteria: dict, lines_added: int = 0,
                     lines_removed: int = 0) -> int:
    """A recorded action written with the columns every migration has had (the model may have more by now)."""
    p = Params()
    rows = await fetch_all(
        "INSERT INTO segment_criteria_action (segment_id, position, action, allow_existing_contacts, "
        "expand_companies, allow_related_companies, ignore_exclusion, entire_companies, allow_no_filter, criteria, "
        f"manual, lines_added, lines_removed, created_at) VALUES ({p.add(segment_id)}, {p.add(position)}, "
        f"{p.add(action.value)}, FALSE, FALSE, FALSE, FALSE, FALSE, FALSE, {p.add(json.dumps(criteria))}, FALSE, "
        f"{p.add(lines_added)}, {p.add(lines_removed)}, {p.add(datetime.now(UTC))}) RETURNING id",
        p,
    )
    return int(rows[0]["id"])


async def _columns(table: str) -> set[str]:
    if dialect() == "sqlite":
        return {r["name"] for r in await fetch_all(f"PRAGMA table_info({table})")}
    p = Params()
    rows = await fetch_all(f"SELECT column_name FROM information_schema.columns WHERE table_name = {p.add(table)}", p)
    return {r["column_name"] for r in rows}


async def old_row(model: type[Model], **values: Any) -> Any:
    """`model.create(**values)` into the table as an older migration left it: only the columns it has then (the
    model may have more by now), with the model's defaults; the object, its id set."""
    obj = model(**values)
    now = datetime.now(UTC)
    for name, field in model._meta.fields_map.items():
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            setattr(obj, name, now)
    present = await _columns(model._meta.db_table)
    data = {column: model._meta.fields_map[name].to_db_value(getattr(obj, name), obj)
            for name, column in model._meta.fields_db_projection.items()
            if column in present and column != "id"}
    p = Params()
    row = await fetch_all(f"INSERT INTO {model._meta.db_table} ({', '.join(data)}) "
                          f"VALUES ({', '.join(p.add(v) for v in data.values())}) RETURNING id", p)
    obj.id = int(row[0]["id"])
    return obj
