"""A closed terminal or SIGTERM at any instant ends the program: nothing of it is left running.

The terminal is closed as a closed window or `tmux kill-session` closes it (SIGHUP to the
program's process group, the pty closed; the pty is the program's controlling terminal, so
the kernel hangs it up too), at many instants of the start-up (before, while and after the
first screen is drawn), on the passphrase screen while the key opens, and on the stress
step just after a crisis rating; SIGTERM at the same instants. Before the fix, closing tmux
as the first screen was drawn left the process alive in 8 of 10 demos: Textual's writer
thread had died on the closed terminal, and the app's exit waited for it forever.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from hyvinvointi_tui.store.keys import read_identity_file
from hyvinvointi_tui.store.session_document import load
from hyvinvointi_tui.ui.stopping import LAST_RESORT_SECONDS, STOP_DEADLINE_SECONDS

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from pty_session import PtySession, make_home

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs a Linux pty"),
]

COMMAND = str(Path(sys.executable).with_name("hyvinvointi"))
PASSPHRASE = "suljettu-paate-1"
# Seconds after the start: before the first screen, while it is drawn, and after.
INSTANTS = [round(0.14 * n, 2) for n in range(15)]  # 0 … 1.96
# Whatever holds it, the process ends by its deadline and its last resort's moment
# (ui/stopping.py); a second more for a machine running a dozen such programs at once (CI's
# long runs), where the deadline's own thread may wait its turn (3 s failed there once).
GONE_WITHIN = STOP_DEADLINE_SECONDS + LAST_RESORT_SECONDS + 1.0
AT_ONCE = 3  # programs run side by side (each mostly waits)


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A student with a key and a teacher (to read the sessions)."""
    return make_home(tmp_path_factory.mktemp("home"), PASSPHRASE)


def nothing_left(app: PtySession) -> bool:
    """The program ended within GONE_WITHIN seconds, and nothing of its process group (the
    child that opens the key) is left either."""
    deadline = time.monotonic() + GONE_WITHIN
    if not app.ended_within(GONE_WITHIN):
        return False
    while time.monotonic() < deadline:  # an orphan is reaped by init a moment after it ends
        try:
            os.killpg(app.process.pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def close_at(argv: list[str], env: dict[str, str], instant: float, way: str) -> str:
    """'' when nothing is left after `way` at `instant` seconds after the start."""
    with PtySession(argv, env=env, controlling_terminal=True) as app:
        time.sleep(instant)
        if way == "closed":
            app.close_terminal()
        else:
            app.signal(signal.SIGTERM)
        if not nothing_left(app):
            return f"{' '.join(argv[1:])}: {way} at {instant} s left it running"
    return ""


def every_instant(argv: list[str], env: dict[str, str], way: str) -> list[str]:
    with ThreadPoolExecutor(AT_ONCE) as pool:
        found = pool.map(lambda instant: close_at(argv, env, instant, way), INSTANTS)
        return [problem for problem in found if problem]


@pytest.mark.parametrize("way", ["closed", "SIGTERM"])
def test_the_demo_ends_whenever_its_terminal_is_closed_or_it_is_terminated(
    way: str, tmp_path: Path
) -> None:
    env = {"TMPDIR": str(tmp_path), "HYVINVOINTI_HOME": str(tmp_path / "unused-home")}
    assert every_instant([COMMAND, "demo", "--lang", "en"], env, way) == []
    # Its temp folder went with it, however it ended.
    assert not list(tmp_path.glob("hyvinvointi-demo-*"))


@pytest.mark.parametrize("way", ["closed", "SIGTERM"])
def test_a_new_session_ends_whenever_its_terminal_is_closed_or_it_is_terminated(
    home: dict[str, str], way: str
) -> None:
    """The key opens from HYVINVOINTI_PASSPHRASE (scrypt, in the first second), then the
    first step is drawn; no lock is left by any of them."""
    argv = [COMMAND, "new", "--client", f"K-{way[:2]}", "--lang", "en"]
    assert every_instant(argv, home, way) == []
    assert not list(Path(home["HYVINVOINTI_HOME"], "sessions").glob("*.lock"))


@pytest.mark.parametrize("way", ["closed", "SIGTERM"])
def test_the_passphrase_screen_ends_whenever_it_is_closed_while_the_key_opens(
    home: dict[str, str], way: str
) -> None:
    env = {key: value for key, value in home.items() if key != "HYVINVOINTI_PASSPHRASE"}
    problems = []
    for instant in (0.0, 0.1, 0.3, 0.6, 1.0):
        with PtySession(
            [COMMAND, "new", "--client", "K-5", "--lang", "en"], env=env, controlling_terminal=True
        ) as app:
            app.wait_for("passphrase")
            app.send(PASSPHRASE.encode() + b"\r")
            time.sleep(instant)
            if way == "closed":
                app.close_terminal()
            else:
                app.signal(signal.SIGTERM)
            if not nothing_left(app):
                problems.append(f"{way} at {instant} s after Enter left it running")
    assert problems == []


def notes_on_disk(home: dict[str, str], client: str) -> str:
    folder = Path(home["HYVINVOINTI_HOME"]) / "sessions"
    teacher = read_identity_file(Path(home["HYVINVOINTI_HOME"]) / "teacher.key")
    (path,) = [p for p in folder.glob(f"*_{client}_*.age") if ".debrief" not in p.name]
    return str(load(path, teacher).doc["state"]["texts"].get("orientation.notes", ""))


@pytest.mark.parametrize("way", ["closed", "hung up by the kernel", "SIGTERM"])
def test_closed_on_the_stress_step_just_after_a_crisis_rating(
    home: dict[str, str], way: str
) -> None:
    """What was typed is saved, and the program ends. "hung up by the kernel": the pty
    only closed, no SIGHUP sent by anyone but the kernel."""
    client = f"K-{len(way)}"
    canary = f"typed-before-{way.replace(' ', '-')}"
    argv = [COMMAND, "new", "--client", client, "--lang", "en"]
    with PtySession(argv, env=home, controlling_terminal=True) as app:
        app.begin()
        time.sleep(0.3)
        app.consent_to_notes()
        app.send(canary.encode())
        app.wait_for(canary[-8:])
        app.send(b"\x0e")  # ctrl+n
        app.wait_for("Step 2 of 8")
        app.send(b"\x0e")
        app.wait_for("Step 3 of 8")
        app.drain(0.3)
        app.send(b"5")
        app.wait_for("acute situation")
        if way == "SIGTERM":
            app.signal(signal.SIGTERM)
        else:
            app.close_terminal(hang_up=way == "closed")
        assert nothing_left(app), f"{way} after a crisis rating left it running"
    assert notes_on_disk(home, client) == canary
    assert not list(Path(home["HYVINVOINTI_HOME"], "sessions").glob(f"*{client}*.lock"))


def test_a_terminal_closed_without_a_hang_up_ends_the_program(tmp_path: Path) -> None:
    """A pty that is not the program's controlling terminal sends no SIGHUP as it closes:
    the program sees its output fail, and ends as if hung up."""
    env = {"TMPDIR": str(tmp_path), "HYVINVOINTI_HOME": str(tmp_path / "unused-home")}
    with PtySession([COMMAND, "demo", "--lang", "en"], env=env) as app:
        app.wait_for("Step 1 of 8")
        app.close_terminal(hang_up=False)
        assert nothing_left(app)
    with contextlib.suppress(FileNotFoundError):
        assert not list(tmp_path.glob("hyvinvointi-demo-*"))
