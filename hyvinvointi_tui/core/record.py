"""Records: the protocol, the session's events, the course and the debrief's comments, and
every other value of the package that does not change, are standard-library dataclasses
declared with `@record` on a `Record`: keyword-only and frozen.
Their bounds are annotations, `Annotated[int, Field(ge=1, le=5)]`, in pydantic's own words;
pydantic checks them wherever data comes in from a file (a `TypeAdapter` per kind of file,
built the first time such a file is read). A record built in code is checked by the type
checker (its types, its literals), not at run time; the shipped protocols are checked by the
tests (tests/unit/test_protocol.py). Why no pydantic model, and why `@record` rather than
`@dataclass(frozen=True)`: docs/ARCHITECTURE.md, "Records and validation".

The values that do change (the session's state as the events are folded into it, a page as
it is written) are declared the same way with `@mutable_record` on a `MutableRecord`: made
by position or keyword, as a plain dataclass is, and compiling no code either.
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
    return _with_fields(dataclasses.dataclass(init=False, kw_only=True, eq=False, repr=False)(cls))


def _with_fields(made: type[T]) -> type[T]:
    """`made` (a dataclass) with its fields listed for `ByFields`."""
    declared: Any = made
    declared._init_fields = tuple(
        (field.name, field.default, field.default_factory) for field in dataclasses.fields(declared)
    )
    return made


class ByFields:
    """What both kinds of record share: their fields (name, default, default factory), in
    order, listed by their decorator; equality and repr by those fields, as a dataclass's."""

    _init_fields: ClassVar[tuple[tuple[str, Any, Any], ...]] = ()

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name, _, _ in self._init_fields)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, ByFields)
        return self._values() == other._values()

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name, _, _ in self._init_fields)
        return f"{self.__class__.__qualname__}({shown})"


@record
class Record(ByFields):
    """The base of every record: made by keyword, each field given or its default; compared,
    hashed and shown by its fields, in order, as a frozen dataclass is; set once (by
    `__init__`, or by pydantic reading a file, which does not call it) and never changed; no
    unknown keys when pydantic reads one from a file."""

    __pydantic_config__: ClassVar[dict[str, Any]] = {"extra": "forbid"}

    def __init__(self, **values: Any) -> None:
        _initialise(self, (), values)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in self.__dict__ or name not in self.__dataclass_fields__:
            raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")

    def __hash__(self) -> int:
        return hash(self._values())

    def replace(self, **changes: Any) -> Self:
        """A copy with some fields changed."""
        return dataclasses.replace(self, **changes)

    def fields(self) -> dict[str, Any]:
        """The fields by name, in order (the values themselves, not copies)."""
        return {field.name: getattr(self, field.name) for field in dataclasses.fields(self)}


@dataclass_transform(field_specifiers=(dataclasses.field,))
def mutable_record(cls: type[T]) -> type[T]:
    """Declare a value that changes: a dataclass made by position or keyword, whose
    `__init__`, equality and repr are `MutableRecord`'s, written once, so that declaring one
    compiles no code (`@dataclass` compiles three methods a class: 5 ms of the first screen's
    start-up for the session's state and the eleven values like it, docs/ARCHITECTURE.md)."""
    return _with_fields(dataclasses.dataclass(init=False, eq=False, repr=False)(cls))


class MutableRecord(ByFields):
    """The base of every mutable record: made by position or keyword, each field given or its
    default, as a dataclass is; compared and shown by its fields, in order; not hashable."""

    def __init__(self, *values: Any, **named: Any) -> None:
        _initialise(self, values, named)


def _initialise(made: ByFields, values: tuple[Any, ...], named: dict[str, Any]) -> None:
    """Set each field of a record being made: from `values` in order, then from `named`,
    then its default; then its `__post_init__`, if it has one (as a dataclass's `__init__`)."""
    kind = type(made).__name__
    if len(values) > len(made._init_fields):
        raise TypeError(f"{kind}() takes {len(made._init_fields)} arguments, {len(values)} given")
    for index, (name, default, factory) in enumerate(made._init_fields):
        if index < len(values):
            if name in named:
                raise TypeError(f"{kind}() got multiple values for argument {name!r}")
            value = values[index]
        elif name in named:
            value = named.pop(name)
        elif factory is not dataclasses.MISSING:
            value = factory()
        elif default is not dataclasses.MISSING:
            value = default
        else:
            what = "keyword argument" if isinstance(made, Record) else "argument"
            raise TypeError(f"{kind}() missing {what} {name!r}")
        object.__setattr__(made, name, value)
    if named:
        raise TypeError(f"{kind}() got an unexpected keyword argument {next(iter(named))!r}")
    post_init = getattr(made, "__post_init__", None)
    if post_init is not None:
        post_init()


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
