"""Text fields bound to the session's text store, reporting their text within a second of
typing: the notes area (many lines) and a one-line field (an appointment's focus)."""

from __future__ import annotations

from textual.cache import LRUCache
from textual.document._wrapped_document import WrappedDocument
from textual.geometry import Region
from textual.strip import Strip
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, TextArea

from ..messages import TextChanged
from ..timings import TIMINGS

# Textual's private names this module draws the notes with (tests/unit/test_textual_private.py
# fails if an upgrade changes one; tests/app/test_notes_area.py checks what they draw).
TEXTUAL_PRIVATE = (
    "textual.document._wrapped_document",
    "WrappedDocument._offset_to_line_info",
    "WrappedDocument._wrap_offsets",
    "TextArea._theme",
    "TextArea._matching_bracket_location",
    "TextArea._render_line",
)


class _Reporting:
    """Typing is never slowed by the session: the text is only compared with the stored one
    when the report is due, or when the app asks for it (`pending`) before leaving the step."""

    key: str
    report_seconds: float  # typing is reported this long after the first key not reported
    _stored: str
    _due: Timer | None

    def _start_reporting(self, key: str, text: str, report_seconds: float) -> None:
        self.key = key
        self._stored = text
        self._due = None
        self.report_seconds = report_seconds

    @property
    def current_text(self) -> str:
        raise NotImplementedError

    def _changed(self) -> None:
        if self._due is None:
            assert isinstance(self, Widget)
            self._due = self.set_timer(self.report_seconds, self._report)

    def _report(self) -> None:
        pending = self.pending()
        if pending is not None:
            assert isinstance(self, Widget)
            self.post_message(TextChanged(self.key, pending))

    def pending(self) -> str | None:
        """The text, if it changed since it was last reported; marks it as reported."""
        if self._due is not None:
            self._due.stop()
            self._due = None
        text = self.current_text
        if text == self._stored:
            return None
        self._stored = text
        return text


class _WrappedNotes(WrappedDocument):
    """Textual's wrapped document with its height counted in O(1).

    Textual 8.2.8 sums the wrapped sections of every line each time it asks for the height,
    and its TextArea asks once per line it draws: with 50 KB of notes (~1,600 wrapped lines)
    that was 35 µs a line, over a millisecond for each frame of a key. The document keeps
    one entry per wrapped line in `_offset_to_line_info` (`wrap` builds it so and
    `wrap_range` replaces the edited range's entries), so its length is the height;
    tests/app/test_notes_area.py checks the two agree after any edits."""

    @property
    def height(self) -> int:
        return len(self._offset_to_line_info)


class NotesArea(_Reporting, TextArea):
    """Free text bound to one text field of the session (`key`)."""

    DEFAULT_CSS = """
    NotesArea { height: 1fr; min-height: 6; }
    """

    def __init__(
        self,
        key: str,
        text: str,
        *,
        id: str | None = None,
        report_seconds: float = TIMINGS.report,
    ) -> None:
        self._rows: LRUCache[tuple[object, ...], Strip] = LRUCache(1024)
        self._frame: tuple[object, ...] | None = None
        self._drawing = False
        super().__init__(text, id=id, soft_wrap=True, show_line_numbers=False, tab_behavior="focus")
        self._start_reporting(key, text, report_seconds)

    # Textual 8.2.8 draws every visible line of a text area again after each key (it clears
    # its line cache at every edit, and with soft wrap its cache key holds the selection):
    # with full notes, 25 lines rebuilt per key, of which one or two changed. Here a wrapped
    # line that neither the cursor, the selection nor a matched bracket touches is kept by
    # what it shows (the document line, which wrapped section, the width and the styles),
    # so it is reused wherever it moves; the rest go through Textual as before.
    # tests/app/test_notes_area.py draws both ways after edits, moves and selections.

    def render_lines(self, crop: Region) -> list[Strip]:
        self._drawing = True  # the frame's styles are read at its first line (below)
        try:
            return super().render_lines(crop)
        finally:
            self._drawing = False
            self._frame = None

    def _frame_styles(self) -> tuple[object, ...] | None:
        """What every line of this frame is drawn with (read once the CSS theme is applied,
        which TextArea.render_lines does first)."""
        if not self._drawing:
            return None
        if self._frame is None:
            theme = self._theme
            self._frame = (
                self.size,
                self.scrollable_content_region.width,
                self.theme,
                None if theme is None else theme.base_style,
                self.rich_style,
                self.indent_width,
            )
        return self._frame

    def render_line(self, y: int) -> Strip:
        frame, document, wrapped = self._frame_styles(), self.document, self.wrapped_document
        absolute_y = self.scroll_offset.y + y
        if (
            frame is None
            or not self.soft_wrap
            or self.show_line_numbers
            or self.language is not None
            or absolute_y >= wrapped.height
            or (document.line_count == 1 and not document[0])  # the placeholder
        ):
            return super().render_line(y)
        row, section = wrapped._offset_to_line_info[absolute_y]
        start, end = self.selection
        bracket = self._matching_bracket_location
        # The rows from the selection's start to its end (the cursor) are drawn by Textual.
        if min(start[0], end[0]) <= row <= max(start[0], end[0]) or (
            bracket is not None and bracket[0] == row
        ):
            return super().render_line(y)
        line = document[row]
        key = (frame, line, section, tuple(wrapped._wrap_offsets[row]))
        strip = self._rows.get(key)
        if strip is None:
            strip = self._rows[key] = self._render_line(y)
        return strip

    @property
    def wrapped_document(self) -> WrappedDocument:
        return self._wrapped

    @wrapped_document.setter
    def wrapped_document(self, wrapped: WrappedDocument) -> None:
        # TextArea makes a new WrappedDocument for each document it is given.
        if type(wrapped) is WrappedDocument:
            wrapped.__class__ = _WrappedNotes
        self._wrapped = wrapped

    @property
    def current_text(self) -> str:
        return self.text

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self._changed()
        # A key that makes the last line wrap in full notes left the new line below the
        # view until the next key: TextArea scrolls to the cursor before it rewraps.
        self.call_after_refresh(self.scroll_cursor_visible)


class TextField(_Reporting, Input):
    """One line of text bound to a text field of the session (`key`)."""

    def __init__(
        self,
        key: str,
        text: str,
        *,
        placeholder: str = "",
        id: str | None = None,
        report_seconds: float = TIMINGS.report,
    ):
        super().__init__(text, placeholder=placeholder, id=id, select_on_focus=False)
        self._start_reporting(key, text, report_seconds)

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
