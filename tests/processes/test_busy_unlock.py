"""A key opens on a busy computer: the app's own key (made by `init` at its work factor)
opened by the passphrase screen's child process while every core is kept busy several times
over. rage measures the computer's speed anew at every try and refuses a work factor it
thinks too slow for the moment: the app tries again (store/keys.py), never calling a sound
key damaged (tests/unit/test_store.py holds it to that refusal by refusal)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hyvinvointi_tui.store.keys import unlock_in_child_process

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.name != "posix", reason="needs POSIX processes"),
]

COMMAND = str(Path(sys.executable).with_name("hyvinvointi"))
PASSPHRASE = "kiireinen-kone-1"
HOGS_PER_CORE = 4
UNLOCKS = 3


def test_the_apps_own_key_opens_while_the_computer_is_busy(tmp_path):
    env = {**os.environ, "HYVINVOINTI_HOME": str(tmp_path), "HYVINVOINTI_PASSPHRASE": PASSPHRASE}
    subprocess.run([COMMAND, "init"], env=env, check=True, capture_output=True)
    # The public key init wrote, to check what each unlock gives.
    public = (tmp_path / "identity.pub").read_text().strip()
    spin = [sys.executable, "-c", "while True: pass"]
    hogs = [
        subprocess.Popen(spin, start_new_session=True)
        for _ in range(HOGS_PER_CORE * (os.cpu_count() or 1))
    ]
    try:
        time.sleep(0.5)  # the hogs running before the first unlock
        for _ in range(UNLOCKS):
            identity = unlock_in_child_process(tmp_path, PASSPHRASE)
            assert str(identity.to_public()) == public
    finally:
        for hog in hogs:
            hog.kill()
        for hog in hogs:
            hog.wait()
