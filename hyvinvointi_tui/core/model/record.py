"""Records: the protocol, the session's events, the course and the debrief's comments are
frozen standard-library dataclasses (`@dataclass(frozen=True, kw_only=True)` on a `Record`).
Their bounds are annotations, `Annotated[int, Field(ge=1, le=5)]`, in pydantic's own words;
pydantic checks them wherever data comes in from a file (a `TypeAdapter` per kind of file,
built the first time such a file is read). A record built in code is checked by the type
checker (its types, its literals), not at run time; the shipped protocols are checked by the
tests (tests/unit/test_protocol.py). Why no pydantic model: docs/ARCHITECTURE.md, "Records and
validation".
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable
from typing import Annotated, Any, ClassVar, Self


@dataclasses.dataclass(frozen=True, kw_only=True)
class Record:
    """The base of every record: no unknown keys when pydantic reads one from a file."""

    __pydantic_config__: ClassVar[dict[str, Any]] = {"extra": "forbid"}

    def replace(self, **changes: Any) -> Self:
        """A copy with some fields changed."""
        return dataclasses.replace(self, **changes)

    def fields(self) -> dict[str, Any]:
        """The fields by name, in order (the values themselves, not copies)."""
        return {field.name: getattr(self, field.name) for field in dataclasses.fields(self)}


class Field:
    """pydantic's `Field(...)` in an annotation (bounds: ge, gt, le, lt, multiple_of,
    min_length, max_length, pattern; or a union's discriminator), handed to pydantic when it
    builds a validator. pydantic itself is imported only then: importing it costs the first
    screen ~80 ms, which it does not need (docs/ARCHITECTURE.md)."""

    def __init__(self, **constraints: Any) -> None:
        self.constraints = constraints

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        # lazy: pydantic, about 95 ms before the first screen (docs/ARCHITECTURE.md)
        from pydantic import Field as PydanticField

        return handler(Annotated[source, PydanticField(**self.constraints)])


class Unique:
    """No two items of the list may be the same (compared by `key`, if given); pydantic
    reports `message` at the list's place."""

    def __init__(self, message: str, key: Callable[[Any], Hashable] | None = None) -> None:
        self.message = message
        self.key = key

    def check(self, items: list[Any]) -> list[Any]:
        keys = [item if self.key is None else self.key(item) for item in items]
        if len(set(keys)) != len(keys):
            raise ValueError(self.message)
        return items

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        # lazy: pydantic, about 95 ms before the first screen (docs/ARCHITECTURE.md)
        from pydantic import AfterValidator

        return handler(Annotated[source, AfterValidator(self.check)])
