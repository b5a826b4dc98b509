"""Records: the protocol, the session's events, the course and the debrief's comments, and
every other value of the package that does not change, are standard-library dataclasses
declared with `@record` on a `Record`: keyword-only and frozen.
Their bounds are annotations, `Annotated[int, Field(ge=1, le=5)]`, in pydantic's own words;
pydantic checks them wherever data comes in from a file (a `TypeAdapter` per kind of file,
built the first time such a file is read). A record built in code is checked by the type
checker (its types, its literals), not at run time; the shipped protocols are checked by the
tests (tests/unit/test_protocol.py). Why no pydantic model, and why `@record` rather than
`@dataclass(frozen=True)`: docs/ARCHITECTURE.md, "Records and validation".
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable
from typing import Annotated, Any, ClassVar, Self, TypeVar, dataclass_transform

T = TypeVar("T")


@dataclass_transform(
    kw_only_default=True, frozen_default=True, field_specifiers=(dataclasses.field,)
)
def record(cls: type[T]) -> type[T]:
    """Declare a record: a dataclass with keyword-only fields whose `__init__`, equality,
    hash, repr and immutability are `Record`'s, written once, so that declaring one compiles
    no code. A dataclass compiles each method it makes for a class (`exec`);
    `@dataclass(frozen=True)` makes six, a fifth of the first screen's start-up for the ~70
    records it declares; the `__init__` alone was 10 ms of it (docs/ARCHITECTURE.md). The
    type checker sees a frozen dataclass either way."""
    made = dataclasses.dataclass(init=False, kw_only=True, eq=False, repr=False)(cls)
    declared: Any = made
    declared._init_fields = tuple(
        (field.name, field.default, field.default_factory) for field in dataclasses.fields(declared)
    )
    return made


@record
class Record:
    """The base of every record: made by keyword, each field given or its default; compared,
    hashed and shown by its fields, in order, as a frozen dataclass is; set once (by
    `__init__`, or by pydantic reading a file, which does not call it) and never changed; no
    unknown keys when pydantic reads one from a file."""

    __pydantic_config__: ClassVar[dict[str, Any]] = {"extra": "forbid"}
    # (name, default, default factory) of each field, in order: set by `@record`.
    _init_fields: ClassVar[tuple[tuple[str, Any, Any], ...]] = ()

    def __init__(self, **values: Any) -> None:
        for name, default, factory in self._init_fields:
            if name in values:
                value = values.pop(name)
            elif factory is not dataclasses.MISSING:
                value = factory()
            elif default is not dataclasses.MISSING:
                value = default
            else:
                raise TypeError(f"{type(self).__name__}() missing keyword argument {name!r}")
            object.__setattr__(self, name, value)
        if values:
            unknown = next(iter(values))
            raise TypeError(
                f"{type(self).__name__}() got an unexpected keyword argument {unknown!r}"
            )
        post_init = getattr(self, "__post_init__", None)
        if post_init is not None:
            post_init()

    def __setattr__(self, name: str, value: Any) -> None:
        if name in self.__dict__ or name not in self.__dataclass_fields__:
            raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, field.name) for field in dataclasses.fields(self))

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Record)
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={value!r}" for name, value in self.fields().items())
        return f"{self.__class__.__qualname__}({shown})"

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
