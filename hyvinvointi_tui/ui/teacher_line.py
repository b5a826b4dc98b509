"""The line that says how to reach the teacher during a session (crisis and emergency)."""

from __future__ import annotations

from collections.abc import Sequence

from ..core.course import Teacher
from ..i18n import t


def teacher_line(lang: str, teachers: Sequence[Teacher]) -> str:
    """The course's teachers with their contacts, as course.toml has them, or the line
    that says to reach them as agreed on the course."""
    named = [text for teacher in teachers if (text := teacher.reminder())]
    if named:
        return t(lang, "stress.teacher", teachers="; ".join(named))
    return t(lang, "stress.teacher_unknown")
