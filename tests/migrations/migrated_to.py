"""A database built by the migrations up to one of them, for the scripts that then migrate it to the latest."""

from __future__ import annotations

from tortoise import Tortoise
from tortoise.migrations.api.migrate import migrate as tortoise_migrate

from config.database import tortoise_config


async def init_migrated_to(url: str, target: str) -> None:
    """Apply the migrations up to `target` (e.g. "models.0004_worksheet_archive") to the empty database at `url`,
    then initialise Tortoise on it for writing the data the later migrations must carry over."""
    config = tortoise_config(url)
    await Tortoise.init(config=config, _create_db=False, init_connections=True)
    await Tortoise.close_connections()
    await tortoise_migrate(config=config, target=target)
    await Tortoise.close_connections()
    await Tortoise.init(config=config)
