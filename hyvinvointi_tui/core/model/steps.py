"""The steps of a protocol: one record per kind of step (what the students see and do in
it), the texts every step carries in each of the product's languages, and `Step`, the union a
protocol file's steps are read against (by their `kind`).

Annotations here are evaluated when the module runs (no `from __future__ import
annotations`): the shipped protocols are built from their fields' types at start-up
(`core/model/protocol.py`).
"""

from dataclasses import field
from typing import Annotated, Literal

from ..record import Field, Unique, record
from .help_contacts import Service
from .protocol_text import ProtocolRecord, Text

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


@record
class _StepBase(ProtocolRecord):
    """What every step has: its id, title, time budget, the students' guidance and lines to say."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]
    title: Text
    budget_minutes: Annotated[float, Field(strict=True, gt=0, le=600)]
    guidance: Text
    say: list[Text] = field(default_factory=list)


@record
class OrientationStep(_StepBase):
    """The opening: what the conversation is, and whether the client knew it."""

    kind: Literal["orientation"]
    info: Text


@record
class ConversationStep(_StepBase):
    """A talk the students lead with the step's guidance and lines."""

    kind: Literal["conversation"]
    # The step asks the client's consent (a follow-up's opening: it is asked anew).
    asks_consent: Annotated[bool, Field(strict=True)] = False


@record
class StressStep(_StepBase):
    """The client rates their stress on five levels; from `crisis_from` up, the crisis guidance."""

    kind: Literal["stress"]
    levels: Annotated[list[Text], Field(min_length=5, max_length=5)]
    crisis_from: Annotated[int, Field(strict=True, ge=2, le=5)] = 4
    crisis_guidance: Text

    def in_crisis(self, rating: int | None) -> bool:
        """A rating in the crisis range: the acute situation the step's guidance is for
        (the one rule every screen, page and report reads)."""
        return rating is not None and rating >= self.crisis_from


@record
class TimeCircleStep(_StepBase):
    """The client's day in hours per category, in each of the step's variants."""

    kind: Literal["time_circle"]
    variants: Annotated[list[Variant], Field(min_length=1), Unique("a variant is listed twice")] = (
        field(default_factory=_all_variants)
    )


OsaPart = Literal["self", "environment"]
OSA_PARTS: tuple[OsaPart, ...] = ("self", "environment")


@record
class OsaItem(ProtocolRecord):
    """One item: its number and short topic; `part` says whether it is about the client
    (motivation, habits, performance) or their environment."""

    number: Annotated[int, Field(strict=True, ge=1, le=99)]
    label: Text
    part: OsaPart = "self"


@record
class OsaStep(_StepBase):
    """The OSA self-assessment: each item rated for competence and value."""

    kind: Literal["osa"]
    items_note: Text
    items: Annotated[
        list[OsaItem],
        Field(min_length=1, max_length=60),
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


@record
class SummaryStep(_StepBase):
    """Strengths and challenges, gathered from the instruments and the talk."""

    kind: Literal["summary"]


@record
class GoalsStep(_StepBase):
    """The client's goals in their own words, with actions and dates."""

    kind: Literal["goals"]


@record
class ClosingStep(_StepBase):
    """The end of the session: what happens next, and the services it may recommend."""

    kind: Literal["closing"]
    services: list[Service] = field(default_factory=list)


@record
class ReviewStep(_StepBase):
    """A follow-up's review of the previous session's goals and actions."""

    kind: Literal["review"]


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


# Names the program gives its own screens around the steps (setup, the students' writing).
RESERVED_STEP_IDS = frozenset({"setup", "preparation", "reflection"})
