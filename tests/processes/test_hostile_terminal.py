"""Escape sequences in files never reach the terminal (issue 18, item 1): the real program in
a real pty, with a protocol and a session whose texts hold a terminal-title change and a
jump out of the alternate screen. What the terminal receives is read byte for byte."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pyrage
import pytest
import tomli_w
from textual.widgets import TextArea

from hyvinvointi_tui.cli import main
from hyvinvointi_tui.core.model.protocol import Protocol, builtin_protocols, resolve_protocol
from hyvinvointi_tui.core.model.session import Session
from hyvinvointi_tui.core.model.session_events import (
    NoteAppended,
    SessionClosed,
    SetupChanged,
    StepEntered,
)
from hyvinvointi_tui.core.model.text_keys import notes_key
from hyvinvointi_tui.store import keys, session_document

from .. import session_saving
from ..conftest import FakeClock

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from pty_session import ANSI, PtySession

pytestmark = [pytest.mark.slow, pytest.mark.skipif(os.name != "posix", reason="needs a POSIX pty")]

COMMAND = str(Path(sys.executable).with_name("hyvinvointi"))
PAYLOAD = "T\u001b]0;PWNED\u0007\u001b[?1049l\u001b[2Jend\u009b31m\u007f"
# Textual's own output holds ESC and BEL; the payload's are told by what stands beside them.
RAW = (b"\x1b]0;PWNED", b"PWNED\x07", b"\x1b[2Jend", b"\xc2\x9b", b"\x7f")


def assert_harmless(output: bytes) -> None:
    """None of the payload's control characters reached the terminal; its text did, made
    visible (␛ for ESC)."""
    for raw in RAW:
        assert raw not in output, raw
    shown = ANSI.sub(b"", output).decode("utf-8", "replace")
    assert "␛]0;PWNED" in shown, "the text is shown, its escapes as pictures"


@pytest.fixture
def teacher(tmp_path: Path) -> Path:
    key = tmp_path / "teacher.key"
    keys.write_identity_file(key)
    return key


def test_a_protocol_with_escape_codes_shows_them_as_text(tmp_path: Path) -> None:
    """`new --protocol FILE` whose title, step title, guidance and say-line hold escapes."""
    shipped = next(p for p in builtin_protocols() if p.stem == "hyvinvointikeskustelu")
    data = tomllib.loads(shipped.read_text(encoding="utf-8"))
    data["id"] = "crafted"
    for lang in ("fi", "en", "sv"):
        data["title"][lang] = PAYLOAD
        step = data["steps"][0]
        step["title"][lang] = PAYLOAD
        step["guidance"][lang] = PAYLOAD
        step["say"][0][lang] = PAYLOAD
    protocol = tmp_path / "crafted.toml"
    protocol.write_text(tomli_w.dumps(data), encoding="utf-8")
    home = tmp_path / "home"
    env = {"HYVINVOINTI_HOME": str(home), "HYVINVOINTI_PASSPHRASE": "kymmenen merkkiä"}
    run: dict[str, Any] = {"env": {**os.environ, **env}, "check": True, "capture_output": True}
    run["text"] = True
    subprocess.run([COMMAND, "init"], **run)
    made = subprocess.run([COMMAND, "keygen", "-o", str(tmp_path / "teacher.key")], **run)
    subprocess.run([COMMAND, "course", "add-teacher", made.stdout.split("Public key: ")[1]], **run)
    argv = [COMMAND, "new", "--protocol", str(protocol), "--client", "K-18", "--lang", "en"]
    with PtySession([*argv], env=env) as app:
        app.begin(title="PWNED")
        app.drain(quiet=0.5)  # everything drawn: the screen has been still for 0.5 s
        app.send(b"\x11")  # ctrl+q
        assert app.wait_exit() == 0
        assert_harmless(bytes(app.output))


def test_a_session_with_escape_codes_replays_and_exports_them_as_text(
    tmp_path: Path, teacher: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`replay` and every export of a session whose client code, notes and appended note
    hold escapes (a crafted but validly encrypted file)."""
    protocol = resolve_protocol()
    session = Session(protocol)
    session.start(SetupChanged(client_code="K-18", lang="en"))
    session.edit_text(notes_key("orientation"), PAYLOAD)
    session.record(StepEntered(step="closing"))
    session.record(SessionClosed(step="closing"))
    session.record(NoteAppended(step="closing", text=PAYLOAD))
    text = session_document.to_toml(session_saving.session_document(session, saved_t=session.now()))
    doc = tomllib.loads(text)
    doc["session"]["client_code"] = PAYLOAD.replace("\u007f", "")
    identity = keys.read_identity_file(teacher)[0]
    path = tmp_path / "crafted.age"
    path.write_bytes(pyrage.encrypt(tomli_w.dumps(doc).encode(), [identity.to_public()]))

    with PtySession([COMMAND, "replay", str(path), "--identity", str(teacher)]) as app:
        app.wait_for("PWNED")
        app.drain(quiet=0.5)  # everything drawn: the screen has been still for 0.5 s
        app.send(b"\x11")
        assert app.wait_exit() == 0
        assert_harmless(bytes(app.output))

    for extra in ([], ["--format", "md"], ["--format", "html"], ["--debrief", "--format", "md"]):
        assert main(["export", str(path), "--identity", str(teacher), *extra]) == 0
        out = capsys.readouterr().out.encode()
        for raw in RAW:
            assert raw not in out, (extra, raw)
        if b"PWNED" in out and extra:
            # Shown as text; Markdown also escapes the bracket (core/page.py markdown_text).
            shown = "␛\\]0;PWNED" if "md" in extra else "␛]0;PWNED"
            assert shown.encode() in out, extra


async def test_a_pasted_control_character_is_kept_as_text(
    protocol: Protocol, clock: FakeClock
) -> None:
    """A paste reaches the notes with its control characters made visible. (Through a real
    terminal, Textual 8.2.8 reads an ESC inside a bracketed paste as the start of a key, so
    only the other control characters arrive in a paste at all.)"""
    from textual import events

    from hyvinvointi_tui.core.untrusted import visible
    from hyvinvointi_tui.ui.app import HyvinvointiApp

    app = HyvinvointiApp.demo(protocol, lang="en", clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")  # typing goes to the notes, which take the focus
        app.post_message(events.Paste(PAYLOAD))
        await pilot.pause()
        notes = app.screen.query_one("#notes", TextArea).text
        assert notes == "x" + visible(PAYLOAD) and "\x1b" not in notes
