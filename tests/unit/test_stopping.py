"""Asked to stop from outside, a process ends within the deadline whatever holds it
(ui/stopping.py), after its app's last resort; a signal before the app runs is kept for it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from hyvinvointi_tui.ui.stopping import LAST_RESORT_SECONDS, STOP_DEADLINE_SECONDS

pytestmark = pytest.mark.skipif(os.name != "posix", reason="needs POSIX signals")

# An app whose stop is held up (a loop that never turns again), asked to stop by SIGTERM.
HELD_UP = """
import asyncio, os, signal, sys, time
from hyvinvointi_tui.ui.stopping import StopRequests, StopSignals

StopSignals.install()

def last_resort():
    print("last resort", flush=True)
    return 7

async def main():
    def stop():
        print("stopped", flush=True)
        time.sleep(60)  # and held up

    app = StopRequests(stop, last_resort)
    app.attach()
    print("attached", flush=True)
    await asyncio.sleep(60)

{before}
asyncio.run(main())
"""


def run(before: str = "") -> tuple[subprocess.CompletedProcess[str], float]:
    code = textwrap.dedent(HELD_UP).replace("{before}", before)
    started = time.monotonic()
    child = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, start_new_session=True
    )
    assert child.stdout is not None
    first = ""
    if not before:
        first = child.stdout.readline()
        assert first == "attached\n"
        child.send_signal(signal.SIGTERM)
    try:
        out, _ = child.communicate(timeout=STOP_DEADLINE_SECONDS + LAST_RESORT_SECONDS + 5)
    finally:
        if child.poll() is None:
            child.kill()
    return subprocess.CompletedProcess(child.args, child.returncode, first + out), (
        time.monotonic() - started
    )


def test_a_held_up_app_ends_at_the_deadline_after_its_last_resort() -> None:
    done, took = run()
    assert done.returncode == 7
    assert done.stdout.splitlines() == ["attached", "stopped", "last resort"]
    assert took < STOP_DEADLINE_SECONDS + LAST_RESORT_SECONDS + 2


def test_a_signal_before_the_app_runs_stops_it_as_it_starts() -> None:
    """SIGTERM sent before the app attaches (here to itself): the app is stopped as soon as
    it attaches, and the deadline ends the process."""
    done, took = run(before="os.kill(os.getpid(), signal.SIGTERM)")
    assert done.returncode == 7
    assert done.stdout.splitlines() == ["attached", "stopped", "last resort"]
    assert took < STOP_DEADLINE_SECONDS + LAST_RESORT_SECONDS + 2
