"""Crash test: kill -9 the app at random instants while it types and changes steps.

Each trial forks a child (the modules are imported once, so a child starts in a few
milliseconds) that runs the real app headless with the real encrypted store: it types a
known text into the notes, a character every ~40 ms (posted as the terminal driver posts
keys), and moves to the next step every
15 characters. It reports each keystroke's time on a pipe. The parent kills it with SIGKILL
at a random instant, then checks, as the next start of the app would find it:

- the session file decrypts and parses (or there is none yet, if the kill came before the
  first save was due);
- what it holds is exactly the text typed up to some keystroke (never a mix or garbage);
- the loss: the time from the first keystroke not on disk to the kill (bar: 2 s);
- after the restart's clean-up no temp file is left, and `reopen` (what `resume` does)
  opens it; every RESUME_EVERY-th trial also resumes it in the real app, types more and
  quits, and checks that everything is on disk.

    .venv/bin/python bench/crash.py [KILLS] [WORKERS] [SEED]     # default 500 2 1

tests/processes/test_crash.py runs 50 kills of the same code in CI.
"""

from __future__ import annotations

import asyncio
import os
import random
import select
import signal
import struct
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from pyrage import x25519
from textual import events

from hyvinvointi_tui.core.model.client_events import ConsentRecorded
from hyvinvointi_tui.core.model.protocol import Protocol, resolve_protocol
from hyvinvointi_tui.core.model.text_keys import notes_key
from hyvinvointi_tui.store.atomic import TEMP_MARK, remove_stale_temps
from hyvinvointi_tui.store.session_document import load
from hyvinvointi_tui.store.session_file import SessionFileError
from hyvinvointi_tui.store.student import Student, reopen
from hyvinvointi_tui.ui.app import HyvinvointiApp
from hyvinvointi_tui.ui.widgets.notes_area import NotesArea

ALPHABET = "abcdefghijklmnopqrstuvwxyz"
PER_STEP = 15
KEY_GAP = 0.04
RECORD = struct.Struct("<dI")  # the time of a keystroke, how many keys typed by then
READY = 0
RESUME_EVERY = 10
BOUND_SECONDS = 2.0


def typed_text(count: int, steps: list[str]) -> dict[str, str]:
    """What the notes hold after `count` keystrokes of the script."""
    texts: dict[str, str] = {}
    for index in range(min(count, PER_STEP * len(steps))):
        key = notes_key(steps[index // PER_STEP])
        texts[key] = texts.get(key, "") + ALPHABET[index % len(ALPHABET)]
    return texts


async def _script(app: HyvinvointiApp, steps: list[str], report: int) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        os.write(report, RECORD.pack(time.time(), READY))
        for index in range(PER_STEP * len(steps)):
            if index % PER_STEP == 0:
                # The step changes by the script, not by a key: the keys typed before it
                # are let in first (in the app, a step changes by ctrl+n or ctrl+g, keys
                # that take their turn like the others). A key posted a moment ago may
                # still wait in the App's queue, unseen by the key order, on a busy machine:
                # a callback queued behind it runs once the App has taken it.
                taken = asyncio.Event()
                app.call_later(taken.set)
                await taken.wait()
                while not app.key_order.idle:
                    await asyncio.sleep(0.005)
                step = steps[index // PER_STEP]
                app.go_to(step)
                # The new step's screen is shown before its notes take the focus (a screen
                # built ahead may be switched to a moment later on a busy machine).
                while getattr(getattr(app.screen, "step", None), "id", None) != step:
                    await asyncio.sleep(0.005)
                app.screen.query_one(NotesArea).focus()
                await pilot.pause()
            char = ALPHABET[index % len(ALPHABET)]
            app.post_message(events.Key(char, char))  # as the terminal driver sends a key
            os.write(report, RECORD.pack(time.time(), index + 1))
            await asyncio.sleep(KEY_GAP)
        await asyncio.sleep(60)  # wait for the kill


def _child(folder: Path, student: x25519.Identity, protocol: Protocol, report: int) -> None:
    steps = [step.id for step in protocol.steps]
    student_ = Student(folder.parent, student, [])
    app = HyvinvointiApp.new_session(
        protocol,
        lang="fi",
        client_code="K-9",
        store=student_.new_store(),
        student=student_,
        begun=True,
    )
    # The client has said yes to notes, as Orientation records it (before it, none is saved).
    app.session.record(ConsentRecorded(step=steps[0], item="notes", given=True))
    asyncio.run(_script(app, steps, report))


@dataclass
class Trial:
    kill_after: float
    typed: int = 0
    saved: int = 0
    loss: float = 0.0
    problem: str = ""


@dataclass
class Report:
    trials: list[Trial] = field(default_factory=list)
    resumed: int = 0

    @property
    def problems(self) -> list[str]:
        return [trial.problem for trial in self.trials if trial.problem]

    def summary(self) -> str:
        losses = sorted(trial.loss for trial in self.trials)
        unsaved = sum(1 for trial in self.trials if trial.typed and not trial.saved)
        return (
            f"{len(self.trials)} kills, {len(self.problems)} problems "
            f"(unreadable, inconsistent, temp files left or not resumable), "
            f"{self.resumed} resumed in the app; loss: worst {losses[-1]:.2f} s, "
            f"median {losses[len(losses) // 2]:.2f} s (bar {BOUND_SECONDS:.0f} s); "
            f"{unsaved} killed before their first save was due"
        )


def _read_all(fd: int) -> bytes:
    data = b""
    while chunk := os.read(fd, 65536):
        data += chunk
    return data


@dataclass
class Running:
    pid: int
    pipe: int
    folder: Path
    trial: Trial
    data: bytes = b""
    kill_at: float | None = None

    def records(self) -> list[tuple[float, int]]:
        size = RECORD.size
        return [
            RECORD.unpack_from(self.data, i) for i in range(0, len(self.data) // size * size, size)
        ]


def _check(
    trial: Trial,
    folder: Path,
    student: Student,
    steps: list[str],
    killed: float,
    records: list[tuple[float, int]],
) -> None:
    keys = [(t, n) for t, n in records if n > READY]
    trial.typed = keys[-1][1] if keys else 0
    files = [p for p in folder.glob("*.age")]
    if not files:
        saved_texts: dict[str, str] = {}
    else:
        try:
            loaded = load(files[0], [student.identity])
        except SessionFileError as exc:
            trial.problem = f"unreadable after the kill: {exc}"
            return
        saved_texts = {key: value for key, value in loaded.doc["state"]["texts"].items() if value}
    match = next(
        (n for n in range(trial.typed, -1, -1) if typed_text(n, steps) == saved_texts), None
    )
    if match is None:
        trial.problem = f"the file holds text that was never typed: {saved_texts}"
        return
    trial.saved = match
    if match < trial.typed:
        first_lost = next(t for t, n in keys if n == match + 1)
        trial.loss = killed - first_lost
    # The next start: clean-up, then what `resume` does.
    remove_stale_temps(folder)
    left = [p.name for p in folder.iterdir() if TEMP_MARK in p.name]
    if left:
        trial.problem = f"temp files left after the restart: {left}"
        return
    if files:
        try:
            reopened = reopen(student, files[0])
        except Exception as exc:
            trial.problem = f"resume failed: {type(exc).__name__}: {exc}"
            return
        reopened.store.close()


async def _resume_and_type(student: Student, path: Path, protocol: Protocol) -> str:
    opened = reopen(student, path)
    app = HyvinvointiApp(
        opened.protocol,
        lang="fi",
        session=opened.session,
        store=opened.store,
        student=student,
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.go_to("orientation")
        await pilot.pause()
        app.screen.query_one(NotesArea).focus()
        await pilot.press("end", *"JATKUU")
        await pilot.press("ctrl+q")
    opened.store.close()
    return str(load(path, [student.identity]).doc["state"]["texts"][notes_key("orientation")])


def run(
    kills: int,
    workers: int = 2,
    seed: int = 1,
    base: Path | None = None,
    window: tuple[float, float] = (0.0, 6.5),
    resume_every: int = RESUME_EVERY,
) -> Report:
    """`kills` trials, `workers` at a time; each kill falls at a uniformly random instant
    of `window` (seconds after the first screen; the script types for about 6 s)."""
    protocol = resolve_protocol()
    steps = [step.id for step in protocol.steps]
    identity = x25519.Identity.generate()
    rng = random.Random(seed)
    base = base or Path(tempfile.mkdtemp(prefix="hyvinvointi-crash-"))
    report = Report()
    running: list[Running] = []
    started = 0

    def start(number: int) -> None:
        folder = base / f"trial-{number}" / "sessions"
        folder.mkdir(parents=True, mode=0o700)
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: run the app until killed
            os.close(read)
            try:
                # A session of its own: a fork of the test runner shares its process group,
                # and a signal to either group (the runner's terminal, a hang-up) would reach
                # both. Made inside the try: the child never returns into the runner's code.
                os.setsid()
                _child(folder, identity, protocol, write)
            finally:
                os._exit(3)
        os.close(write)
        running.append(Running(pid, read, folder, Trial(rng.uniform(*window))))

    def finish(child: Running) -> None:
        killed = time.time()
        os.kill(child.pid, signal.SIGKILL)
        os.waitpid(child.pid, 0)
        child.data += _read_all(child.pipe)
        os.close(child.pipe)
        running.remove(child)
        student = Student(child.folder.parent, identity, [])
        trial = child.trial
        _check(trial, child.folder, student, steps, killed, child.records())
        report.trials.append(trial)
        saved_ones = sum(1 for done in report.trials if done.saved and not done.problem)
        if not trial.problem and trial.saved and saved_ones % resume_every == 1:
            path = next(child.folder.glob("*.age"))
            text = asyncio.run(_resume_and_type(student, path, protocol))
            if not text.endswith("JATKUU"):
                trial.problem = f"resumed, typed, quit: the notes are {text!r}"
            report.resumed += 1

    while started < kills or running:
        while started < kills and len(running) < workers:
            start(started)
            started += 1
        # Kill whichever child is due; meanwhile read what they report (the first record
        # says the child is ready: its kill falls `kill_after` seconds later).
        now = time.time()
        due = [child for child in running if child.kill_at is not None and child.kill_at <= now]
        if due:
            finish(due[0])
            continue
        waits = [child.kill_at - now for child in running if child.kill_at is not None]
        readable, _, _ = select.select([c.pipe for c in running], [], [], min(waits, default=0.05))
        for child in list(running):
            if child.pipe in readable:
                data = os.read(child.pipe, 65536)
                if not data and child.kill_at is None:
                    # It ended before it was ready (an error in the child): say so, never
                    # wait on it for ever.
                    child.trial.problem = "the app ended before its first screen"
                    os.waitpid(child.pid, 0)
                    os.close(child.pipe)
                    running.remove(child)
                    report.trials.append(child.trial)
                    continue
                child.data += data
                if child.kill_at is None and len(child.data) >= RECORD.size:
                    child.kill_at = RECORD.unpack_from(child.data)[0] + child.trial.kill_after
    return report


def main() -> None:
    kills = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    workers = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    began = time.perf_counter()
    report = run(kills, workers, seed)
    print(report.summary())
    for problem in report.problems[:20]:
        print("  problem:", problem)
    print(f"({time.perf_counter() - began:.0f} s)")


if __name__ == "__main__":
    main()
