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
