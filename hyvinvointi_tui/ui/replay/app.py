"""`hyvinvointi replay FILE`: the replay on its own, as a program."""

from __future__ import annotations

from .. import memory
from ..paste_safe_app import PasteSafeApp
from .screen import ReplayScreen


class ReplayApp(PasteSafeApp[None]):
    """`hyvinvointi replay FILE`: the replay screen on its own, or a chain of them (a first
    session and its follow-ups), the last one first."""

    CSS_PATH = "../app.tcss"
    ENABLE_COMMAND_PALETTE = False
    TITLE = "hyvinvointi"

    def __init__(self, screens: list[ReplayScreen]) -> None:
        super().__init__()
        self.screens_in_chain = screens
        self.position = len(screens) - 1

    @property
    def replay_screen(self) -> ReplayScreen:
        return self.screens_in_chain[self.position]

    def on_mount(self) -> None:
        self.start_with(self._show_first_screen)

    def _show_first_screen(self) -> None:
        for number, screen in enumerate(self.screens_in_chain):
            screen.standalone = True
            self.install_screen(screen, f"session-{number}")
        self.push_screen(f"session-{self.position}")
        self.call_after_refresh(memory.settle)

    def on_unmount(self) -> None:
        memory.release()

    def action_chain(self, by: int) -> None:
        """The earlier (-1) or later (+1) session of the chain."""
        position = self.position + by
        if 0 <= position < len(self.screens_in_chain):
            self.position = position
            self.switch_screen(f"session-{position}")
