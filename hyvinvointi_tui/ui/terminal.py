"""A terminal that can be closed under the app (a closed window, tmux kill-session).

Textual's Linux driver draws through a writer thread fed by a queue of 30 writes. Once the
terminal is gone, the thread's write raises and the thread ends; the queue fills, and the
next write — at the latest the one that stops the writer as the app exits — waits forever.
The process then outlives its terminal, its event loop stuck, deaf to SIGTERM (found closing
tmux as the first screen was drawn: 8 of 10 demos stayed alive, only kill -9 ended them).

Here the output to a closed terminal is dropped instead: the standard streams that went to
it go to /dev/null (what is still written, Python's last flush too, goes nowhere and cannot
fail), and the app is told with `TerminalClosed`, as if by a hang-up. The SIGCONT the kernel
sends with a hang-up no longer restarts the terminal's threads (Textual restarts them on any
SIGCONT, suspended or not, and a second input thread was left running): only a suspended
app resumes. Every private Textual name this needs is here (`TEXTUAL_PRIVATE`;
`tests/unit/test_textual_private.py` fails if an upgrade renames it).
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer
    from textual.app import App
    from textual.driver import Driver

# `_file`: where LinuxDriver's writer thread writes the screen (set in its __init__).
TEXTUAL_PRIVATE = ("LinuxDriver._file",)


class TerminalClosed(Message):
    """The terminal the app draws on is gone (seen as its output failed)."""


def _same_file(fd: int, identity: tuple[int, int]) -> bool:
    try:
        found = os.fstat(fd)
    except OSError:
        return False
    return (found.st_dev, found.st_ino) == identity


class TerminalBytes(io.RawIOBase):
    """The terminal's file descriptor, written to until it fails: then what is written is
    dropped, `on_closed` is called (once, from the writer thread) and the standard streams
    that went to the same terminal go to /dev/null."""

    def __init__(self, fd: int, on_closed: Callable[[], object]) -> None:
        super().__init__()
        self._fd = fd
        self._on_closed = on_closed
        self.gone = False
        self._gone_lock = threading.Lock()
        found = os.fstat(fd)
        self._identity = (found.st_dev, found.st_ino)

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._fd

    def write(self, data: ReadableBuffer) -> int:
        size = memoryview(data).nbytes
        if self.gone:
            return size
        try:
            return os.write(self._fd, data)
        except BlockingIOError:
            raise  # a busy terminal, not a closed one: as Textual has it
        except OSError:
            self._close_terminal()
            return size

    def _close_terminal(self) -> None:
        with self._gone_lock:
            if self.gone:
                return
            self.gone = True
        with contextlib.suppress(OSError):
            null = os.open(os.devnull, os.O_RDWR)
            try:
                for fd in (0, 1, 2):
                    if _same_file(fd, self._identity):
                        os.dup2(null, fd)
            finally:
                os.close(null)
        self._on_closed()


class TerminalOutput(io.TextIOWrapper):
    """The text stream the driver writes the screen to, over TerminalBytes."""

    def __init__(self, raw: TerminalBytes, encoding: str, errors: str | None) -> None:
        super().__init__(io.BufferedWriter(raw), encoding=encoding, errors=errors)
        self.terminal = raw


def terminal_output(stream: io.TextIOWrapper, on_closed: Callable[[], object]) -> TerminalOutput:
    """A text stream to the terminal `stream` writes to, that drops what a closed terminal
    cannot take (see TerminalBytes)."""
    raw = TerminalBytes(stream.fileno(), on_closed)
    return TerminalOutput(raw, stream.encoding, stream.errors)


def closable_driver(base: type[Driver]) -> type[Driver]:
    """Textual's driver for this platform, made to survive its terminal being closed (the
    Linux driver; any other is returned as it is)."""
    if sys.platform != "win32" and base is LinuxDriver:
        return ClosableLinuxDriver
    return base


def _tell(app: App[Any]) -> None:
    with contextlib.suppress(RuntimeError):  # the app's loop has closed: it is ending anyway
        app.post_message(TerminalClosed())


if sys.platform != "win32":
    from textual.drivers.linux_driver import LinuxDriver

    class ClosableLinuxDriver(LinuxDriver):
        """Textual's Linux driver, for a terminal that can be closed under it."""

        def __init__(self, app: App[Any], **options: Any) -> None:
            super().__init__(app, **options)
            self.suspended = False
            self.output = None
            if self._file is not None:
                self.output = terminal_output(self._file, lambda: _tell(app))
                self._file = self.output

        def suspend_application_mode(self) -> None:
            self.suspended = True
            super().suspend_application_mode()

        def resume_application_mode(self) -> None:
            # Textual resumes on every SIGCONT; the kernel sends one with a hang-up.
            if not self.suspended or (self.output and self.output.terminal.gone):
                return
            self.suspended = False
            super().resume_application_mode()
