"""The start screen's sessions with their keep-until dates, deleting one (or a client's
chain) after a confirmation, the count of plaintext copies and their deletion, and the
client's page printed without leaving a copy behind (issue 29, parts 4 and 6)."""

from __future__ import annotations

import json
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

import pytest
from pyrage import x25519
from textual.app import App
from textual.widgets import OptionList

from hyvinvointi_tui.core.model.protocol import Protocol
from hyvinvointi_tui.store.copies import copies_path, record_copy, recorded_copies
from hyvinvointi_tui.store.deletion import LOG_FILE
from hyvinvointi_tui.store.student import Student
from hyvinvointi_tui.ui.app import HyvinvointiApp
from hyvinvointi_tui.ui.screens.modals import ConfirmModal
from hyvinvointi_tui.ui.screens.sessions import SessionsScreen
from hyvinvointi_tui.ui.screens.start import StartScreen

from ..conftest import FakeClock
from ..helpers import notified, screen_text, squash, wait_until
from ..kept_sessions import saved

SIZE = (120, 40)


@pytest.fixture
def student(tmp_path: Path) -> Student:
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    return Student(home, x25519.Identity.generate(), [])


def shown(app: App[Any]) -> str:
    """The notifications shown so far."""
    return squash(notified(app))


def choose(app: App[Any], choice: str) -> None:
    menu = app.screen.query_one("#start-menu", OptionList)
    ids = [menu.get_option_at_index(i).id for i in range(menu.option_count)]
    menu.highlighted = ids.index(choice)


async def test_the_start_screen_lists_keep_until_dates_and_deletes_after_asking(
    protocol: Protocol, student: Student, tmp_path: Path
) -> None:
    me = student.recipients
    old, old_session = saved(
        student.folder, me, protocol, code="K-OLD1", created="2020-01-10T09:00:00+02:00"
    )
    first, first_session = saved(
        student.folder, me, protocol, code="K-21", created="2099-01-05T09:00:00+02:00"
    )
    follow, _ = saved(
        student.folder,
        me,
        protocol,
        code="K-21",
        created="2099-02-05T09:00:00+02:00",
        follows=first_session,
        retention_days=30,
    )
    page = tmp_path / "old-page.html"
    page.write_text("K-OLD1", encoding="utf-8")
    record_copy(student.home, page, old_session.session_id, "page")

    app = HyvinvointiApp(protocol, lang="en", store=student.new_store(), student=student)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: "Due for deletion: 1" in screen_text(app))
        assert "Plaintext copies on this computer: 1" in squash(screen_text(app))
        choose(app, "sessions")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, SessionsScreen))
        await pilot.pause()
        text = screen_text(app)
        (old_line,) = [line for line in text.splitlines() if "K-OLD1" in line]
        assert "10.01.2020" in old_line
        assert "closed · kept until 2020-07-08 · DUE FOR DELETION" in old_line
        (follow_line,) = [line for line in text.splitlines() if "05.02.2099" in line]
        assert "kept until 2099-03-07" in follow_line and "DUE" not in follow_line

        # Delete asks first, listing what goes; cancel keeps everything.
        await pilot.press("delete")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        assert "Delete for good?" in screen_text(app)
        assert isinstance(app.screen, ConfirmModal)
        asked = app.screen.message  # what the dialog says (long paths wrap on screen)
        assert old.name in asked and str(page) in asked
        await pilot.press("escape")
        await pilot.pause()
        assert old.exists() and page.exists()
        await pilot.press("delete")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.click("#confirm-ok")
        await wait_until(pilot, lambda: not old.exists())
        await pilot.pause()
        assert not page.exists()
        assert "K-OLD1" not in screen_text(app)
        assert old_session.session_id in (student.home / LOG_FILE).read_text(encoding="utf-8")

        # c: the client's chain (the first session and its follow-up), in one go.
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        assert isinstance(app.screen, ConfirmModal)
        asked = app.screen.message
        assert first.name in asked and follow.name in asked
        await pilot.click("#confirm-ok")
        await wait_until(pilot, lambda: not first.exists() and not follow.exists())
        await pilot.pause()
        assert "No saved sessions." in screen_text(app)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, StartScreen))
        await wait_until(pilot, lambda: "Due for deletion" not in screen_text(app))
        assert "Plaintext copies" not in screen_text(app).split("Quit")[1]


async def test_a_session_open_in_another_copy_is_not_deleted_from_the_screen(
    protocol: Protocol, student: Student
) -> None:
    from hyvinvointi_tui.store.session_store import SessionLock

    path, _ = saved(
        student.folder, student.recipients, protocol, code="K-5", created="2026-01-05T09:00+02:00"
    )
    running = SessionLock(path)
    running.acquire()
    try:
        app = HyvinvointiApp(protocol, lang="en", store=student.new_store(), student=student)
        async with app.run_test(size=SIZE) as pilot:
            choose(app, "sessions")
            await pilot.press("enter")
            await wait_until(pilot, lambda: isinstance(app.screen, SessionsScreen))
            await pilot.press("delete")
            await wait_until(pilot, lambda: isinstance(app.screen, ConfirmModal))
            await pilot.click("#confirm-ok")
            await wait_until(pilot, lambda: "open in another copy" in shown(app))
            assert "Not deleted" in shown(app)
    finally:
        running.release()
    assert path.exists()


async def test_the_start_screen_counts_the_plaintext_copies_and_deletes_them_after_asking(
    protocol: Protocol, student: Student, tmp_path: Path
) -> None:
    copies = []
    for name in ("page.html", "page.md", "export.toml"):
        copy = tmp_path / name
        copy.write_text("K-9", encoding="utf-8")
        record_copy(student.home, copy, "abc123def456", "page")
        copies.append(copy)
    app = HyvinvointiApp(protocol, lang="fi", store=student.new_store(), student=student)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(
            pilot, lambda: "Salaamattomia kopioita tällä koneella: 3" in squash(screen_text(app))
        )
        choose(app, "copies")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        assert "Poistetaanko ne kaikki lopullisesti?" in squash(screen_text(app))
        assert isinstance(app.screen, ConfirmModal)
        asked = app.screen.message  # what the dialog says (long paths wrap on screen)
        assert all(str(copy) in asked for copy in copies)
        await pilot.press("escape")  # cancel keeps them
        await pilot.pause()
        assert all(copy.exists() for copy in copies)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.click("#confirm-ok")
        await wait_until(pilot, lambda: not any(copy.exists() for copy in copies))
        await wait_until(pilot, lambda: "Salaamattomia" not in screen_text(app))
    assert recorded_copies(student.home) == []


async def test_the_clients_page_is_recorded_and_can_be_printed_without_a_copy_left(
    protocol: Protocol,
    clock: FakeClock,
    student: Student,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import webbrowser

    from textual.widgets import Input

    opened: list[str] = []

    def open_page(url: str) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr(webbrowser, "open", open_page)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    app = HyvinvointiApp.new_session(
        protocol, lang="en", client_code="K-77", clock=clock, student=student, begun=True
    )
    async with app.run_test(size=SIZE) as pilot:
        sid = app.session.session_id
        app.go_to("closing")
        await pilot.pause()
        # Written into a folder: both files recorded as copies of this session.
        await pilot.press("ctrl+f")
        await pilot.pause()
        app.screen.query_one("#page-folder", Input).value = str(tmp_path / "pages")
        await pilot.press("enter")
        await pilot.pause()
        kept = sorted(copy.path.name for copy in recorded_copies(student.home))
        assert len(kept) == 2 and kept[0].endswith(".html") and kept[1].endswith(".md")
        assert {copy.session_id for copy in recorded_copies(student.home)} == {sid}

        # Printed without a copy: a private temp folder, said on screen, gone at quit.
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert "removed when you quit the app" in squash(screen_text(app))
        await pilot.click("#page-print")
        await pilot.pause()
        printed = [c.path for c in recorded_copies(student.home) if c.kind == "print"]
        (html,) = printed
        assert html.exists() and opened[-1] == html.as_uri()
        assert stat.S_IMODE(html.parent.stat().st_mode) == 0o700
        assert html.parent.parent == tmp_path
        assert "Print it now: the copy is removed when you quit the app." in shown(app)
    assert not html.exists() and not html.parent.exists()
    assert [c.kind for c in recorded_copies(student.home)] == ["page", "page"]


async def test_a_print_copy_left_by_a_crash_is_removed_at_the_next_start(
    protocol: Protocol, student: Student, tmp_path: Path
) -> None:
    folder = tmp_path / "hyvinvointi-print-crashed"
    folder.mkdir(mode=0o700)
    left = folder / "page.html"
    left.write_text("K-3", encoding="utf-8")
    dead = 2**22 + 12345  # beyond the pids this machine hands out
    line = {"path": str(left), "session": "abc", "written": "x", "kind": "print", "writer": dead}
    copies_path(student.home).write_text(json.dumps(line) + "\n", encoding="utf-8")
    assert not os.path.exists(f"/proc/{dead}")
    app = HyvinvointiApp(protocol, lang="en", store=student.new_store(), student=student)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not left.exists() and not folder.exists()
        assert recorded_copies(student.home) == []
