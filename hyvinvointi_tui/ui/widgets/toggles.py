"""Radio buttons and check boxes whose state shows in their shape, not in their colour alone:
with NO_COLOR (which Textual honours) or on a monochrome screen, Textual's own draw "on" and
"off" with the same character."""

from __future__ import annotations

from textual import widgets
from textual.content import ContentText


class RadioButton(widgets.RadioButton):
    """● chosen, ○ not."""

    def __init__(
        self, label: ContentText = "", value: bool = False, *, id: str | None = None
    ) -> None:
        super().__init__(label, value, id=id)
        self.BUTTON_INNER = "●" if value else "○"

    def watch_value(self) -> None:
        self.BUTTON_INNER = "●" if self.value else "○"
        super().watch_value()


class Checkbox(widgets.Checkbox):
    """✓ ticked, blank not."""

    def __init__(
        self,
        label: ContentText = "",
        value: bool = False,
        *,
        id: str | None = None,
        compact: bool = False,
    ) -> None:
        super().__init__(label, value, id=id, compact=compact)
        self.BUTTON_INNER = "✓" if value else " "

    def watch_value(self) -> None:
        self.BUTTON_INNER = "✓" if self.value else " "
        super().watch_value()
