"""The session script (protocol) as pydantic models, and a loader with readable errors.

A protocol file is TOML. Every text a person reads is given in each of the product's
languages (Finnish, English, Swedish). Validation problems are reported with their place
in the file ("step 'stress' → budget_minutes") so that an organisation editing its own
protocol can fix it without reading a traceback.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

LANGUAGES: tuple[str, ...] = ("fi", "en", "sv")
Lang = Literal["fi", "en", "sv"]

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

TIME_CATEGORIES: tuple[str, ...] = ("productive", "leisure", "self_care")
Variant = Literal["now", "before", "ideal"]


def _all_variants() -> list[Variant]:
    return ["now", "before", "ideal"]


class _Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True
    )


class Text(_Strict):
    """A text in every language of the product."""

    fi: str = Field(min_length=1)
    en: str = Field(min_length=1)
    sv: str = Field(min_length=1)

    def __call__(self, lang: str) -> str:
        value: str = getattr(self, lang)
        return value


class _StepBase(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)
    title: Text
    budget_minutes: float = Field(gt=0, le=600)
    guidance: Text
    say: list[Text] = Field(default_factory=list)


class OrientationStep(_StepBase):
    kind: Literal["orientation"]
    info: Text


class ConversationStep(_StepBase):
    kind: Literal["conversation"]


class StressStep(_StepBase):
    kind: Literal["stress"]
    levels: list[Text] = Field(min_length=5, max_length=5)
    crisis_from: int = Field(default=4, ge=2, le=5)
    crisis_guidance: Text


class TimeCircleStep(_StepBase):
    kind: Literal["time_circle"]
    variants: list[Variant] = Field(default_factory=_all_variants, min_length=1)

    @field_validator("variants")
    @classmethod
    def _unique_variants(cls, value: list[Variant]) -> list[Variant]:
        if len(set(value)) != len(value):
            raise ValueError("a variant is listed twice")
        return value


class OsaItem(_Strict):
    number: int = Field(ge=1, le=99)
    label: Text


class OsaStep(_StepBase):
    kind: Literal["osa"]
    items_note: Text
    items: list[OsaItem] = Field(min_length=1, max_length=60)

    @field_validator("items")
    @classmethod
    def _unique_numbers(cls, value: list[OsaItem]) -> list[OsaItem]:
        numbers = [item.number for item in value]
        if len(set(numbers)) != len(numbers):
            raise ValueError("two items have the same number")
        return value


class SummaryStep(_StepBase):
    kind: Literal["summary"]


class GoalsStep(_StepBase):
    kind: Literal["goals"]


class ReviewStep(_StepBase):
    """A follow-up's review of the previous session's goals and actions."""

    kind: Literal["review"]


class Service(_Strict):
    name: Text
    description: Text
    contact: str = ""


class ClosingStep(_StepBase):
    kind: Literal["closing"]
    services: list[Service] = Field(default_factory=list)


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
    Field(discriminator="kind"),
]


class Protocol(_Strict):
    """A whole session script: its steps in order, with budgets and texts."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_-]*$", max_length=60)
    version: str = Field(min_length=1, max_length=20)
    title: Text
    total_minutes: int = Field(gt=0, le=600)
    steps: list[Step] = Field(min_length=1)
    # Set by the loader from the file's bytes, never by the file itself.
    sha256: str = Field(default="", exclude=True)

    @model_validator(mode="after")
    def _check_steps(self) -> Protocol:
        seen: set[str] = set()
        for step in self.steps:
            if step.id in seen:
                raise ValueError(f"step id '{step.id}' is used twice")
            seen.add(step.id)
        total = sum(step.budget_minutes for step in self.steps)
        if total > self.total_minutes:
            raise ValueError(
                f"the step budgets add up to {total:g} min, "
                f"more than total_minutes = {self.total_minutes}"
            )
        return self

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


def parse_protocol(raw: bytes, source: str = "protocol") -> Protocol:
    """Parse and validate protocol TOML; raise ProtocolError listing every problem."""
    if not raw.strip():
        raise ProtocolError(source, ["the file is empty"])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProtocolError(source, [f"the file is not UTF-8 text (byte {exc.start})"]) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProtocolError(source, [f"the file is not valid TOML: {exc}"]) from None
    try:
        protocol = Protocol.model_validate(data)
    except ValidationError as exc:
        raise ProtocolError(source, _validation_problems(exc, data)) from None
    return protocol.model_copy(update={"sha256": hashlib.sha256(raw).hexdigest()})


def load_protocol(path: Path) -> Protocol:
    """Read a protocol file from disk; unreadable files are a ProtocolError too."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ProtocolError(str(path), [f"cannot read the file: {exc.strerror}"]) from None
    return parse_protocol(raw, str(path))


def _builtin_dir() -> Path:
    """Where the shipped protocols are: inside the installed package, or the source tree."""
    packaged = Path(str(resources.files("hyvinvointi_tui"))) / "protocols"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "protocols"


def builtin_protocols() -> Iterator[Path]:
    """The protocol files shipped with the program, sorted by name."""
    yield from sorted(_builtin_dir().glob("*.toml"))


DEFAULT_PROTOCOL = "hyvinvointikeskustelu"


def resolve_protocol(name_or_path: str = DEFAULT_PROTOCOL) -> Protocol:
    """Load a shipped protocol by name, or any protocol file by path."""
    candidate = Path(name_or_path)
    if candidate.suffix == ".toml" or candidate.exists():
        return load_protocol(candidate)
    shipped = _builtin_dir() / f"{name_or_path}.toml"
    if shipped.is_file():
        return load_protocol(shipped)
    known = ", ".join(path.stem for path in builtin_protocols())
    raise ProtocolError(
        name_or_path, [f"no such protocol file, and no shipped protocol of that name ({known})"]
    )
