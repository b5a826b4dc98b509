"""Signals while typing: SIGHUP (the terminal closed), SIGTERM (logout, shutdown) and ctrl+q,
each sent 50 ms after the last keystroke, well before the autosave would run. Each round
starts the installed `hyvinvointi new` in a real pseudo-terminal with a real student key
(unlocked from HYVINVOINTI_PASSPHRASE: scrypt takes a couple of seconds a round) and checks
that the notes on disk end with what was typed, that it exited 0 and left no lock.

    .venv/bin/python bench/signals.py [ROUNDS] [WORKERS]     # default 200 2 (of each way)

tests/processes/test_processes.py runs each way once in CI.
"""

from __future__ import annotations

import signal
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pty_session import PtySession, make_home

from hyvinvointi_tui.store.keys import read_identity_file
from hyvinvointi_tui.store.session_document import load

COMMAND = str(Path(sys.executable).with_name("hyvinvointi"))
PASSPHRASE = "signaalit-ja-sulkeminen"
WAYS = {"SIGHUP": signal.SIGHUP, "SIGTERM": signal.SIGTERM, "ctrl+q": None}


def one_round(home: dict[str, str], way: str, number: int) -> str:
    """'' when nothing was lost, else what went wrong."""
    client = f"K-{number * len(WAYS) + list(WAYS).index(way)}"
    canary = f"{way}-{number}-viimeiset-sanat"
    argv = [COMMAND, "new", "--client", client, "--lang", "en"]
    with PtySession(argv, env=home) as app:
        app.begin()
        time.sleep(0.3)
        app.consent_to_notes()  # the client's yes: notes are kept from here on
        app.send(canary.encode())
        time.sleep(0.05)
        signum = WAYS[way]
        if signum is None:
            app.send(b"\x11")
        else:
            app.signal(signum)
        code = app.wait_exit(timeout=30)
    folder = Path(home["HYVINVOINTI_HOME"]) / "sessions"
    files = [p for p in folder.glob(f"*_{client}_*.age") if ".debrief" not in p.name]
    if code != 0:
        return f"{way} #{number}: exit code {code}"
    if len(files) != 1:
        return f"{way} #{number}: {len(files)} session files"
    teacher = read_identity_file(Path(home["HYVINVOINTI_HOME"]) / "teacher.key")
    notes = load(files[0], teacher).doc["state"]["texts"].get("orientation.notes", "")
    if not notes.endswith(canary):
        return f"{way} #{number}: the notes on disk are {notes!r}"
    # Only this round's lock: the other worker's live session holds its own.
    if files[0].with_name(files[0].name + ".lock").exists():
        return f"{way} #{number}: a lock was left"
    return ""


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    workers = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    home = make_home(Path(tempfile.mkdtemp(prefix="hyvinvointi-signals-")), PASSPHRASE)
    began = time.perf_counter()
    jobs = [(way, number) for number in range(rounds) for way in WAYS]
    with ThreadPoolExecutor(workers) as pool:
        results = list(pool.map(lambda job: one_round(home, *job), jobs))
    for way in WAYS:
        lost = [r for (w, _), r in zip(jobs, results, strict=True) if w == way and r]
        print(f"{way}: {rounds - len(lost)} of {rounds} lost nothing")
        for problem in lost[:10]:
            print("  ", problem)
        if len(lost) > 10:
            print(f"   … and {len(lost) - 10} more")
    print(f"({time.perf_counter() - began:.0f} s, {workers} at a time)")


if __name__ == "__main__":
    main()
