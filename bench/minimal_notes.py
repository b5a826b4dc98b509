"""The floor for `keystroke.py`: a minimal Textual app that is one focused text area
(optionally filled with the same 50 KB), with Textual's Footer, nothing of its own but
the work-around the app has for a TextArea bug."""

import sys
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Footer, Static, TextArea


class MinimalNotes(App[None]):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        yield Static("Step 1 of 8")
        yield TextArea(self.text, soft_wrap=True)
        yield Footer()

    def on_text_area_changed(self) -> None:
        # Textual 8.2.8 leaves the line a key wraps below the view of a full text area until
        # the next key (the app works around it the same way): without this the floor would
        # wait for a key that is never drawn.
        self.query_one(TextArea).call_after_refresh(self.query_one(TextArea).scroll_cursor_visible)

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)


if __name__ == "__main__":
    words = Path(sys.argv[1]).read_text(encoding="utf-8") if len(sys.argv) > 1 else ""
    MinimalNotes(words).run()
