"""Per-request DataLoaders: every field that reaches another table batches through one of these."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any, TypeVar

from strawberry.dataloader import DataLoader, LoaderTask, get_current_batch
from tortoise.models import Model

from segmentum.models.rules.common import fits
from segmentum.models.sql import Params, fetch_all
from segmentum.resolvers.pagination import models_from_rows

M = TypeVar("M", bound=Model)
K = TypeVar("K")
V = TypeVar("V")


class Loader(DataLoader[K, V]):
    """Strawberry's DataLoader, without a done-callback on every future it hands out.

    DataLoader hangs that callback on each key's future so that a batch whose callers have all been
    cancelled can be cancelled too; each value it then sets schedules a call of it. A page of contacts loads
    some 250 keys. A cancelled request here only lets a batch that is already running finish.
    """

    def load(self, key: K) -> Awaitable[V]:
        cache = self.cache_map
        future = cache.get(key)
        if future is not None and not future.cancelled():
            return future
        future = self.loop.create_future()
        cache.set(key, future)
        get_current_batch(self).tasks.append(LoaderTask(key, future))
        return future


class Loaders:
    """Created once per request (in the GraphQL context); never shared between requests."""

    def __init__(self) -> None:
        self._loaders: dict[Any, DataLoader[Any, Any]] = {}

    def get(self, name: Any, batch: Callable[[list[Any]], Awaitable[Sequence[Any]]]) -> DataLoader[Any, Any]:
        """The loader registered under `name` for this request, created from `batch` on first use."""
        loader = self._loaders.get(name)
        if loader is None:
            loader = Loader(load_fn=batch)
            self._loaders[name] = loader
        return loader

    def by_id(self, model: type[M]) -> DataLoader[int, M | None]:
        # Asked once per field and object of a page: the loader is looked up before any batch is defined.
        loader = self._loaders.get(("by_id", model))
        if loader is not None:
            return loader

        async def batch(ids: list[int]) -> list[M | None]:
            # One plain statement: the ORM's query building costs more than the rows on a page.
            p = Params()
            rows = await fetch_all(f"SELECT t.* FROM {model._meta.db_table} t WHERE t.id IN {p.add_list(ids)}", p)
            found = {obj.pk: obj for obj in models_from_rows(model, rows)}
            return [found.get(i) for i in ids]

        return self.get(("by_id", model), batch)

    def by_key(self, model: type[M], field: str) -> DataLoader[str, M | None]:
        """Load by a unique business key (`no` or `code`)."""

        async def batch(keys: list[str]) -> list[M | None]:
            # A key longer than its column names nothing: it is not looked up.
            wanted = [k for k in keys if fits(model, field, k)]
            rows = await model.filter(**{f"{field}__in": wanted}) if wanted else []
            found = {getattr(obj, field): obj for obj in rows}
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


async def load_all(loader: DataLoader[K, V], keys: Iterable[K]) -> None:
    """Load `keys` through `loader` (in one batch with whatever else this tick asks of it) and wait until its
    cache holds them.

    The look-ahead of a page uses this instead of `load_many`, which gathers a future per key into a list
    of values nobody reads: a callback per key. A failed batch stays in the loader's cache, and the fields
    that need it report the error themselves, as they would without the look-ahead.
    """
    for future in [loader.load(key) for key in dict.fromkeys(keys)]:
        try:
            await future  # once the first is settled, the rest of the batch is too
        except Exception:  # noqa: BLE001, S110 - see above
            pass


def load_now(loader: DataLoader[K, V], key: K) -> Any:
    """The value itself when this request has loaded `key` already (a page's look-ahead primed it), else an
    awaitable of it.

    A synchronous resolver returning this costs graphql-core no coroutine or task on the primed path; on any
    other path (a single node, a failed batch) it is awaited like a plain `load`.
    """
    future = loader.cache_map.get(key) if loader.cache else None
    if future is not None and future.done() and not future.cancelled() and future.exception() is None:
        return future.result()
    return loader.load(key)


def fk_now(loaders: Loaders, model: type[M], fk_id: int | None) -> Any:
    """`load_fk` as a value when already loaded (see `load_now`); None stays None."""
    if fk_id is None:
        return None
    return load_now(loaders.by_id(model), fk_id)
