"""The real program in a terminal (issue 30, item 6): ctrl+f at Closing with a relative
folder used to end the app with "ValueError: relative path can't be expressed as a file
URI" in front of the client; now the page is written there and the app stays."""

from __future__ import annotations

import os
import subprocess
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


def test_a_relative_folder_at_closing_writes_the_page_and_the_app_stays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the program's current folder
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\necho "$1" >> {opened}\n')
    browser.chmod(0o700)
    env = {"TMPDIR": str(tmp_path), "BROWSER": str(browser), "HYVINVOINTI_HOME": str(tmp_path)}
    with PtySession([COMMAND, "demo", "--lang", "en"], env=env) as app:
        app.wait_for("Orientation")
        app.drain(0.3)
        app.send(b"\x10")  # ctrl+p
        app.wait_for("Search the commands")
        app.drain(0.3)
        app.send(b"Go to: Closing")
        app.wait_for("Go to: Closing")
        app.drain(0.3)
        app.send(b"\r")
        app.wait_for("Step 8 of 8")
        app.drain(0.3)
        app.send(b"\x06")  # ctrl+f
        app.wait_for("The client's page, for printing")
        app.drain(0.3)
        app.send(b"\x15")  # ctrl+u: the folder offered goes
        app.drain(0.3)
        app.send(b"klientsidor")
        app.wait_for("klientsidor")
        app.drain(0.3)
        app.send(b"\r")
        app.wait_for("Client's page written")
        assert app.process.poll() is None, "the app ended"
        app.send(b"\x11")  # ctrl+q
        assert app.wait_exit() == 0
    output = app.output.decode("utf-8", "replace")
    assert "Traceback" not in output and "ValueError" not in output
    (page,) = (tmp_path / "klientsidor").glob("*.html")
    assert page.as_uri() in opened.read_text()


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["protocol", "check", "x" * 300], "PATH: "),
        (["keygen", "-o", "/proc/hyvinvointi-x/teacher.key"], "--output: "),
        (["stats", "ei-kansiota"], "FOLDER: "),
        (["course", "join", "kansio", "--yes"], "FILE: "),
    ],
    ids=lambda value: value[0] if isinstance(value, list) else None,
)
def test_the_real_program_says_a_bad_path_in_one_line(
    tmp_path: Path, argv: list[str], said: str
) -> None:
    (tmp_path / "kansio").mkdir()
    env = {**os.environ, "HYVINVOINTI_HOME": str(tmp_path / "home")}
    done = subprocess.run(
        [COMMAND, *argv], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1
    assert done.stderr.startswith(said) and done.stderr.count("\n") == 1, done.stderr
    assert "Traceback" not in done.stderr
