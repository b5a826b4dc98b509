"""A progress bar for a command that reads a whole folder: drawn on a terminal only, and
only once the reading has taken a second (a small folder shows just its result). Where the
output goes to a pipe or a file, nothing is added to it."""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

# Seconds of reading before the bar shows (tests set it to 0).
DELAY_SECONDS = 1.0


class FolderProgress:
    """`advance(n)` as files are read; the bar is gone again when the block ends, before
    the command prints what it found."""

    def __init__(self, total: int, stream: TextIO | None = None) -> None:
        self._stream = stream or sys.stdout
        self._total = total
        self._done = 0
        self._terminal = self._stream.isatty()
        self._started = time.monotonic()
        self._progress: Progress | None = None
        self._reading: TaskID | None = None

    def __enter__(self) -> FolderProgress:
        return self

    def advance(self, files: int) -> None:
        self._done += files
        if self._progress is not None and self._reading is not None:
            self._progress.update(self._reading, completed=self._done)
        elif (
            self._terminal
            and self._done < self._total
            and time.monotonic() - self._started >= DELAY_SECONDS
        ):
            # lazy: rich, 31 ms of the command's start, only once a bar is drawn (never when
            # the output is piped)
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )

            self._progress = Progress(
                TextColumn("reading sessions"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=Console(file=self._stream, force_terminal=True),
                transient=True,
            )
            self._reading = self._progress.add_task("read", total=self._total, completed=self._done)
            self._progress.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._progress is not None:
            self._progress.stop()
