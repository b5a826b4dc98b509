"""`init` and `passphrase` on a real terminal (issue 30, item 10): a short new passphrase is
asked again rather than ending the command (the next typing went to the shell); the old
passphrase is checked before the new one is asked."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from pty_session import PtySession

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.name != "posix", reason="needs a POSIX pty"),
]

COMMAND = str(Path(sys.executable).with_name("hyvinvointi"))
GOOD = "kolme sanaa riittää"


def test_init_asks_again_after_a_short_passphrase_then_passphrase_checks_the_old_first(
    tmp_path: Path,
) -> None:
    env = {"HYVINVOINTI_HOME": str(tmp_path)}
    with PtySession([COMMAND, "init"], env=env) as terminal:
        terminal.wait_for("Passphrase:", timeout=60)
        terminal.send(b"lyhyt\r")
        # The prompt may come in the same output as "Try again": read past it, then type.
        terminal.wait_for("Try again", timeout=60)
        terminal.drain(0.5)
        terminal.send(f"{GOOD}\r".encode())
        terminal.wait_for("The same passphrase again:")
        terminal.send(f"{GOOD}\r".encode())
        terminal.wait_for("Your key is ready", timeout=60)
        assert terminal.wait_exit(60) == 0
    assert (tmp_path / "identity.age").exists()

    with PtySession([COMMAND, "passphrase"], env=env) as terminal:
        terminal.wait_for("Passphrase:", timeout=60)
        terminal.send(b"vaara-salasana-1\r")
        terminal.wait_for("wrong passphrase: nothing was changed", timeout=60)
        assert terminal.wait_exit(60) == 1
    assert b"New passphrase" not in terminal.output
