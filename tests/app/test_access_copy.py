"""The client's copy of their data from the replay: `a`, shown in the footer, writes it into
a folder the user chooses and opens it in the browser."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from pyrage import x25519
from textual.widgets import Input

from hyvinvointi_tui.core.model.protocol import Protocol
from hyvinvointi_tui.core.model.session import Session
from hyvinvointi_tui.core.model.session_events import SetupChanged, StepEntered
from hyvinvointi_tui.core.model.step_events import StressRated
from hyvinvointi_tui.core.model.text_keys import notes_key
from hyvinvointi_tui.store import session_document
from hyvinvointi_tui.store.access_copy import copy_writer
from hyvinvointi_tui.store.copies import recorded_copies
from hyvinvointi_tui.store.debrief import open_replay
from hyvinvointi_tui.store.session_store import SessionStore
from hyvinvointi_tui.ui.replay.app import ReplayApp
from hyvinvointi_tui.ui.replay.screen import ReplayScreen
from hyvinvointi_tui.ui.screens.client_page import ClientPageModal

from ..conftest import FakeClock
from ..helpers import consent_to_notes, save_session, screen_text, squash, wait_until


async def test_the_replay_writes_the_clients_copy_into_the_chosen_folder(
    protocol: Protocol, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HYVINVOINTI_HOME", str(tmp_path / "home"))
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda uri: opened.append(uri))
    teacher = x25519.Identity.generate()
    session = Session(protocol, clock=FakeClock())
    session.start(SetupChanged(client_code="K-3", lang="en", students=["Aino"]))
    consent_to_notes(session)
    session.record(StepEntered(step="wellbeing"))
    session.edit_text(notes_key("wellbeing"), "Sleeps badly since May")
    session.record(StressRated(step="stress", value=2))
    folder = tmp_path / "sessions"
    folder.mkdir()
    store = SessionStore(folder, [teacher.to_public()])
    save_session(store, session)
    store.close()
    (path,) = folder.glob("*.age")
    replayed = open_replay(path, [teacher])
    screen = ReplayScreen(
        replayed.protocol,
        replayed.replay,
        created=replayed.meta.created,
        client_code="K-3",
        lang="en",
        write_access_copy=copy_writer(path, [teacher]),
    )
    app = ReplayApp([screen])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "a Client's data" in squash(screen_text(app))
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, ClientPageModal))
        app.screen.query_one("#page-folder", Input).value = str(tmp_path / "out")
        await pilot.press("enter")
        await wait_until(pilot, lambda: bool(opened))
    (written,) = (tmp_path / "out").glob("*.html")
    assert written.name.startswith("client-data-K-3-")
    assert opened == [written.as_uri()]
    page = written.read_text(encoding="utf-8")
    assert "Sleeps badly since May" in page and "Your stress level: 2/5" in page
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    (copy,) = recorded_copies(tmp_path / "home")
    assert copy.session_id == session_document.load(path, [teacher]).meta.id


async def test_without_a_writer_the_replay_offers_no_copy(
    protocol: Protocol, tmp_path: Path
) -> None:
    session = Session(protocol, clock=FakeClock())
    session.start(SetupChanged(client_code="K-3", lang="en"))
    from hyvinvointi_tui.core.debrief.replay import Replayer

    screen = ReplayScreen(
        protocol,
        Replayer(protocol, session.events, duration=60),
        created=session.created,
        client_code="K-3",
        lang="en",
    )
    app = ReplayApp([screen])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "Client's data" not in screen_text(app)
        await pilot.press("a")
        await pilot.pause()
        assert app.screen is screen
