"""A whole session typed into the real program in a real terminal, once at a person's pace and
once in one burst while the machine is loaded (issue 30): the two files hold the same session.

The burst is what a terminal hands over when the laptop is busy for a moment; the load (a
process spinning on each core) makes the app's handling slower than the keys' arrival."""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
from pathlib import Path

import pytest

from hyvinvointi_tui.store.keys import read_identity_file
from hyvinvointi_tui.store.session_file import load

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from pty_session import PtySession

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.name != "posix", reason="needs a POSIX pty"),
]

COMMAND = str(Path(sys.executable).with_name("hyvinvointi"))
PASSPHRASE = "purske-salasana-7"
SHIFT_TAB, LEFT, DOWN, ENTER, TAB = b"\x1b[Z", b"\x1b[D", b"\x1b[B", b"\r", b"\t"
CTRL_N, CTRL_B, CTRL_Q = b"\x0e", b"\x02", b"\x11"


def script() -> list[bytes]:
    """The keys of a session: Orientation's notes and consents, the wellbeing question, a
    stress rating and words right after it, hours down the time circle's column, OSA
    ratings, a marker from its dialog, and quit. Each item is one key or one character."""
    keys: list[bytes] = []

    def text(words: str) -> None:
        keys.extend(ch.encode() for ch in words)

    text("knew a little")
    keys += [SHIFT_TAB, LEFT, DOWN, LEFT, TAB]  # the consent rows: notes yes, figures yes
    text(" and asked")
    keys += [CTRL_N]
    text("sleeps badly, walks the dog")
    keys += [CTRL_N, b"3"]
    text("5 hours of sleep")
    keys += [CTRL_N, b"8", ENTER, b"4", ENTER, b"1", b"2", ENTER]
    keys += [CTRL_N, b"3", b"4", DOWN, b"2", b"1"]
    keys += [CTRL_B, DOWN, ENTER]
    text("wants to rest")
    keys += [CTRL_Q]
    return keys


def home(base: Path) -> dict[str, str]:
    import subprocess

    env = {**os.environ, "HYVINVOINTI_HOME": str(base), "HYVINVOINTI_PASSPHRASE": PASSPHRASE}
    subprocess.run([COMMAND, "init"], env=env, check=True, capture_output=True)
    out = subprocess.run(
        [COMMAND, "keygen", "-o", str(base / "teacher.key")],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    public = out.split("Public key: ")[1].strip()
    subprocess.run([COMMAND, "course", "add-teacher", public], env=env, check=True)
    return {"HYVINVOINTI_HOME": str(base), "HYVINVOINTI_PASSPHRASE": PASSPHRASE}


def session_at_orientation(app: PtySession) -> None:
    """Wait for the first step (past the preparation, where `new --client` opens there)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        drawn = app.output.decode("utf-8", "replace")
        if "Orientation" in drawn and "Step 1 of 8" in drawn:
            app.drain(0.5)
            return
        if "Begin the conversation" in drawn or ("ctrl+n" in drawn and "Preparation" in drawn):
            app.send(CTRL_N)
            app.wait_for("Step 1 of 8", timeout=60)
            app.drain(0.5)
            return
        app.drain(0.1)
    raise AssertionError("the session did not reach Orientation")


def outcome(base: Path) -> dict[str, object]:
    (path,) = (base / "sessions").glob("*.age")
    teacher = read_identity_file(base / "teacher.key")
    state = load(path, teacher).state
    return {
        "texts": {key: text for key, text in state.texts.items() if text},
        "consent": dict(state.consent),
        "stress": dict(state.stress),
        "hours": {s: {v: dict(c) for v, c in vs.items()} for s, vs in state.hours.items()},
        "osa": {s: {i: dict(r) for i, r in items.items()} for s, items in state.osa.items()},
        "markers": [(step, tag) for _, step, tag in state.markers],
        "step": state.step,
    }


def spin(stop) -> None:
    while not stop.is_set():
        pass


def run(base: Path, *, burst: bool) -> dict[str, object]:
    env = home(base)
    keys = script()
    stop = multiprocessing.Event()
    hogs = [
        multiprocessing.Process(target=spin, args=(stop,), daemon=True)
        for _ in range(os.cpu_count() or 2)
    ]
    with PtySession([COMMAND, "new", "--client", "K-30", "--lang", "en"], env=env) as app:
        session_at_orientation(app)
        if burst:
            for hog in hogs:
                hog.start()
            try:
                app.send(b"".join(keys))
                assert app.wait_exit(timeout=120) == 0
            finally:
                stop.set()
                for hog in hogs:
                    hog.join()
        else:
            for key in keys:
                app.send(key)
                app.drain(0.25 if key in (CTRL_N, CTRL_B, ENTER) else 0.06)
            assert app.wait_exit(timeout=60) == 0
    return outcome(base)


def test_a_session_typed_in_one_burst_on_a_loaded_machine_is_the_session_typed_slowly(
    tmp_path,
):
    slowly = run(tmp_path / "slowly", burst=False)
    # What typing slowly records is the session the script means.
    assert slowly["stress"] == {"stress": 3}
    assert slowly["texts"]["stress.notes"] == "5 hours of sleep"
    assert slowly["consent"] == {"notes": True, "figures": True}
    assert slowly["texts"]["orientation.notes"] == "knew a little and asked"
    assert slowly["markers"], slowly
    in_a_burst = run(tmp_path / "burst", burst=True)
    assert in_a_burst == slowly
