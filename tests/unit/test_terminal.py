"""The screen's output to a terminal that is closed under the app (ui/terminal.py): dropped,
reported once, and never a writer that waits forever."""

from __future__ import annotations

import asyncio
import io
import os
import signal
import sys
import threading
from typing import TextIO

import pytest
from textual.app import App
from textual.driver import Driver

from hyvinvointi_tui.ui.terminal import closable_driver, terminal_output

from ..helpers import private_module

WriterThread = private_module("textual.drivers._writer_thread").WriterThread

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs a Linux pty")


def _terminal() -> tuple[int, io.TextIOWrapper]:
    master, slave = os.openpty()
    return master, os.fdopen(slave, "w", encoding="utf-8")


def test_output_to_a_closed_terminal_is_dropped_and_reported_once() -> None:
    master, stream = _terminal()
    reported = []
    output = terminal_output(stream, lambda: reported.append(True))
    output.write("drawn")
    output.flush()
    assert os.read(master, 100) == b"drawn"
    os.close(master)
    for _ in range(3):
        output.write("x" * 5000)
        output.flush()
    assert reported == [True]
    assert output.terminal.gone
    stream.close()


def _writer_stops(stream: TextIO) -> bool:
    """Textual's writer thread, the terminal closed while it writes: 100 frames more, then
    stopped as the app's exit stops it. True if that returned within two seconds."""
    writer = WriterThread(stream)
    writer.start()
    writer.write("first frame")
    done = threading.Event()

    def draw_and_stop() -> None:
        for _ in range(100):
            writer.write("a frame " * 100)
        writer.stop()
        done.set()

    threading.Thread(target=draw_and_stop, daemon=True).start()
    return done.wait(2.0)


def test_the_writer_thread_stops_after_its_terminal_is_closed() -> None:
    master, stream = _terminal()
    os.close(master)
    assert _writer_stops(terminal_output(stream, lambda: None))
    stream.close()


def test_without_it_the_writer_thread_waits_forever() -> None:
    """Textual's own: the thread dies on the first failed write, the queue fills, and
    stopping it never returns (the process outlived its terminal)."""
    master, stream = _terminal()
    os.close(master)
    hooked = threading.excepthook
    threading.excepthook = lambda args: None  # the writer thread's death is expected
    try:
        assert not _writer_stops(stream)
    finally:
        threading.excepthook = hooked


def test_the_driver_resumes_only_after_a_suspend(monkeypatch: pytest.MonkeyPatch) -> None:
    """The kernel sends SIGCONT with a hang-up; Textual's driver started its threads again
    on any SIGCONT."""
    kept = {signum: signal.getsignal(signum) for signum in (signal.SIGTSTP, signal.SIGCONT)}
    started = []

    async def made() -> Driver:
        from textual.drivers.linux_driver import LinuxDriver

        driver = closable_driver(LinuxDriver)(App())
        monkeypatch.setattr(driver, "start_application_mode", lambda: started.append(True))
        monkeypatch.setattr(driver, "stop_application_mode", lambda: None)
        monkeypatch.setattr(driver, "close", lambda: None)
        return driver

    try:
        driver = asyncio.run(made())
    finally:
        for signum, handler in kept.items():
            signal.signal(signum, handler)
    driver.resume_application_mode()
    assert started == []
    driver.suspend_application_mode()
    driver.resume_application_mode()
    assert started == [True]
