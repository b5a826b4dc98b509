"""The course's people as its course file names them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Teacher:
    recipient: str
    name: str = ""
    contact: str = ""  # how students reach the teacher during a session, as the course says

    def reminder(self) -> str:
        """ "Name (contact)" for the crisis reminder; "" when neither is known."""
        if self.name and self.contact:
            return f"{self.name} ({self.contact})"
        return self.name or self.contact
