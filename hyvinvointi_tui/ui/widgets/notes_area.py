"""A text area for notes that reports its text after a short pause in typing."""

from __future__ import annotations

import time

from textual.timer import Timer
from textual.widgets import TextArea

from ..messages import TextChanged

# Report after this pause in typing, and at the latest this long after the first unreported
# keystroke, so that with autosave (within 1 s) a crash loses at most 2 s of typing.
DEBOUNCE_SECONDS = 0.5
MAX_UNREPORTED_SECONDS = 0.9


class NotesArea(TextArea):
    """Free text bound to one text field of the session (`key`).

    Typing is never slowed by the session: the text is only compared with the stored one
    after a pause, or when the app asks for it (`pending`) before leaving the step.
    """

    DEFAULT_CSS = """
    NotesArea { height: 1fr; min-height: 6; }
    """

    def __init__(self, key: str, text: str, *, id: str | None = None) -> None:
        super().__init__(text, id=id, soft_wrap=True, show_line_numbers=False, tab_behavior="focus")
        self.key = key
        self._stored = text
        self._debounce: Timer | None = None
        self._first_unreported: float | None = None

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        now = time.monotonic()
        if self._first_unreported is None:
            self._first_unreported = now
        if self._debounce is not None:
            self._debounce.stop()
        if now - self._first_unreported >= MAX_UNREPORTED_SECONDS:
            self._report()
        else:
            self._debounce = self.set_timer(DEBOUNCE_SECONDS, self._report)

    def _report(self) -> None:
        pending = self.pending()
        if pending is not None:
            self.post_message(TextChanged(self.key, pending))

    def pending(self) -> str | None:
        """The text, if it changed since it was last reported; marks it as reported."""
        if self._debounce is not None:
            self._debounce.stop()
            self._debounce = None
        self._first_unreported = None
        text = self.text
        if text == self._stored:
            return None
        self._stored = text
        return text
