"""Number series: CT000001 for contacts, SEG00001 for segments, CP0001 for campaigns."""

from __future__ import annotations

from tortoise.models import Model

from segmentum.models.enums import ErrorCode, NumberSeriesCode
from segmentum.models.errors import DomainError, shown
from segmentum.models.system import NumberSeries

DEFAULTS: dict[NumberSeriesCode, tuple[str, int]] = {
    NumberSeriesCode.CONTACT: ("CT", 6),
    NumberSeriesCode.SEGMENT: ("SEG", 5),
    NumberSeriesCode.CAMPAIGN: ("CP", 4),
}


async def _series(code: NumberSeriesCode) -> NumberSeries:
    prefix, width = DEFAULTS[code]
    series, _ = await NumberSeries.get_or_create(code=code, defaults={"prefix": prefix, "width": width})
    # Row lock on PostgreSQL so that two transactions never hand out the same number.
    locked = await NumberSeries.filter(id=series.id).select_for_update().first()
    return locked or series


async def next_number(code: NumberSeriesCode, model: type[Model], field: str = "no") -> str:
    """The next free number of the series; numbers taken by hand are skipped."""
    series = await _series(code)
    n = series.last_no
    while True:
        n += 1
        candidate = f"{series.prefix}{n:0{series.width}d}"
        if not await model.filter(**{field: candidate}).exists():
            break
    series.last_no = n
    await series.save(update_fields=["last_no"])
    return candidate


async def assign_number(
    code: NumberSeriesCode,
    model: type[Model],
    given: str | None,
    path: tuple[str, ...] = ("no",),
    field: str = "no",
) -> str:
    """A given number is accepted when free (ALREADY_EXISTS otherwise); none given takes the next one."""
    if given is None:
        return await next_number(code, model, field)
    value = given.strip().upper()
    if not value:
        raise DomainError(ErrorCode.REQUIRED, "The number must not be blank.", ["input", *path])
    if len(value) > 20:
        raise DomainError(ErrorCode.INVALID, f"The number {shown(given)} is longer than 20 characters.",
                          ["input", *path])
    if await model.filter(**{field: value}).exists():
        raise DomainError(ErrorCode.ALREADY_EXISTS, f"The number {shown(value)} is already taken.", ["input", *path])
    return value
