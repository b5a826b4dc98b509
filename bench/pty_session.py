"""Run a program in a real pseudo-terminal and time what it draws (shared by the benchmarks)."""

from __future__ import annotations

import contextlib
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from fcntl import ioctl
from pathlib import Path

# Makes the pty the program's controlling terminal (as a terminal window or tmux does), so
# that closing it sends the kernel's SIGHUP and SIGCONT, then runs the program.
TAKE_TERMINAL = (
    "import fcntl, os, sys, termios; fcntl.ioctl(0, termios.TIOCSCTTY, 0); "
    "os.execvp(sys.argv[1], sys.argv[1:])"
)
ANSI = re.compile(rb"\x1b\[[0-9;?<>=$]*[A-Za-z~]|\x1b[()][A-Z0-9]|\x1b[=>]|\x1b\][^\x07]*\x07")


# The program the test and bench scripts run, beside the running Python.
COMMAND = str(Path(sys.executable).with_name("hyvinvointi"))


def make_home(base: Path, passphrase: str) -> dict[str, str]:
    """A student's data folder `base` as `init` makes it, whose course has a teacher (the key
    in `base / "teacher.key"`, to read the sessions): the environment that opens it."""
    env = {**os.environ, "HYVINVOINTI_HOME": str(base), "HYVINVOINTI_PASSPHRASE": passphrase}
    subprocess.run([COMMAND, "init"], env=env, check=True, capture_output=True)
    teacher = base / "teacher.key"
    out = subprocess.run(
        [COMMAND, "keygen", "-o", str(teacher)], env=env, check=True, capture_output=True, text=True
    ).stdout
    public = out.split("Public key: ")[1].strip()
    subprocess.run([COMMAND, "course", "add-teacher", public], env=env, check=True)
    return {"HYVINVOINTI_HOME": str(base), "HYVINVOINTI_PASSPHRASE": passphrase}


class PtySession:
    """A program on a 120×40 pty. `wait_for` reads its output until a text appears."""

    def __init__(
        self,
        argv: list[str],
        columns: int = 120,
        lines: int = 40,
        env: dict[str, str] | None = None,
        controlling_terminal: bool = False,
    ) -> None:
        master, slave = os.openpty()
        ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        env = {
            **os.environ,
            **(env or {}),
            "TERM": "xterm-256color",
            "COLUMNS": str(columns),
            "LINES": str(lines),
        }
        self.started = time.perf_counter()
        run = [sys.executable, "-c", TAKE_TERMINAL, *argv] if controlling_terminal else argv
        self.process = subprocess.Popen(
            run, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
        )
        os.close(slave)
        self.master = master
        self.argv = argv
        self.output = bytearray()  # every byte the program wrote to its terminal

    def _read(self) -> bytes:
        data = os.read(self.master, 65536)
        self.output += data
        return data

    def send(self, data: bytes) -> float:
        """Write keys to the program; returns the time they were sent."""
        os.write(self.master, data)
        return time.perf_counter()

    def wait_for(self, marker: str, timeout: float = 20.0) -> float:
        """Read output until `marker` appears in newly drawn text; returns that time."""
        seen = b""
        deadline = time.perf_counter() + timeout
        while True:
            if time.perf_counter() > deadline:
                shown = ANSI.sub(b"", seen)[-400:].decode("utf-8", "replace")
                raise TimeoutError(f"{marker!r} not drawn by {self.argv}; last drawn: {shown!r}")
            ready, _, _ = select.select([self.master], [], [], 0.02)
            if ready:
                try:
                    seen += self._read()
                except OSError:
                    raise RuntimeError(f"{self.argv} ended before drawing {marker!r}") from None
                if marker.encode() in ANSI.sub(b"", seen):
                    return time.perf_counter()

    def begin(self, heading: str = "Preparation", title: str = "Step 1 of 8") -> None:
        """A new session opens at its preparation (`heading`): ctrl+n begins the
        conversation, and its first step's `title` shows."""
        self.wait_for(heading, timeout=60)
        self.drain(0.3)
        self.send(b"\x0e")
        self.wait_for(title)

    def consent_to_notes(self, yes: str = "Yes") -> None:
        """At Orientation, the notes focused: the client's yes to notes being kept (until
        then nothing typed into notes is saved). shift+tab to the consent rows, ← for yes on
        the first row (notes), tab back to the notes; each key once the one before shows."""
        self.send(b"\x1b[Z")
        self.drain(0.3)
        self.send(b"\x1b[D")
        self.wait_for(f"● {yes}")
        self.send(b"\t")
        self.drain(0.3)

    def drain(self, quiet: float = 0.015) -> None:
        """Read and drop what the program has written, until it is quiet for `quiet` s
        (so that a frame left over from before is not taken for the next one)."""
        while select.select([self.master], [], [], quiet)[0]:
            try:
                self._read()
            except OSError:
                return

    def signal(self, signum: int) -> None:
        self.process.send_signal(signum)

    def wait_exit(self, timeout: float = 10.0) -> int:
        """Wait for the program to end, reading its output so it never blocks on a full pty."""
        deadline = time.perf_counter() + timeout
        while self.process.poll() is None:
            if time.perf_counter() > deadline:
                raise TimeoutError(f"{self.argv} did not exit")
            ready, _, _ = select.select([self.master], [], [], 0.02)
            if ready:
                with contextlib.suppress(OSError):
                    self._read()
        return self.process.returncode

    def close_terminal(self, hang_up: bool = True) -> None:
        """Close the terminal as closing its window or tmux kill-session does: SIGHUP to the
        program's process group (its own: it was started in a session of its own), and the
        pty closed (with `controlling_terminal`, the kernel sends SIGHUP and SIGCONT too)."""
        if hang_up:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGHUP)
        if self.master >= 0:
            os.close(self.master)
            self.master = -1

    def ended_within(self, seconds: float) -> bool:
        """The program has ended within `seconds`; its output is read meanwhile, as a
        terminal does, while the terminal is open."""
        deadline = time.perf_counter() + seconds
        while self.process.poll() is None and time.perf_counter() < deadline:
            if self.master < 0:
                time.sleep(0.02)
            elif select.select([self.master], [], [], 0.02)[0]:
                with contextlib.suppress(OSError):
                    self._read()
        return self.process.poll() is not None

    def close(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        if self.master >= 0:
            os.close(self.master)
            self.master = -1

    def __enter__(self) -> PtySession:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
