"""The session script (protocol) as records, and a loader with readable errors.

A protocol file is TOML, validated by pydantic (the records tell it how: `core/model/record.py`).
Every text a person reads is given in each of the product's languages (Finnish, English,
Swedish). Validation problems are reported with their place in the file ("step 'stress' →
budget_minutes") so that an organisation editing its own protocol can fix it without
reading a traceback. The shipped protocols are built without pydantic (see `_load_shipped`).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from ..untrusted import MAX_PROTOCOL_BYTES, Refused, parse_toml, read_regular, visible_strings
from .record import Record, Rule, Tagged, Unique, field, read

if TYPE_CHECKING:
    from pydantic import TypeAdapter, ValidationError


STEP_KINDS: tuple[str, ...] = (
    "orientation",
    "conversation",
    "stress",
    "time_circle",
    "osa",
    "summary",
    "goals",
    "closing",
    "review",
)

Category = Literal["productive", "leisure", "self_care"]
TIME_CATEGORIES: tuple[Category, ...] = ("productive", "leisure", "self_care")
Variant = Literal["now", "before", "ideal"]
VARIANTS: tuple[Variant, ...] = ("now", "before", "ideal")


def _all_variants() -> list[Variant]:
    return ["now", "before", "ideal"]


class _Strict(Record):
    __pydantic_config__ = {"extra": "forbid", "str_strip_whitespace": True}


NonEmpty = Annotated[str, Rule(min_length=1)]


class Text(_Strict):
    """A text in every language of the product."""

    fi: NonEmpty
    en: NonEmpty
    sv: NonEmpty

    def __call__(self, lang: str) -> str:
        value: str = getattr(self, lang)
        return value


class _StepBase(_Strict):
    id: Annotated[str, Rule(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]
    title: Text
    budget_minutes: Annotated[float, Rule(gt=0, le=600)]
    guidance: Text
    say: list[Text] = field(default_factory=list)


class OrientationStep(_StepBase):
    kind: Literal["orientation"]
    info: Text


class ConversationStep(_StepBase):
    kind: Literal["conversation"]
    # The step asks the client's consent (a follow-up's opening: it is asked anew).
    asks_consent: bool = False


class StressStep(_StepBase):
    kind: Literal["stress"]
    levels: Annotated[list[Text], Rule(min_length=5, max_length=5)]
    crisis_from: Annotated[int, Rule(ge=2, le=5)] = 4
    crisis_guidance: Text

    def in_crisis(self, rating: int | None) -> bool:
        """A rating in the crisis range: the acute situation the step's guidance is for
        (the one rule every screen, page and report reads)."""
        return rating is not None and rating >= self.crisis_from


class TimeCircleStep(_StepBase):
    kind: Literal["time_circle"]
    variants: Annotated[list[Variant], Rule(min_length=1), Unique("a variant is listed twice")] = (
        field(default_factory=_all_variants)
    )


OsaPart = Literal["self", "environment"]
OSA_PARTS: tuple[OsaPart, ...] = ("self", "environment")


class OsaItem(_Strict):
    """One item: its number and short topic; `part` says whether it is about the client
    (motivation, habits, performance) or their environment."""

    number: Annotated[int, Rule(ge=1, le=99)]
    label: Text
    part: OsaPart = "self"


class OsaStep(_StepBase):
    kind: Literal["osa"]
    items_note: Text
    items: Annotated[
        list[OsaItem],
        Rule(min_length=1, max_length=60),
        Unique("two items have the same number", key=lambda item: item.number),
    ]

    def numbers(self, part: OsaPart | None = None) -> list[int]:
        """The items' numbers in order (only those of `part`, when given)."""
        return [item.number for item in self.items if part is None or item.part == part]

    def part_of(self, number: int) -> OsaPart:
        """Whether an item is about the client or their environment."""
        return next((item.part for item in self.items if item.number == number), "self")

    @property
    def has_environment(self) -> bool:
        """The form has both parts: myself and my environment."""
        return any(item.part == "environment" for item in self.items)


def item_range(numbers: list[int]) -> str:
    """ "22–29" for a run of item numbers, "3, 7, 9" otherwise."""
    if numbers and numbers == list(range(numbers[0], numbers[-1] + 1)) and len(numbers) > 2:
        return f"{numbers[0]}–{numbers[-1]}"
    return ", ".join(str(number) for number in numbers)


class SummaryStep(_StepBase):
    kind: Literal["summary"]


class GoalsStep(_StepBase):
    kind: Literal["goals"]


class ReviewStep(_StepBase):
    """A follow-up's review of the previous session's goals and actions."""

    kind: Literal["review"]


# A help contact's and a service's texts, bounded: the client's page prints every help
# contact whole and the emergency screen lists them all, so one of 300,000 characters (or
# 39 long ones) would push the rest off the sheet and the screen. The shipped protocols'
# longest: a name of 51 characters, a purpose of 88, a description of 74. (The course's
# number of contacts is bounded with these in mind: core/model/course.py.)
MAX_NAME = 60
MAX_PURPOSE = 160
MAX_DESCRIPTION = 400
MAX_SERVICE_CONTACT = 120


class Name(Text):
    """A help contact's or a service's name in every language."""

    fi: Annotated[str, Rule(min_length=1, max_length=MAX_NAME)]
    en: Annotated[str, Rule(min_length=1, max_length=MAX_NAME)]
    sv: Annotated[str, Rule(min_length=1, max_length=MAX_NAME)]


class Purpose(Text):
    """What a help contact is for, in every language (one line of the client's page)."""

    fi: Annotated[str, Rule(min_length=1, max_length=MAX_PURPOSE)]
    en: Annotated[str, Rule(min_length=1, max_length=MAX_PURPOSE)]
    sv: Annotated[str, Rule(min_length=1, max_length=MAX_PURPOSE)]


class Description(Text):
    """A service described for the students, in every language."""

    fi: Annotated[str, Rule(min_length=1, max_length=MAX_DESCRIPTION)]
    en: Annotated[str, Rule(min_length=1, max_length=MAX_DESCRIPTION)]
    sv: Annotated[str, Rule(min_length=1, max_length=MAX_DESCRIPTION)]


class Service(_Strict):
    """A service a closing may recommend. How to reach it goes on the client's page: an
    organisation's free text (`contact`), a phone number, a web address; a shipped protocol
    gives them only where the service's own page confirms them, with the date checked."""

    name: Name
    description: Description
    contact: Annotated[str, Rule(max_length=MAX_SERVICE_CONTACT)] = ""
    phone: Annotated[str, Rule(max_length=40)] = ""
    web: Annotated[str, Rule(max_length=200, pattern=r"^(\S+)?$")] = ""
    checked: Annotated[str, Rule(pattern=r"^([0-9]{4}-[0-9]{2}-[0-9]{2})?$")] = ""


class ClosingStep(_StepBase):
    kind: Literal["closing"]
    services: list[Service] = field(default_factory=list)


class Phone(_Strict):
    """A number per language (a helpline has one line for each); empty where no number is
    known: the organisation adds it."""

    fi: Annotated[str, Rule(max_length=40)] = ""
    en: Annotated[str, Rule(max_length=40)] = ""
    sv: Annotated[str, Rule(max_length=40)] = ""

    def __call__(self, lang: str) -> str:
        value: str = getattr(self, lang)
        return value


# How a help contact's `hours` says it answers at every hour.
ALWAYS_OPEN = "24/7"


class LineHours(_Strict):
    """The hours of a helpline's line in each language, where the service publishes them
    (a service's lines may keep different hours); empty where it does not."""

    fi: Annotated[str, Rule(max_length=80)] = ""
    en: Annotated[str, Rule(max_length=80)] = ""
    sv: Annotated[str, Rule(max_length=80)] = ""

    def __call__(self, lang: str) -> str:
        value: str = getattr(self, lang)
        return value


class HelpContact(_Strict):
    """Where a client can get help. A number is shipped only where the service's own page
    confirms it; `checked` is the date it was last confirmed (protocol check warns when
    that is over a year ago)."""

    name: Name
    purpose: Purpose
    phone: Phone = field(default_factory=Phone)
    # The hours of every line ("24/7" for always open); `line_hours` for one language's line.
    hours: Annotated[str, Rule(max_length=80)] = ""
    line_hours: LineHours = field(default_factory=LineHours)
    checked: Annotated[str, Rule(pattern=r"^([0-9]{4}-[0-9]{2}-[0-9]{2})?$")] = ""
    # The number for immediate danger to life or health (112): always on a crisis page.
    emergency: bool = False

    def called(self, lang: str, sep: str = " ") -> str:
        """The name with the number, where one is known and the name does not hold it
        already ("Hätänumero 112" stays as it is)."""
        name, phone = self.name(lang), self.phone(lang)
        return f"{name}{sep}{phone}" if phone and phone not in name else name

    def hours_for(self, lang: str) -> str:
        """The hours of the line in `lang`: its own where published, else the service's."""
        return self.line_hours(lang) or self.hours

    @property
    def always_open(self) -> bool:
        """Answers at every hour, on every line."""
        return self.hours == ALWAYS_OPEN and not any(
            self.line_hours(lang) for lang in ("fi", "en", "sv")
        )


Step = Annotated[
    OrientationStep
    | ConversationStep
    | StressStep
    | TimeCircleStep
    | OsaStep
    | SummaryStep
    | GoalsStep
    | ClosingStep
    | ReviewStep,
    Tagged("kind"),
]


# Names the program gives its own screens around the steps (setup, the students' writing).
RESERVED_STEP_IDS = frozenset({"setup", "preparation", "reflection"})


class Protocol(_Strict):
    """A whole session script: its steps in order, with budgets and texts."""

    id: Annotated[str, Rule(pattern=r"^[a-z][a-z0-9_-]*$", max_length=60)]
    version: Annotated[str, Rule(min_length=1, max_length=20)]
    title: Text
    total_minutes: Annotated[int, Rule(gt=0, le=600)]
    steps: Annotated[list[Step], Rule(min_length=1)]
    help_contacts: Annotated[list[HelpContact], Rule(max_length=40)] = field(default_factory=list)
    # Set by the loader from the file's bytes, never by the file itself: the digest, and the
    # text that a session carries so that it opens wherever it goes (store/session_file.py).
    sha256: str = ""
    source: str = ""

    def _check(self) -> None:
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
        self.problems = problems
        super().__init__(f"{source}: " + "; ".join(problems))

    def report(self) -> str:
        lines = [f"{self.source}: this protocol file cannot be used:"]
        lines += [f"  - {problem}" for problem in self.problems]
        return "\n".join(lines)


_MESSAGES = {
    "missing": "is missing",
    "extra_forbidden": "is not a known key (check the spelling)",
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


def _validation_problems(exc: ValidationError, data: Any) -> list[str]:
    return [_describe_error(error, data) for error in exc.errors()]


@functools.cache
def _adapter() -> TypeAdapter[Protocol]:
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
        data = parse_toml(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProtocolError(source, [f"the file is not valid TOML: {exc}"]) from None
    except Refused as exc:
        raise ProtocolError(source, [f"the file is refused: {exc}"]) from None
    # Texts are shown on the terminal and in exports: no control character gets there.
    return visible_strings(data)


def parse_protocol(raw: bytes, source: str = "protocol") -> Protocol:
    """Parse and validate protocol TOML; raise ProtocolError listing every problem."""
    from pydantic import ValidationError

    data = _data(raw, source)
    try:
        protocol = _adapter().validate_python(data, strict=True)  # "yes" is no boolean
    except ValidationError as exc:
        raise ProtocolError(source, _validation_problems(exc, data)) from None
    return _stamped(protocol, raw)


def _stamped(protocol: Protocol, raw: bytes) -> Protocol:
    """The protocol with the digest and the text of the file it was read from."""
    return protocol.replace(sha256=hashlib.sha256(raw).hexdigest(), source=raw.decode("utf-8"))


def _load_shipped(path: Path) -> Protocol:
    """A protocol shipped with the program, read by the records themselves (`record.read`:
    every check runs, without pydantic, which the first screen need not wait for). The tests
    check each shipped file with pydantic and that both give the very same protocol; should
    one have been edited into a wrong one, pydantic reports its problems like any file's."""
    raw = _read(path)
    try:
        protocol = read(Protocol, _data(raw, str(path)), strip=True)
    except (TypeError, ValueError, KeyError, AttributeError):
        return parse_protocol(raw, str(path))
    return _stamped(protocol, raw)


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
