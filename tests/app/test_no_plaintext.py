"""No plaintext at rest: a canary typed into every text field of a whole session is on disk
only inside the encrypted file, nowhere else under the data folder or the temp folder."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from pyrage import x25519
from textual.widgets import Input, TextArea

from hyvinvointi_tui.core.debrief.replay import Replayer
from hyvinvointi_tui.core.model.protocol import Protocol
from hyvinvointi_tui.store import session_document, session_file
from hyvinvointi_tui.store.debrief import comment_saver, load_comments
from hyvinvointi_tui.store.session_store import SessionStore
from hyvinvointi_tui.ui.app import HyvinvointiApp
from hyvinvointi_tui.ui.replay.app import ReplayApp
from hyvinvointi_tui.ui.replay.screen import ReplayScreen

from ..conftest import FakeClock
from ..helpers import consent_to_notes, wait_until

DATES_AND_TIMES = {"goal-due", "appointment-date", "appointment-time"}


NOTES = ("orientation", "wellbeing", "stress", "time_circle", "osa", "goals", "summary", "closing")
EVERY_TEXT_FIELD = sorted(
    [
        *(f"{step} #notes" for step in NOTES),
        "closing #feedback-comment",
        "closing #service-note",
        "goals #goal-actions",
        "goals #goal-input",
        "stress #plan-contacts",
        "stress #plan-today",
        "stress #plan-week",
        "summary #add-challenges",
        "summary #add-strengths",
        "time_circle #activity-name",
    ]
)


def fields(app: HyvinvointiApp) -> list[Input | TextArea]:
    """The text fields the student can type into on the current screen."""
    found: list[Input | TextArea] = []
    for widget in app.screen.query("Input, TextArea"):
        assert isinstance(widget, Input | TextArea)
        if not (widget.display and not widget.disabled and widget.focusable):
            continue
        if isinstance(widget, Input) and (
            widget.type != "text" or widget.restrict or widget.id in DATES_AND_TIMES
        ):
            continue  # numbers, dates and times: no words go there
        found.append(widget)
    return found


@pytest.mark.slow
async def test_a_canary_in_every_text_field_is_only_ever_on_disk_encrypted(
    protocol: Protocol, clock: FakeClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home, temp = tmp_path / "home", tmp_path / "tmp"
    home.mkdir(mode=0o700)
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", None)  # so that gettempdir() reads TMPDIR again
    student = x25519.Identity.generate()
    store = SessionStore(home, [student.to_public()])
    app = HyvinvointiApp.new_session(
        protocol, lang="fi", client_code="K-314", clock=clock, store=store, begun=True
    )
    consent_to_notes(app.session)
    canaries: dict[str, str] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        for step in protocol.steps:
            app.go_to(step.id)
            await pilot.pause()
            # Fill every field (what typing does, in one call: a key press at a time is slow
            # headless), then submit each line (a goal takes its actions along).
            for widget in fields(app):
                canary = f"kanaria{len(canaries)}x"
                canaries[canary] = f"{step.id} #{widget.id or type(widget).__name__}"
                widget.focus()
                if isinstance(widget, Input):
                    widget.insert_text_at_cursor(canary)
                else:
                    widget.insert(canary)
                await pilot.pause()
            for widget in fields(app):
                if isinstance(widget, Input):
                    widget.focus()
                    await pilot.press("enter")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: store.path is not None and store.path.exists())
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert store.path is not None
    plaintext = session_file.decrypt(store.path, [student]).decode()
    lost = {where for canary, where in canaries.items() if canary not in plaintext}
    assert not lost, lost
    assert sorted(canaries.values()) == EVERY_TEXT_FIELD

    # The teacher's debrief comment, typed in the replay and saved as `replay` saves it.
    loaded = session_document.load(store.path, [student])
    comment = "kanariacommentx"
    canaries[comment] = "replay #comment-text"

    teacher = x25519.Identity.generate()
    replay = ReplayApp(
        [
            ReplayScreen(
                protocol,
                Replayer(protocol, loaded.events, duration=600),
                created=loaded.meta.created,
                client_code="K-314",
                lang="fi",
                save_comments=comment_saver(store.path, loaded.meta, teacher),
            )
        ]
    )
    async with replay.run_test(size=(120, 40)) as pilot:
        await pilot.press("shift+right", "c")
        await pilot.pause()
        await pilot.press(*comment, "enter")
        await pilot.pause()
    (saved,) = load_comments(store.path, [student], loaded.meta.id)
    assert saved.text == comment

    for folder in (home, temp):
        for path in folder.rglob("*"):
            if path.is_file():
                content = path.read_bytes()
                for canary in canaries:
                    assert canary.encode() not in content, f"{canary} in {path}"
                if os.name == "posix":
                    assert path.stat().st_mode & 0o777 == 0o600, path
