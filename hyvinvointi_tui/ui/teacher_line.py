"""How to reach the teacher during a session (the crisis reminder and the emergency
instructions): the supervising teacher's phone as the course gives it, said to be missing
when it does not, and the course's teachers with their contacts."""

from __future__ import annotations

from collections.abc import Sequence

from ..core.model.course import Teacher
from ..core.untrusted import visible
from ..i18n import t


def phone_line(lang: str, phone: str, key: str) -> str:
    """`key`'s sentence with the supervising teacher's phone, or its `…_no_phone` sentence
    that says the phone is missing from the course."""
    shown = visible(phone).strip()
    return t(lang, key, phone=shown) if shown else t(lang, f"{key}_no_phone")


def teachers_line(lang: str, section: str, teachers: Sequence[Teacher]) -> str:
    """ "The course's teachers: Name (contact); …", or "" when the course names none."""
    named = [visible(text) for teacher in teachers if (text := teacher.reminder())]
    return t(lang, f"{section}.teachers", teachers="; ".join(named)) if named else ""


def teacher_line(lang: str, teachers: Sequence[Teacher], phone: str) -> str:
    """The crisis reminder: call the supervising teacher now, and who the teachers are."""
    lines = [phone_line(lang, phone, "stress.teacher"), teachers_line(lang, "stress", teachers)]
    return " ".join(line for line in lines if line)
