"""Text fields bound to the session's text store, reporting their text after a short pause
in typing: the notes area (many lines) and a one-line field (an appointment's focus)."""

from __future__ import annotations

import time

from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, TextArea

from ..messages import TextChanged

# Report after this pause in typing, and at the latest this long after the first unreported
# keystroke, so that with autosave (within 1 s) a crash loses at most 2 s of typing.
DEBOUNCE_SECONDS = 0.5
MAX_UNREPORTED_SECONDS = 0.9


class _Reporting:
    """Typing is never slowed by the session: the text is only compared with the stored one
    after a pause, or when the app asks for it (`pending`) before leaving the step."""

    key: str
    _stored: str
    _debounce: Timer | None
    _first_unreported: float | None

    def _start_reporting(self, key: str, text: str) -> None:
        self.key = key
        self._stored = text
        self._debounce = None
        self._first_unreported = None

    @property
    def current_text(self) -> str:
        raise NotImplementedError

    def _changed(self) -> None:
        now = time.monotonic()
        if self._first_unreported is None:
            self._first_unreported = now
        if self._debounce is not None:
            self._debounce.stop()
        if now - self._first_unreported >= MAX_UNREPORTED_SECONDS:
            self._report()
        else:
            assert isinstance(self, Widget)
            self._debounce = self.set_timer(DEBOUNCE_SECONDS, self._report)

    def _report(self) -> None:
        pending = self.pending()
        if pending is not None:
            assert isinstance(self, Widget)
            self.post_message(TextChanged(self.key, pending))

    def pending(self) -> str | None:
        """The text, if it changed since it was last reported; marks it as reported."""
        if self._debounce is not None:
            self._debounce.stop()
            self._debounce = None
        self._first_unreported = None
        text = self.current_text
        if text == self._stored:
            return None
        self._stored = text
        return text


class NotesArea(_Reporting, TextArea):
    """Free text bound to one text field of the session (`key`)."""

    DEFAULT_CSS = """
    NotesArea { height: 1fr; min-height: 6; }
    """

    def __init__(self, key: str, text: str, *, id: str | None = None) -> None:
        super().__init__(text, id=id, soft_wrap=True, show_line_numbers=False, tab_behavior="focus")
        self._start_reporting(key, text)

    @property
    def current_text(self) -> str:
        return self.text

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self._changed()


class TextField(_Reporting, Input):
    """One line of text bound to a text field of the session (`key`)."""

    def __init__(self, key: str, text: str, *, placeholder: str = "", id: str | None = None):
        super().__init__(text, placeholder=placeholder, id=id, select_on_focus=False)
        self._start_reporting(key, text)

    @property
    def current_text(self) -> str:
        return self.value

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._changed()

    def set_text(self, text: str) -> None:
        """Show a text that is already stored (no report)."""
        self._stored = text
        self.value = text
