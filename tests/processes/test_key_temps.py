"""A passphrase change killed mid-way leaves no copy of the key behind (issue 32, item 6):
the temp file it was writing (the key under the passphrase being set) is removed the next
time the key is opened, and the key still opens with the old passphrase."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from hyvinvointi_tui.store import keys
from hyvinvointi_tui.store.paths import identity_path

OLD, NEW = "vanha-salasana-1", "uusi-salasana-22"

# A passphrase change that stops just before its temp file replaces the key, as a kill at
# that instant finds it: the temp file is written whole and synced.
_CHANGE_AND_HANG = """
import os, sys, time
from pathlib import Path
from hyvinvointi_tui.store import atomic, keys
def hang(source, target):
    print("written", flush=True)
    time.sleep(60)
atomic._replace = hang
keys.change_passphrase(Path(sys.argv[1]), sys.argv[2], sys.argv[3])
"""


@pytest.mark.slow
def test_the_temp_file_of_a_killed_passphrase_change_is_removed_when_the_key_opens(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    keys.create_student_identity(home, OLD)
    before = identity_path(home).read_bytes()
    child = subprocess.Popen(
        [sys.executable, "-c", _CHANGE_AND_HANG, str(home), OLD, NEW],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "written"
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
    left = [path.name for path in home.iterdir() if ".tmp-" in path.name]
    assert left == [f"identity.age.tmp-{child.pid}"]
    assert identity_path(home).read_bytes() == before
    keys.unlock_student_identity(home, OLD)  # as every start and command opens the key
    assert not [path for path in home.iterdir() if ".tmp-" in path.name]
    assert identity_path(home).read_bytes() == before


def test_the_temp_file_of_a_change_still_running_is_left_alone(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    keys.create_student_identity(home, OLD)
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        temp = home / f"identity.age.tmp-{running.pid}"
        temp.write_bytes(b"being written")
        keys.unlock_student_identity(home, OLD)
        assert temp.exists()
    finally:
        running.kill()
        running.wait(timeout=10)
