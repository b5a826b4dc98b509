"""The real program in a real terminal: signals, kill -9 and resume, the demo's temp folder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from hyvinvointi_tui.store.keys import read_identity_file
from hyvinvointi_tui.store.session_document import load

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from pty_session import PtySession, make_home

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.name != "posix", reason="needs a POSIX pty and signals"),
]

COMMAND = str(Path(sys.executable).with_name("hyvinvointi"))
PASSPHRASE = "testi-salasana-1"


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A student with a key and a teacher, as `init`, `keygen` and `add-teacher` make them."""
    return make_home(tmp_path_factory.mktemp("home"), PASSPHRASE)


def session_files(home: dict[str, str]) -> list[Path]:
    """Oldest first, by when they were last saved."""
    files = (Path(home["HYVINVOINTI_HOME"]) / "sessions").glob("*.age")
    return sorted(files, key=lambda path: path.stat().st_mtime_ns)


def until(condition: Callable[[], object], timeout: float = 30.0) -> None:
    """Wait for `condition()` (a file written, a lock taken), however slow the machine;
    fails after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.05)


def saved_for(home: dict[str, str], client: str) -> bool:
    """The session of `client` has been saved (its first save comes as its screen shows)."""
    return any(client in path.name for path in session_files(home))


def notes_on_disk(home: dict[str, str]) -> str:
    teacher = read_identity_file(Path(home["HYVINVOINTI_HOME"]) / "teacher.key")
    loaded = load(session_files(home)[-1], teacher)
    return str(loaded.doc["state"]["texts"].get("orientation.notes", ""))


@pytest.mark.parametrize("way", ["SIGTERM", "SIGHUP", "ctrl+q"])
def test_a_signal_or_ctrl_q_while_typing_loses_nothing(
    home: dict[str, str], way: str, tmp_path: Path
) -> None:
    """bench/signals.py repeats this 200 times each way."""
    canary = f"CANARY-{way}-words-typed-just-now"
    env = {**home, "TMPDIR": str(tmp_path)}
    with PtySession([COMMAND, "new", "--client", "K-77", "--lang", "en"], env=env) as app:
        app.begin()
        until(lambda: saved_for(home, "K-77"))
        app.consent_to_notes()
        app.send(canary.encode())
        app.wait_for(canary[-8:])  # on the screen, and not yet reported (0.9 s) nor saved
        if way == "ctrl+q":
            app.send(b"\x11")
        else:
            app.signal(getattr(signal, way))
        assert app.wait_exit() == 0
    assert notes_on_disk(home).endswith(canary)
    assert not list(Path(home["HYVINVOINTI_HOME"], "sessions").glob("*.lock"))
    # No plaintext anywhere: not in the data folder, not in temp files.
    for folder in (Path(home["HYVINVOINTI_HOME"]), tmp_path):
        for path in folder.rglob("*"):
            if path.is_file():
                assert canary.encode() not in path.read_bytes(), path


def test_kill_9_then_resume_shows_the_notes(home: dict[str, str]) -> None:
    with PtySession([COMMAND, "new", "--client", "K-88", "--lang", "en"], env=home) as app:
        app.begin()
        until(lambda: saved_for(home, "K-88"))
        app.consent_to_notes()
        app.send(b"before the crash")
        until(lambda: notes_on_disk(home) == "before the crash")  # autosaved, no key
        app.signal(signal.SIGKILL)
        app.wait_exit()
    assert notes_on_disk(home) == "before the crash"
    with PtySession([COMMAND, "resume"], env=home) as app:
        app.wait_for("before the crash")
        app.send(b"\x11")  # ctrl+q
        assert app.wait_exit() == 0


def test_a_second_copy_cannot_open_a_running_session(home: dict[str, str]) -> None:
    with PtySession([COMMAND, "new", "--client", "K-99", "--lang", "en"], env=home) as app:
        app.begin()
        sessions = Path(home["HYVINVOINTI_HOME"]) / "sessions"
        until(lambda: any(sessions.glob("*K-99*.lock")))
        second = subprocess.run(
            [COMMAND, "resume"],
            env={**os.environ, **home},
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            check=False,
        )
        assert second.returncode == 1
        assert "open in another copy of hyvinvointi (process" in second.stderr
        assert "Traceback" not in second.stderr
        app.send(b"\x11")
        assert app.wait_exit() == 0


def test_the_demo_saves_in_a_temp_folder_that_is_gone_at_exit(tmp_path: Path) -> None:
    env = {"TMPDIR": str(tmp_path), "HYVINVOINTI_HOME": str(tmp_path / "unused-home")}
    with PtySession([COMMAND, "demo", "--lang", "en"], env=env) as app:
        app.wait_for("Step 1 of 8")

        def saved() -> list[Path]:
            return [p for p in tmp_path.glob("hyvinvointi-demo-*/sessions/*.age") if p.is_file()]

        until(lambda: len(saved()) == 1)
        first = saved()[0].stat().st_mtime_ns
        app.consent_to_notes()
        until(lambda: saved()[0].stat().st_mtime_ns != first)  # the consent is saved
        first = saved()[0].stat().st_mtime_ns
        app.send(b"demo notes")
        until(lambda: saved()[0].stat().st_mtime_ns != first)  # saved again, with the notes
        assert len(list(tmp_path.glob("hyvinvointi-demo-*"))) == 1
        assert b"demo notes" not in saved()[0].read_bytes()
        app.send(b"\x11")
        assert app.wait_exit() == 0
    assert not list(tmp_path.glob("hyvinvointi-demo-*"))
    assert not (tmp_path / "unused-home").exists(), "the demo needs no data folder"


def test_folders_are_0700_and_files_0600(home: dict[str, str]) -> None:
    base = Path(home["HYVINVOINTI_HOME"])
    with PtySession([COMMAND, "new", "--client", "K-1", "--lang", "en"], env=home) as app:
        app.begin()
        app.consent_to_notes()
        app.send(b"x\x11")
        assert app.wait_exit() == 0
    assert session_files(home)
    for folder in (base, base / "sessions"):
        assert folder.stat().st_mode & 0o777 == 0o700, folder
    for path in base.rglob("*"):
        if path.is_file():
            assert path.stat().st_mode & 0o777 == 0o600, path
