"""Records: frozen, keyword-only value classes for the protocol, the session events and
the debrief comments. One schema and one set of checks, whichever way a record is made.

The schema is a record's annotations, in order, inherited ones first; a field's bounds are
`Rule(ge=…, pattern=…)` and `Unique(…)` in `Annotated`, and checks across fields are the
record's `_check`. Each check is written once, here, and runs however the record is made:

- built in code (the screens, the session): the record checks each field and `_check`, so
  an impossible value is refused before it reaches a file;
- read from a file (a protocol, a session, a debrief): pydantic reads the data against the
  same annotations (types, unknown keys, tagged unions) and runs the same checks at each
  field's place, so that its errors say where; the record is then made without checking
  its fields again;
- the shipped protocols (`read`): files of this program that the tests validate with
  pydantic, read by the records themselves, because the first screen needs one and pydantic
  would cost it ~200 ms (importing it ~90 ms, building its validators the rest) of a start-up
  whose bar is 1.5× a minimal Textual app (docs/RELIABILITY.md). `read` builds each record with
  its constructor, so every check runs; data it cannot take goes to pydantic for the report.
"""

from __future__ import annotations

import functools
import re
import sys
import types
import typing
from collections.abc import Callable
from typing import Annotated, Any, ClassVar, Literal, TypeVar, Union, dataclass_transform

T = TypeVar("T")
Check = Callable[[Any], str | None]


class _Factory:
    __slots__ = ("make",)

    def __init__(self, make: Callable[[], Any]) -> None:
        self.make = make


def field(*, default_factory: Callable[[], T]) -> T:
    """A field whose default is made anew for each record (a list, a dict)."""
    return typing.cast(T, _Factory(default_factory))


class Rule:
    """Bounds of a field, named as pydantic's `Field` names them: ge, gt, le, lt,
    multiple_of (numbers), min_length, max_length (texts, lists) and pattern (texts)."""

    def __init__(self, **bounds: Any) -> None:
        self.bounds = bounds
        checks = _all([_rule_check(name, bound) for name, bound in bounds.items()])
        self.check: Check = checks or (lambda value: None)

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        return _checked_by(self.check, handler(source))


def _checked_by(check: Check, schema: Any) -> Any:
    """Pydantic's schema for a value, then `check` at the value's place (the same check a
    record runs when it is built in code)."""
    from pydantic_core import core_schema

    def validate(value: Any) -> Any:
        problem = check(value)
        if problem is not None:
            raise ValueError(problem)
        return value

    return core_schema.no_info_after_validator_function(validate, schema)


class Unique:
    """No two items of the list may be the same (compared by `key`, if given)."""

    def __init__(self, message: str, key: Callable[[Any], Any] | None = None) -> None:
        self.message = message
        self.key = key

    def check(self, value: Any) -> str | None:
        keys = [item if self.key is None else self.key(item) for item in value]
        return self.message if len(set(keys)) != len(keys) else None

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        return _checked_by(self.check, handler(source))


class Tagged:
    """A union of records told apart by one field (`kind`): pydantic reports the errors of
    the record the tag names, not of every member of the union."""

    def __init__(self, tag: str) -> None:
        self.tag = tag

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic import Field

        return handler(Annotated[source, Field(discriminator=self.tag)])


def _bound(test: Callable[[Any], bool], message: str) -> Check:
    return lambda value: None if test(value) else message


def _sized(bound: int, value: Any) -> str:
    """ "5 items", "60 characters"."""
    return f"{bound} {'characters' if isinstance(value, str) else 'items'}"


def _length_check(bound: int, at_least: bool) -> Check:
    def check(value: Any) -> str | None:
        if at_least and len(value) < bound:
            if isinstance(value, str) and bound == 1:
                return "is empty"
            return f"should have at least {_sized(bound, value)}"
        if not at_least and len(value) > bound:
            return f"should have at most {_sized(bound, value)}"
        return None

    return check


def _rule_check(name: str, bound: Any) -> Check:
    if name == "ge":
        return _bound(lambda v: v >= bound, f"should be at least {bound}")
    if name == "gt":
        return _bound(lambda v: v > bound, f"should be greater than {bound}")
    if name == "le":
        return _bound(lambda v: v <= bound, f"should be at most {bound}")
    if name == "lt":
        return _bound(lambda v: v < bound, f"should be less than {bound}")
    if name == "min_length":
        return _length_check(bound, at_least=True)
    if name == "max_length":
        return _length_check(bound, at_least=False)
    if name == "multiple_of":
        return _bound(
            lambda v: (v % bound) < 1e-9 or bound - (v % bound) < 1e-9,
            f"should be a multiple of {bound:g}",
        )
    if name == "pattern":
        compiled: list[re.Pattern[str]] = []

        def matches(value: Any) -> bool:
            if not compiled:
                compiled.append(re.compile(bound))
            return compiled[0].search(value) is not None

        return _bound(matches, f"should match the pattern '{bound}'")
    raise TypeError(f"unknown bound {name}")


def _all(candidates: list[Check | None]) -> Check | None:
    """One check doing each of `candidates` (None among them: nothing to check)."""
    checks = [check for check in candidates if check is not None]
    if not checks:
        return None

    def check(value: Any) -> str | None:
        for one in checks:
            problem = one(value)
            if problem is not None:
                return problem
        return None

    return check


def _check_for(hint: Any) -> Check | None:
    """What building a record checks of a field with this type (None: nothing)."""
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is Annotated:
        checks = [_check_for(args[0])]
        checks += [meta.check for meta in hint.__metadata__ if isinstance(meta, Rule | Unique)]
        return _all(checks)
    if origin is Literal:
        return _bound(lambda v: v in args, f"should be one of {', '.join(map(repr, args))}")
    if origin is list:
        item = _check_for(args[0])
        if item is None:
            return None
        return lambda value: next(filter(None, map(item, value)), None)
    if origin is dict:
        key, entry = _check_for(args[0]), _check_for(args[1])
        if key is None and entry is None:
            return None
        return lambda value: next(
            (
                problem
                for pair in value.items()
                for check, part in ((key, pair[0]), (entry, pair[1]))
                if check is not None and (problem := check(part)) is not None
            ),
            None,
        )
    return None  # a plain type, or a union of records (which check themselves)


def _shown(value: Any) -> str:
    """A refused value for its one-line message: its repr, the start of a long one only
    (a name of 300,000 characters is said to be too long, not printed)."""
    shown = repr(value)
    return shown if len(shown) <= 60 else shown[:59] + "…"


def _copy(value: Any) -> Any:
    """A record keeps its own lists and dicts: the caller's may change after."""
    if type(value) is list:
        return [_copy(item) for item in value]
    if type(value) is dict:
        return {key: _copy(item) for key, item in value.items()}
    return value


@dataclass_transform(kw_only_default=True, frozen_default=True, field_specifiers=(field,))
class Record:
    """The base of every record. Subclasses declare fields as annotations."""

    __pydantic_config__: ClassVar[dict[str, Any]] = {"extra": "forbid"}
    _fields: ClassVar[tuple[str, ...]] = ()
    _defaults: ClassVar[dict[str, Any]] = {}
    _checks: ClassVar[dict[str, Check] | None] = None
    _resolved: ClassVar[dict[str, Any] | None] = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        names: dict[str, None] = dict.fromkeys(cls._fields)
        defaults = dict(cls._defaults)
        for name, hint in vars(cls).get("__annotations__", {}).items():
            if name.startswith("_") or str(hint).startswith("ClassVar"):
                continue
            names[name] = None
            if name in vars(cls):
                defaults[name] = vars(cls)[name]
        cls._fields = tuple(names)
        cls._defaults = defaults
        cls._checks = None

    def __init__(self, **values: Any) -> None:
        self._fill(values)
        checks = type(self)._checks
        if checks is None:
            checks = type(self)._build_checks()
        own = self.__dict__
        for name, check in checks.items():
            problem = check(own[name])
            if problem is not None:
                raise ValueError(f"{type(self).__name__}.{name} {problem}: {_shown(own[name])}")
        self._check()

    @classmethod
    def _validated(cls: type[R], values: dict[str, Any]) -> R:
        """A record from values whose fields pydantic has checked (the same checks, at each
        field's place): only the checks across fields are left."""
        record = cls.__new__(cls)
        record._fill(values)
        record._check()
        return record

    def _fill(self, values: dict[str, Any]) -> None:
        own = self.__dict__
        for name in self._fields:
            if name in values:
                value = values.pop(name)
                own[name] = _copy(value) if type(value) in (list, dict) else value
            elif name in self._defaults:
                default = self._defaults[name]
                own[name] = default.make() if isinstance(default, _Factory) else default
            else:
                raise TypeError(f"{type(self).__name__}: '{name}' is required")
        if values:
            raise TypeError(f"{type(self).__name__}: unknown field(s) {', '.join(values)}")

    def _check(self) -> None:
        """Checks across fields; raise ValueError with a message for the file's author."""

    @classmethod
    def _hints(cls) -> dict[str, Any]:
        """The fields' types, resolved once per class (they are strings until then)."""
        known: dict[str, Any] | None = cls.__dict__.get("_resolved")
        if known is None:
            # Each annotation evaluated in its own module (typing.get_type_hints does the
            # same with more machinery: 1.2 ms a class against 0.2 ms here, at start-up).
            known = {}
            for klass in reversed(cls.__mro__[:-1]):
                scope = vars(sys.modules[klass.__module__])
                for name, hint in vars(klass).get("__annotations__", {}).items():
                    if name in cls._fields:
                        known[name] = eval(hint, scope) if isinstance(hint, str) else hint
            cls._resolved = known
        return known

    @classmethod
    def _build_checks(cls) -> dict[str, Check]:
        built = {name: _check_for(hint) for name, hint in cls._hints().items()}
        cls._checks = {name: check for name, check in built.items() if check is not None}
        return cls._checks

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash((type(self), *self.__dict__.values()))

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={value!r}" for name, value in self.__dict__.items())
        return f"{type(self).__name__}({fields})"

    def replace(self: R, **changes: Any) -> R:
        """A copy with some fields changed (checked like a new record)."""
        return type(self)(**{**self.__dict__, **changes})

    def fields(self) -> dict[str, Any]:
        """The fields by name, in order (the values themselves, not copies)."""
        return dict(self.__dict__)

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        """Validate a record as a mapping of its fields, then build it: pydantic's errors
        (with their places) for data from a file, and the same record as built in code."""
        from typing import NotRequired

        from pydantic_core import core_schema
        from typing_extensions import TypedDict

        shape_fields = {
            name: NotRequired[hint] if name in cls._defaults else hint
            for name, hint in cls._hints().items()
        }
        typed_dict: Any = TypedDict
        shape = typed_dict(cls.__name__, shape_fields)
        shape.__pydantic_config__ = cls.__pydantic_config__
        schema = handler.generate_schema(shape)
        return core_schema.no_info_after_validator_function(
            lambda values: cls._validated(dict(values)),
            schema,
            serialization=core_schema.wrap_serializer_function_ser_schema(
                lambda record, serialize: serialize(record.__dict__), schema=schema
            ),
        )


R = TypeVar("R", bound=Record)


@functools.cache
def _by_kind(union: Any) -> dict[str, type[Record]]:
    """The records of a union told apart by `kind`, by their kind."""
    return {typing.get_args(m._hints()["kind"])[0]: m for m in typing.get_args(union)}


def read(hint: Any, raw: Any, *, strip: bool = False) -> Any:
    """A value of type `hint` from plain data (TOML's), made by the records' own
    constructors, so every check of theirs runs; whole numbers become floats where floats
    are due, and with `strip` texts lose the spaces around them (as a protocol's do when
    pydantic reads them). Data of another shape raises TypeError, ValueError, KeyError or
    AttributeError; pydantic says what and where."""
    origin = typing.get_origin(hint)
    if origin is Annotated:
        return read(typing.get_args(hint)[0], raw, strip=strip)
    if origin is list:
        if not isinstance(raw, list):
            raise TypeError("not a list")
        return [read(typing.get_args(hint)[0], item, strip=strip) for item in raw]
    if origin is Union or origin is types.UnionType:
        return read(_by_kind(hint)[raw["kind"]], raw, strip=strip)
    if isinstance(hint, type) and issubclass(hint, Record):
        hints = hint._hints()
        return hint(**{name: read(hints[name], value, strip=strip) for name, value in raw.items()})
    if hint is float and isinstance(raw, int | float) and not isinstance(raw, bool):
        return float(raw)
    if hint is str and isinstance(raw, str):
        return raw.strip() if strip else raw
    if origin is not Literal and (
        not isinstance(raw, hint) or isinstance(raw, bool) != (hint is bool)
    ):
        raise TypeError(f"not a {hint.__name__}")
    return raw
