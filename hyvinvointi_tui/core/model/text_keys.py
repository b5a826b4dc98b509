"""The names of the session's text fields: each typed text is kept under a key, and its
edits are `TextEdited` events naming it."""

from __future__ import annotations


def notes_key(step: str) -> str:
    """The text field that holds a step's free notes."""
    return f"{step}.notes"


def focus_key(step: str) -> str:
    """The agreed focus of the next appointment (closing step)."""
    return f"{step}.focus"


def service_note_key(step: str) -> str:
    """Free text about the recommended service (closing step)."""
    return f"{step}.service_note"


CRISIS_PLAN_PARTS: tuple[str, ...] = ("today", "contacts", "week")


def feedback_key(step: str) -> str:
    """The client's own free comment on the conversation (closing step)."""
    return f"{step}.feedback"


def crisis_plan_key(step: str, part: str) -> str:
    """One of the three fields of the plan made with a client in an acute situation (stress
    step): what helps today, whom to contact, what happens this week."""
    return f"{step}.plan_{part}"


def review_note_key(step: str, goal_id: str) -> str:
    """The note on one previous goal in a follow-up's review step."""
    return f"{step}.goal_{goal_id}"


# The students' preparation before the session (not counted in its time): what they know
# from the referral, their plan, what they want to ask the teacher.
PREPARATION_PARTS: tuple[str, ...] = ("referral", "plan", "questions")
# The students' reflection after the client has left: four prompts, then a reading of the
# summary through the model of human occupation (motivation, roles and habits,
# performance, environment).
REFLECTION_PROMPTS: tuple[str, ...] = ("went_well", "hard", "differently", "ask_teacher")
REFLECTION_LENSES: tuple[str, ...] = ("motivation", "habits", "performance", "environment")
REFLECTION_PARTS: tuple[str, ...] = REFLECTION_PROMPTS + REFLECTION_LENSES


def preparation_key(part: str) -> str:
    """One field of the students' preparation."""
    return f"preparation.{part}"


def reflection_key(part: str) -> str:
    """One field of the students' reflection."""
    return f"reflection.{part}"


def is_students_own(key: str) -> bool:
    """The preparation and the reflection are the students' own writing: they may be
    written after the session is closed (the reflection is, by its nature)."""
    return key.startswith(("preparation.", "reflection."))
