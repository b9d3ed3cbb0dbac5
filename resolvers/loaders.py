"""Per-request DataLoaders: every field that reaches another table batches through one of these."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from strawberry.dataloader import DataLoader
from tortoise.models import Model

M = TypeVar("M", bound=Model)
K = TypeVar("K")
V = TypeVar("V")


class Loaders:
    """Created once per request (in the GraphQL context); never shared between requests."""

    def __init__(self) -> None:
        self._loaders: dict[Any, DataLoader[Any, Any]] = {}

    def get(self, name: Any, batch: Callable[[list[Any]], Awaitable[Sequence[Any]]]) -> DataLoader[Any, Any]:
        """The loader registered under `name` for this request, created from `batch` on first use."""
        loader = self._loaders.get(name)
        if loader is None:
            loader = DataLoader(load_fn=batch)
            self._loaders[name] = loader
        return loader

    def by_id(self, model: type[M]) -> DataLoader[int, M | None]:
        async def batch(ids: list[int]) -> list[M | None]:
            found = {obj.pk: obj for obj in await model.filter(id__in=ids)}
            return [found.get(i) for i in ids]

        return self.get(("by_id", model), batch)

    def by_key(self, model: type[M], field: str) -> DataLoader[str, M | None]:
        """Load by a unique business key (`no` or `code`)."""

        async def batch(keys: list[str]) -> list[M | None]:
            found = {getattr(obj, field): obj for obj in await model.filter(**{f"{field}__in": keys})}
            return [found.get(k) for k in keys]

        return self.get(("by_key", model, field), batch)

    def many(self, name: str, batch: Callable[[list[K]], Awaitable[dict[K, list[V]]]]) -> DataLoader[K, list[V]]:
        """A one-to-many loader: `batch` returns a dict of key -> list; missing keys load as []."""

        async def load(keys: list[K]) -> list[list[V]]:
            grouped = await batch(keys)
            return [grouped.get(k, []) for k in keys]

        return self.get(("many", name), load)


async def load_fk(loaders: Loaders, model: type[M], fk_id: int | None) -> M | None:
    """Resolve a foreign key through the per-request loader (None stays None)."""
    if fk_id is None:
        return None
    return await loaders.by_id(model).load(fk_id)
