"""What is erased stays erased, in the real app: a client's name typed into the notes, saved,
and deleted is in no saved file, no toml export and no replay; the replay shows where text
was removed, never what."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyrage import x25519

from hyvinvointi_tui.cli import main
from hyvinvointi_tui.core.model.protocol import Protocol
from hyvinvointi_tui.core.model.session_events import TextEdited
from hyvinvointi_tui.core.model.text_keys import notes_key
from hyvinvointi_tui.core.privacy.erasure import PLACEHOLDER
from hyvinvointi_tui.store import keys, session_document, session_file
from hyvinvointi_tui.store.debrief import open_replay
from hyvinvointi_tui.store.session_store import SessionStore
from hyvinvointi_tui.ui.app import HyvinvointiApp
from hyvinvointi_tui.ui.replay.app import ReplayApp
from hyvinvointi_tui.ui.replay.screen import ReplayScreen

from ..conftest import FakeClock
from ..helpers import consent_to_notes, pane_text, squash, wait_until
from ..helpers import keys as keys_for

TYPED = "Real name Matti Meikalainen"


@pytest.mark.slow
async def test_a_name_typed_saved_and_deleted_is_in_no_file_export_or_replay(
    protocol: Protocol, clock: FakeClock, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    teacher_key = tmp_path / "teacher.key"
    teacher = keys.parse_recipient(keys.write_identity_file(teacher_key))
    student = x25519.Identity.generate()
    store = SessionStore(tmp_path, [student.to_public(), teacher])

    def on_disk() -> str | None:
        if store.path is None or not store.path.exists():
            return None
        texts = session_document.load(store.path, [student]).doc["state"]["texts"]
        return str(texts.get(notes_key("orientation"), ""))

    app = HyvinvointiApp.new_session(
        protocol, lang="en", client_code="K-014", clock=clock, store=store, begun=True
    )
    consent_to_notes(app.session)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*keys_for(TYPED))
        await wait_until(pilot, lambda: on_disk() == TYPED)  # saved, name and all
        clock.advance(30)
        await pilot.press(*["backspace"] * len(TYPED))
        await pilot.press(*keys_for("pseudonym only"))
        await wait_until(pilot, lambda: on_disk() == "pseudonym only")
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert store.path is not None

    plaintext = session_file.decrypt(store.path, [student]).decode()
    assert (
        main(["export", str(store.path), "--format", "toml", "--identity", str(teacher_key)]) == 0
    )
    exported = capsys.readouterr().out
    assert "pseudonym only" in exported
    for text in (plaintext, exported):
        for word in ("Matti", "Meikalainen", "Real name"):
            assert word not in text, word
    # One placeholder for each character deleted, however the typing was reported.
    assert plaintext.count(PLACEHOLDER) >= len("Real name Matti Meikalainen")

    # The replay at the instant the name stood in the notes shows placeholders, dim, and
    # says what they are.
    opened = open_replay(store.path, [student])
    typed = [
        event
        for event in opened.replay.events
        if isinstance(event, TextEdited) and PLACEHOLDER in event.text
    ][-1]  # the whole name typed, in however many reports it came
    replay = ReplayApp(
        [
            ReplayScreen(
                protocol,
                opened.replay,
                created=opened.meta.created,
                client_code="K-014",
                lang="en",
            )
        ]
    )
    async with replay.run_test(size=(120, 40)) as pilot:
        replay.replay_screen.set_cursor(typed.t)
        await pilot.pause()
        work = squash(pane_text(replay, "#work"))
        assert PLACEHOLDER * 9 in work
        assert "= text deleted later, which is not kept" in work
        assert "Matti" not in work
        styled = replay.replay_screen.panes.notes_text(PLACEHOLDER * 4 + " x")
        first = styled.spans[0]
        assert (first.start, first.end, str(first.style)) == (0, 4, "dim")
        replay.replay_screen.set_cursor(opened.replay.duration)
        await pilot.pause()
        work = squash(pane_text(replay, "#work"))
        assert "pseudonym only" in work and PLACEHOLDER not in work
