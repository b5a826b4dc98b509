"""OSA: counts of items rated, and the items that matter most but go least well."""

from __future__ import annotations

from collections.abc import Iterable

SCALES: tuple[str, ...] = ("competence", "value")
# "High value, low competence": the client finds the item important (3–4) and manages it
# with some or a lot of difficulty (1–2). These are the natural candidates for change.
HIGH_VALUE = 3
LOW_COMPETENCE = 2


def done_counts(items: Iterable[int], ratings: dict[int, dict[str, int]]) -> dict[str, int]:
    """How many items have a rating on each scale."""
    numbers = list(items)
    return {scale: sum(1 for item in numbers if scale in ratings.get(item, {})) for scale in SCALES}


def gaps(items: Iterable[int], ratings: dict[int, dict[str, int]]) -> list[int]:
    """Items rated high in value and low in competence, the widest gap first (then by number)."""
    found = []
    for item in items:
        rated = ratings.get(item, {})
        competence, value = rated.get("competence"), rated.get("value")
        if competence is None or value is None:
            continue
        if value >= HIGH_VALUE and competence <= LOW_COMPETENCE:
            found.append((competence - value, item))
    return [item for _gap, item in sorted(found)]


def strengths(items: Iterable[int], ratings: dict[int, dict[str, int]]) -> list[int]:
    """Items the client manages extremely well and finds important."""
    return [
        item
        for item in items
        if ratings.get(item, {}).get("competence") == 4
        and ratings.get(item, {}).get("value", 0) >= HIGH_VALUE
    ]


def toggled(priorities: list[int], item: int) -> list[int]:
    """The ranking with `item` added at the end, or taken out if it was there."""
    return [p for p in priorities if p != item] if item in priorities else [*priorities, item]


def moved(priorities: list[int], item: int, by: int) -> list[int]:
    """The ranking with `item` moved `by` places (negative: up), kept within the list."""
    if item not in priorities:
        return list(priorities)
    order = [p for p in priorities if p != item]
    place = max(0, min(len(order), priorities.index(item) + by))
    order.insert(place, item)
    return order
