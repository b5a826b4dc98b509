"""What the settings screen changes for the unlocked student: the course (join a course
file, remove a teacher) and the passphrase. Each change is saved at once; each answer is ""
or one line that says why nothing changed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..core.model.course import Course, fingerprint
from ..core.model.preferences import Preferences
from . import course as courses
from .keys import KeyProblem, WrongPassphrase, change_passphrase
from .paths import identity_path
from .preferences import read_preferences, save_preferences
from .student import Student
from .typed_path import TypedPathProblem, typed_file


class StudentSettings:
    def __init__(self, student: Student) -> None:
        self.student = student

    @property
    def data_folder(self) -> Path:
        return self.student.home

    @property
    def key_file(self) -> Path:
        return identity_path(self.student.home)

    def course(self) -> Course:
        return self.student.course

    def _now(self, course: Course) -> None:
        """New sessions from now on follow the changed course."""
        self.student.course = course
        self.student.teachers = list(course.teachers)

    def join(self, path: str) -> str:
        try:
            course = courses.course_to_join(typed_file(path))
        except (KeyProblem, TypedPathProblem) as exc:
            return str(exc)
        try:
            courses.join(self.student.home, course)
        except OSError as exc:
            return f"the course could not be saved ({exc.strerror})"
        self._now(course)
        return ""

    def add_teacher(self, recipient: str) -> str:
        return self._teachers(
            lambda: courses.add_teacher(self.student.home, recipient),
            f"{fingerprint(recipient.strip())}: already a teacher of the course",
        )

    def remove_teacher(self, recipient: str) -> str:
        return self._teachers(
            lambda: courses.remove_teacher(self.student.home, recipient),
            f"no teacher {fingerprint(recipient.strip())} in the course",
        )

    def _teachers(self, change: Callable[[], bool], unchanged: str) -> str:
        """Change the course's teachers; "" when done, else why not."""
        try:
            if not change():
                return unchanged
            self._now(courses.read_course(self.student.home))
        except KeyProblem as exc:
            return str(exc)
        except OSError as exc:
            return f"the course could not be saved ({exc.strerror})"
        return ""

    def preferences(self) -> Preferences:
        return read_preferences(self.student.home)

    def save_preferences(self, preferences: Preferences) -> str:
        try:
            save_preferences(self.student.home, preferences)
        except OSError as exc:
            return exc.strerror or type(exc).__name__
        return ""

    def change_passphrase(self, old: str, new: str) -> str:
        try:
            change_passphrase(self.student.home, old, new)
        except WrongPassphrase:
            return "wrong"
        except KeyProblem as exc:
            return str(exc)
        except OSError as exc:
            return exc.strerror or type(exc).__name__
        return ""
