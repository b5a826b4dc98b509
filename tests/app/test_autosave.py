"""Autosave in the running app: on disk within seconds, ctrl+s, a full disk, quitting."""

from __future__ import annotations

import asyncio
import errno
import json
import os
import socket
from pathlib import Path

import pytest
from pyrage import x25519

from hyvinvointi_tui.core.model.protocol import Protocol
from hyvinvointi_tui.core.model.text_keys import notes_key
from hyvinvointi_tui.store import atomic, session_document, session_file, session_store
from hyvinvointi_tui.store.session_store import SessionLock, SessionLocked, SessionStore
from hyvinvointi_tui.ui.app import HyvinvointiApp
from hyvinvointi_tui.ui.screens.modals import ConfirmQuitModal
from hyvinvointi_tui.ui.timings import TIMINGS, Timings
from hyvinvointi_tui.ui.widgets.notes_area import NotesArea

from ..conftest import FakeClock
from ..helpers import SHORT_TIMINGS, consent_to_notes, screen_text, wait_until

SIZE = (120, 40)


@pytest.fixture
def student() -> x25519.Identity:
    return x25519.Identity.generate()


@pytest.fixture
def store(tmp_path: Path, student: x25519.Identity) -> SessionStore:
    return SessionStore(tmp_path, [student.to_public()])


def notes(store: SessionStore, student: x25519.Identity, step: str = "orientation") -> str | None:
    """The notes of a step in the file on disk (None before the first save)."""
    if store.path is None or not store.path.exists():
        return None
    text: str = on_disk(store, student).doc["state"]["texts"].get(notes_key(step), "")
    return text


def on_disk(store: SessionStore, student: x25519.Identity) -> session_document.LoadedSession:
    assert store.path is not None, "nothing saved yet"
    return session_document.load(store.path, [student])


def app_for(
    protocol: Protocol, clock: FakeClock, store: SessionStore, timings: Timings = TIMINGS
) -> HyvinvointiApp:
    app = HyvinvointiApp.new_session(
        protocol,
        lang="en",
        client_code="K-014",
        clock=clock,
        store=store,
        begun=True,
        timings=timings,
    )
    consent_to_notes(app.session)  # the client's yes: notes are saved from here on
    return app


async def test_typed_notes_are_on_disk_within_two_seconds(
    protocol: Protocol, clock: FakeClock, store: SessionStore, student: x25519.Identity
) -> None:
    """At most two seconds of typing lost: by design, the notes are reported within the
    report window of a key and saved within the autosave delay of that, with no other key.
    The app's own figures keep that promise; the walk runs on the short timers, whose
    wall-clock bound has room for a loaded machine."""
    assert TIMINGS.report + TIMINGS.autosave <= 2.0
    app = app_for(protocol, clock, store, SHORT_TIMINGS)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"tired")
        started = asyncio.get_running_loop().time()
        await wait_until(pilot, lambda: notes(store, student) == "tired")
        assert asyncio.get_running_loop().time() - started < 8.0
        # The worker writes the file, then tells the screen: the status line follows.
        await wait_until(pilot, lambda: "saved " in screen_text(app))
        assert store.path is not None
        assert store.path.name.startswith(
            session_file.file_name(app.session.created, "K-014", app.session.session_id)[:13]
        )


async def test_typing_in_bursts_records_one_text_event_per_report_window(
    protocol: Protocol, clock: FakeClock, store: SessionStore
) -> None:
    """Words with short pauses between them are not one event each: the notes are reported
    once per report window, which keeps a long session's file small and its replay fast.
    The window is made long here, so that no machine is too slow for the words to fall in
    it; the first change starts it and later ones ride along."""
    app = app_for(protocol, clock, store, Timings(report=600.0))
    async with app.run_test(size=SIZE) as pilot:
        area = app.screen.query_one(NotesArea)
        words = ("asiakas ", "kertoi ", "että ", "uni ", "on ", "katkonaista ")
        for word in words:  # a word at once, then a pause (the screen is drawn)
            area.insert(word)
            await pilot.pause()
        key = notes_key("orientation")
        assert app.session.state.text(key) == ""  # the window is still open
        app.flush_texts()  # as leaving the step or quitting does
        assert app.session.state.text(key) == "".join(words)
        edits = [e for e in app.session.events if getattr(e, "key", "") == key]
        assert len(edits) == 1


async def test_a_step_change_is_saved_at_once_and_ctrl_s_saves(
    protocol: Protocol, clock: FakeClock, store: SessionStore, student: x25519.Identity
) -> None:
    app = app_for(protocol, clock, store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+n")
        # The store names its file at the first save, a moment before the file is there.
        await wait_until(
            pilot,
            lambda: (
                store.path
                and store.path.exists()
                and on_disk(store, student).doc["state"]["step"] == "wellbeing"
            ),
        )
        await pilot.press(*"ok", "ctrl+s")
        await wait_until(pilot, lambda: notes(store, student, "wellbeing") == "ok")


async def test_a_full_disk_keeps_the_last_good_file_says_so_and_retries(
    protocol: Protocol,
    clock: FakeClock,
    store: SessionStore,
    student: x25519.Identity,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = app_for(protocol, clock, store, SHORT_TIMINGS)  # the retry comes in 0.1 s, not 2
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"first", "ctrl+s")
        await wait_until(pilot, lambda: notes(store, student) == "first")
        assert store.path is not None
        good = store.path.read_bytes()
        real_write = atomic.write_atomic

        def disk_full(path: Path, data: bytes) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(session_store, "write_atomic", disk_full)
        await pilot.press(*" second", "ctrl+s")
        await wait_until(pilot, lambda: "NOT SAVED: no space left on device" in screen_text(app))
        assert store.path.read_bytes() == good
        assert on_disk(store, student).doc["state"]["texts"][notes_key("orientation")] == "first"

        monkeypatch.setattr(session_store, "write_atomic", real_write)
        await wait_until(pilot, lambda: notes(store, student) == "first second")  # the retry
        await wait_until(pilot, lambda: "NOT SAVED" not in screen_text(app))


async def test_quit_saves_everything_without_asking(
    protocol: Protocol, clock: FakeClock, store: SessionStore, student: x25519.Identity
) -> None:
    app = app_for(protocol, clock, store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"last words", "ctrl+q")  # no pause: not yet autosaved
        await pilot.pause()
    assert not app.is_running
    assert on_disk(store, student).doc["state"]["texts"][notes_key("orientation")] == "last words"
    assert store.path is not None
    assert not SessionLock(store.path).path.exists(), "the lock is released"


async def test_quit_asks_when_the_save_fails(
    protocol: Protocol, clock: FakeClock, store: SessionStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_for(protocol, clock, store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()

        def broken(path: Path, data: bytes) -> None:
            raise OSError(errno.EIO, "Input/output error")

        await wait_until(pilot, lambda: store.path is not None)
        monkeypatch.setattr(session_store, "write_atomic", broken)
        await pilot.press(*"unsaved", "ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmQuitModal)
        assert "could not be saved (input/output error)" in screen_text(app)


def test_a_second_copy_is_refused_and_a_stale_lock_is_taken_over(tmp_path: Path) -> None:
    path = tmp_path / "s.age"
    first = SessionLock(path)
    first.acquire()
    with pytest.raises(SessionLocked, match=r"another copy of hyvinvointi \(process \d+ on "):
        SessionLock(path).acquire()
    first.release()
    host = socket.gethostname()
    first.path.write_text(json.dumps({"pid": 999999999, "host": host}))  # a crashed copy
    again = SessionLock(path)
    again.acquire()
    assert again.held


async def test_the_start_screen_resumes_a_saved_session(
    protocol: Protocol, clock: FakeClock, tmp_path: Path, student: x25519.Identity
) -> None:
    from hyvinvointi_tui.store.student import Student

    me = Student(tmp_path, student, [])
    first = HyvinvointiApp.new_session(
        protocol, lang="en", client_code="K-321", clock=clock, store=me.new_store(), begun=True
    )
    consent_to_notes(first.session)
    async with first.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+n", *"slept well", "ctrl+q")
    broken = tmp_path / "sessions" / "broken.age"
    broken.write_bytes(b"age-encryption.org/v1\nnonsense")
    os.utime(broken, (1_000_000_000, 1_000_000_000))  # saved long ago: listed last

    app = HyvinvointiApp(protocol, lang="en", store=me.new_store(), student=me)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "down", "enter")  # new, follow-up, resume
        await pilot.pause()
        text = screen_text(app)
        assert "K-321" in text and "How are you doing?" in text
        assert "broken.age — cannot be opened with your key" in text
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.state.setup.client_code == "K-321"
        assert "slept well" in screen_text(app)
        assert app.store is not None and app.store.path is not None
        assert app.store.path.name.endswith(".age") and "K-321" in app.store.path.name
