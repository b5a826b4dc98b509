"""What the app's collaborators (the autosaver, the start flows, the incidents, the client's
documents, the roles) may ask of the app that owns them, as protocols: each names what it
uses, and none imports the app (ui/app.py imports them)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from textual.message import Message
    from textual.notifications import SeverityLevel
    from textual.screen import Screen
    from textual.timer import Timer
    from textual.worker import Worker

    from ..core.model.protocol import Protocol as SessionProtocol
    from ..core.model.session import Session
    from ..store.student import Student


class TextualHost(Protocol):
    """The Textual calls a collaborator makes on the app (as Textual's App spells them)."""

    @property
    def is_running(self) -> bool: ...
    @property
    def screen_stack(self) -> list[Screen[Any]]: ...
    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None: ...
    def push_screen(
        self, screen: Screen[Any] | str, callback: Callable[[Any], None] | None = None
    ) -> object: ...
    def call_after_refresh(self, callback: Callable[[], object]) -> bool: ...
    def set_timer(self, delay: float, callback: Callable[[], object]) -> Timer: ...
    def post_message(self, message: Message) -> bool: ...
    def run_worker(
        self,
        work: Callable[[], None],
        name: str | None = "",
        group: str = "default",
        description: str = "",
        exit_on_error: bool = True,
        start: bool = True,
        exclusive: bool = False,
        thread: bool = False,
    ) -> Worker[Any]: ...
    def exit(self) -> None: ...


class SessionHost(TextualHost, Protocol):
    """An app running a session: what the helpers of the session's actions use."""

    @property
    def session(self) -> Session: ...
    @property
    def protocol(self) -> SessionProtocol: ...
    @property
    def student(self) -> Student | None: ...
    @property
    def session_lang(self) -> str:
        """The session's language once it has started, the app's before."""
        ...

    def tr(self, key: str, **values: object) -> str:
        """A text of the interface in the session's language."""
        ...

    def flush_texts(self) -> None:
        """Record what was typed on the current screen before anything leaves it."""

    def show_step(self) -> None:
        """Show the current step as the session now stands."""

    def show_session_state(self) -> None:
        """The screen on top shows the session's state again (after a recorded event)."""

    def unless_closed(self) -> AbstractContextManager[None]:
        """Around a change of the session: refused with a word if the session is closed."""
        ...
