"""The session script (protocol): its steps in order, with budgets and texts, and a loader
with readable errors.

A protocol file is TOML, validated by pydantic against the records (`core/record.py`).
Every text a person reads is given in each of the product's languages (Finnish, English,
Swedish). Validation problems are reported with their place in the file ("step 'stress' →
budget_minutes") so that an organisation editing its own protocol can fix it without
reading a traceback. The shipped protocols are built without pydantic (see `_load_shipped`).
"""

import dataclasses
import datetime as dt
import functools
import types
import typing
from collections.abc import Iterator
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from ..record import Field, record
from ..untrusted import (
    MAX_PROTOCOL_BRACKETS,
    MAX_PROTOCOL_BYTES,
    NotToml,
    Refused,
    parse_toml,
    read_regular,
    visible_line,
    visible_toml,
)
from .help_contacts import HelpContact
from .protocol_text import ProtocolRecord, Text
from .steps import RESERVED_STEP_IDS, STEP_KINDS, ClosingStep, Step

if TYPE_CHECKING:
    from pydantic import TypeAdapter, ValidationError


@record
class Protocol(ProtocolRecord):
    """A whole session script: its steps in order, with budgets and texts."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]*$", max_length=60)]
    version: Annotated[str, Field(min_length=1, max_length=20)]
    title: Text
    total_minutes: Annotated[int, Field(strict=True, gt=0, le=600)]
    steps: Annotated[list[Step], Field(min_length=1)]
    help_contacts: Annotated[list[HelpContact], Field(max_length=40)] = field(default_factory=list)
    # Set by the loader from the file's bytes, never by the file itself: the text that a
    # session carries so that it opens wherever it goes (store/session_file.py).
    source: str = ""

    @functools.cached_property
    def sha256(self) -> str:
        """The digest of the file the protocol was read from ("" for one made in code)."""
        return digest(self.source) if self.source else ""

    def __post_init__(self) -> None:
        seen: set[str] = set()
        for step in self.steps:
            if step.id in RESERVED_STEP_IDS:
                raise ValueError(f"step id '{step.id}' is the program's own (choose another)")
            if step.id in seen:
                raise ValueError(f"step id '{step.id}' is used twice")
            seen.add(step.id)
        total = sum(step.budget_minutes for step in self.steps)
        if total > self.total_minutes:
            raise ValueError(
                f"the step budgets add up to {total:g} min, "
                f"more than total_minutes = {self.total_minutes}"
            )

    def step(self, step_id: str) -> Step:
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)

    def index(self, step_id: str) -> int:
        for number, step in enumerate(self.steps):
            if step.id == step_id:
                return number
        raise KeyError(step_id)


class ProtocolError(Exception):
    """A protocol file that cannot be used; `problems` lists each one with its place."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        # One line each, whatever the file's keys and values they name hold: a line break in
        # a key would print a line of the file's choosing under the heading.
        self.problems = [visible_line(problem) for problem in problems]
        super().__init__(f"{source}: " + "; ".join(self.problems))

    def report(self) -> str:
        lines = [f"{self.source}: this protocol file cannot be used:"]
        lines += [f"  - {problem}" for problem in self.problems]
        return "\n".join(lines)


_MESSAGES = {
    "missing": "is missing",
    "unexpected_keyword_argument": "is not a known key (check the spelling)",
    "string_too_short": "is empty",
}


def _describe_loc(loc: tuple[int | str, ...], data: Any) -> str:
    """Turn a pydantic error location into words: "step 'stress' (no. 3) → guidance.sv"."""
    parts: list[str] = []
    rest = list(loc)
    if len(rest) >= 2 and rest[0] == "steps" and isinstance(rest[1], int):
        index = rest[1]
        raw_steps = data.get("steps") if isinstance(data, dict) else None
        raw = raw_steps[index] if isinstance(raw_steps, list) and index < len(raw_steps) else None
        step_id = raw.get("id") if isinstance(raw, dict) else None
        label = f"step '{step_id}'" if isinstance(step_id, str) else "step"
        parts.append(f"{label} (no. {index + 1})")
        rest = rest[2:]
        # The discriminated union puts the step's kind into the location; it says nothing new.
        if rest and isinstance(raw, dict) and rest[0] == raw.get("kind"):
            rest = rest[1:]
    if rest:
        field = ""
        for part in rest:
            field += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if field else part)
        parts.append(field)
    return " → ".join(parts) if parts else "the file"


def _describe_error(error: Any, data: Any) -> str:
    kind = error["type"]
    if kind == "union_tag_invalid":
        tag = error.get("ctx", {}).get("tag", "?")
        message = f"unknown step kind '{tag}' (known kinds: {', '.join(STEP_KINDS)})"
    elif kind == "union_tag_not_found":
        message = f"has no 'kind' (one of: {', '.join(STEP_KINDS)})"
    elif kind in _MESSAGES:
        message = _MESSAGES[kind]
    else:
        message = str(error["msg"]).removeprefix("Value error, ")
        if kind in {"float_parsing", "int_parsing", "float_type", "int_type"}:
            message += f" (got {error.get('input')!r})"
    return f"{_describe_loc(tuple(error['loc']), data)}: {message}"


def _validation_problems(exc: "ValidationError", data: Any) -> list[str]:
    return [_describe_error(error, data) for error in exc.errors()]


@functools.cache
def _adapter() -> "TypeAdapter[Protocol]":
    # lazy: pydantic, about 95 ms before the first screen (docs/ARCHITECTURE.md)
    from pydantic import TypeAdapter

    return TypeAdapter(Protocol)


def _data(raw: bytes, source: str) -> Any:
    """The TOML document of a protocol file (ProtocolError if it is not one)."""
    if not raw.strip():
        raise ProtocolError(source, ["the file is empty"])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProtocolError(source, [f"the file is not UTF-8 text (byte {exc.start})"]) from None
    try:
        data = parse_toml(text, MAX_PROTOCOL_BRACKETS)
    except NotToml as exc:
        raise ProtocolError(source, [f"the file is not valid TOML: {exc}"]) from None
    except Refused as exc:
        raise ProtocolError(source, [f"the file is refused: {exc}"]) from None
    # Texts are shown on the terminal and in exports: no control character gets there.
    return visible_toml(text, data)


def parse_protocol(raw: bytes, source: str = "protocol") -> Protocol:
    """Parse and validate protocol TOML; raise ProtocolError listing every problem."""
    # lazy: pydantic, about 95 ms before the first screen (docs/ARCHITECTURE.md)
    from pydantic import ValidationError

    data = _data(raw, source)
    try:
        protocol = _adapter().validate_python(data)
    except ValidationError as exc:
        raise ProtocolError(source, _validation_problems(exc, data)) from None
    return _stamped(protocol, raw)


def digest(source: str) -> str:
    """The sha256 of a protocol file's text, as a session or a course carries it."""
    # lazy: hashlib loads OpenSSL, 1.7 ms before the first screen, which needs no digest
    # (the first save does; docs/ARCHITECTURE.md)
    import hashlib

    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def _stamped(protocol: Protocol, raw: bytes) -> Protocol:
    """The protocol with the text of the file it was read from (its digest is worked out
    from that text when first asked for)."""
    return protocol.replace(source=raw.decode("utf-8"))


def _load_shipped(path: Path) -> Protocol:
    """A protocol shipped with the program, built from its TOML by `_built`, without pydantic
    (which the first screen need not wait for: docs/ARCHITECTURE.md). The tests validate each
    shipped file with pydantic and check that both give the very same protocol; should one
    have been edited into a shape `_built` cannot take, pydantic reports its problems like
    any file's."""
    raw = _read(path)
    try:
        protocol = _built(Protocol, _data(raw, str(path)))
    except (TypeError, ValueError, KeyError, AttributeError):
        return parse_protocol(raw, str(path))
    return _stamped(protocol, raw)


def _built(hint: Any, raw: Any) -> Any:
    """A value of type `hint` from a shipped protocol's TOML, of the right types but with its
    bounds unchecked (the tests check them): records by their fields' types, a step by its
    `kind`, whole numbers as floats where floats are due, texts without the spaces around
    them (as pydantic reads them)."""
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is Annotated:
        return _built(args[0], raw)
    if origin is list:
        return [_built(args[0], item) for item in raw]
    if origin is types.UnionType:
        by_kind = {typing.get_args(_field_types(m)["kind"])[0]: m for m in args}
        return _built(by_kind[raw["kind"]], raw)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        fields = _field_types(hint)
        return hint(**{name: _built(fields[name], value) for name, value in raw.items()})
    if hint is float and type(raw) in (int, float):
        return float(raw)
    if hint is str and type(raw) is str:
        return raw.strip()
    if hint in (int, bool, float, str) and type(raw) is not hint:
        raise TypeError(f"not a {hint.__name__}: {raw!r}")
    return raw  # a Literal: pydantic checks it in the tests


@functools.cache
def _field_types(record: type) -> dict[str, Any]:
    return {field.name: field.type for field in dataclasses.fields(record)}


def _read(path: Path) -> bytes:
    """A protocol file's bytes: a regular file of at most MAX_PROTOCOL_BYTES."""
    try:
        return read_regular(path, MAX_PROTOCOL_BYTES)
    except Refused as exc:
        raise ProtocolError(str(path), [f"cannot be used as a protocol file: {exc}"]) from None
    except OSError as exc:
        raise ProtocolError(str(path), [f"cannot read the file: {exc.strerror}"]) from None


def load_protocol(path: Path) -> Protocol:
    """Read a protocol file from disk; unreadable files are a ProtocolError too."""
    return parse_protocol(_read(path), str(path))


def _builtin_dir() -> Path:
    """Where the shipped protocols are: inside the installed package, or the source tree."""
    package = Path(__file__).resolve().parents[2]  # importlib.resources would add 2 ms
    packaged = package / "protocols"
    if packaged.is_dir():
        return packaged
    return package.parent / "protocols"


def builtin_protocols() -> Iterator[Path]:
    """The protocol files shipped with the program, sorted by name."""
    yield from sorted(_builtin_dir().glob("*.toml"))


DEFAULT_PROTOCOL = "hyvinvointikeskustelu"


def shipped_protocol(name: str) -> Protocol | None:
    """A shipped protocol by its name only (a name read from a file is never a path)."""
    return next((p for p in _shipped_digests().values() if p.id == name), None)


def resolve_protocol(name_or_path: str = DEFAULT_PROTOCOL) -> Protocol:
    """Load a shipped protocol by name, or any protocol file by path."""
    candidate = Path(name_or_path)
    if candidate.suffix == ".toml" or candidate.exists():
        return load_protocol(candidate)
    shipped = _builtin_dir() / f"{name_or_path}.toml"
    if shipped.is_file():
        return _load_shipped(shipped)
    known = ", ".join(path.stem for path in builtin_protocols())
    raise ProtocolError(
        name_or_path, [f"no such protocol file, and no shipped protocol of that name ({known})"]
    )


def stale_contacts(protocol: Protocol, today: dt.date) -> list[str]:
    """Warnings for help contacts, and services that carry a phone or web address, not
    confirmed within a year (or never)."""
    found: list[tuple[str, str]] = [
        (f"help contact '{contact.name('en')}'", contact.checked)
        for contact in protocol.help_contacts
    ]
    for step in protocol.steps:
        if isinstance(step, ClosingStep):
            found += [
                (f"service '{service.name('en')}'", service.checked)
                for service in step.services
                if service.phone or service.web
            ]
    warnings = []
    for what, when in found:
        if not when:
            warnings.append(f"{what}: no date it was last checked")
            continue
        checked = dt.date.fromisoformat(when)
        if (today - checked).days > 365:
            warnings.append(f"{what}: last checked {checked.isoformat()}, over a year ago")
    return warnings


def shipped_by_digest(digest: str) -> Protocol | None:
    """The shipped protocol whose file has this sha256, if one has (read without pydantic)."""
    return _shipped_digests().get(digest)


@functools.cache
def _shipped_digests() -> dict[str, Protocol]:
    protocols = (_load_shipped(path) for path in builtin_protocols())
    return {protocol.sha256: protocol for protocol in protocols}
