"""What a step screen shows once the session is closed: a banner saying when, the notes
added after closing, and a field to add one (a closed session takes nothing else)."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from ...core.dates import clock_time
from ...core.model.state import SessionState
from ...i18n import t
from ..widgets.append_note import AppendNote
from ..widgets.plain import Static


def closed_widgets(lang: str) -> list[Widget]:
    """Shown once the session is closed, first in the work pane: what can still be done.
    Made only then (a session is closed once), not hidden in every screen."""
    return [
        Static(id="closed-banner"),
        Static(id="after-closing"),
        AppendNote(placeholder=t(lang, "closing.append"), id="append-note"),
    ]


def added_after_closing(state: SessionState, step: str, created: str, lang: str) -> Text:
    """The notes added to `step` after the session closed, each with its time."""
    lines = Text()
    for t_added, noted_on, text in state.after_closing:
        if noted_on == step:
            lines.append(f"• {text}  ")
            mark = t(lang, "closing.added_after", time=clock_time(created, t_added))
            lines.append(f"({mark})\n", "italic")
    return lines
