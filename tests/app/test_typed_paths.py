"""Every folder or file a person types in a dialog (issue 30, item 6): the client's page at
Closing, the client's copy of their data in the replay, the course file in settings. A
relative path goes under the current folder and the message says where; a bad one gets one
line in the dialog, which stays open, and the app keeps running."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pyrage import x25519
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from hyvinvointi_tui.core.model.protocol import Protocol
from hyvinvointi_tui.core.model.session import Session
from hyvinvointi_tui.core.model.session_events import SetupChanged
from hyvinvointi_tui.core.model.step_events import StressRated
from hyvinvointi_tui.i18n import t
from hyvinvointi_tui.store import keys
from hyvinvointi_tui.store.access_copy import copy_writer
from hyvinvointi_tui.store.debrief import open_replay
from hyvinvointi_tui.store.session_store import SessionStore
from hyvinvointi_tui.store.student import open_student
from hyvinvointi_tui.ui.app import HyvinvointiApp
from hyvinvointi_tui.ui.replay.app import ReplayApp
from hyvinvointi_tui.ui.replay.screen import ReplayScreen
from hyvinvointi_tui.ui.screens.client_page import ClientPageModal

from ..conftest import FakeClock
from ..helpers import notified, save_session, screen_text, squash, wait_until

# Each bad kind of folder, as typed, and the kind of problem (i18n `path.*`) it is.
BAD_FOLDERS = {
    "a file": ("page.html", "not_folder"),
    "under a file": ("page.html/sivut", "part_is_file"),
    "control characters": ("sivut\x1b[2J", "control"),
    "too long": ("x" * 300, "too_long"),
    "a link to nothing": ("dangling", "dangling"),
    "cannot be made": ("/proc/hyvinvointi-sivut", "cannot_make"),
    "an unknown user's home": ("~ei-ketaan-tallaista/sivut", "no_home"),
    "empty": ("   ", "empty"),
}


def reason(lang: str, kind: str) -> str:
    """What the one line says of a kind of problem in `lang`, without the path."""
    return t(lang, f"path.{kind}", path="", detail="").split("(")[0].strip(" :.")


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "page.html").write_text("x")
    (tmp_path / "dangling").symlink_to(tmp_path / "gone")
    return tmp_path


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    uris: list[str] = []

    def open_page(uri: str) -> bool:
        uris.append(uri)
        return True

    monkeypatch.setattr("webbrowser.open", open_page)
    return uris


def said(app: App[Any]) -> str:
    """The app's messages (notifications) as the student reads them."""
    return squash(notified(app))


async def _type_folder(pilot: Pilot[None], app: App[Any], typed: str) -> None:
    await wait_until(pilot, lambda: isinstance(app.screen, ClientPageModal))
    app.screen.query_one("#page-folder", Input).value = typed
    await pilot.press("enter")
    await pilot.pause()


async def test_a_relative_folder_at_closing_is_made_here_and_said(
    protocol: Protocol, clock: FakeClock, here: Path, opened: list[str]
) -> None:
    app = HyvinvointiApp.demo(protocol, lang="fi", clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        app.go_to("closing")
        await pilot.pause()
        await pilot.press("ctrl+f")
        await _type_folder(pilot, app, "klientsidor")
        await wait_until(pilot, lambda: bool(opened))
        (html,) = (here / "klientsidor").glob("*.html")
        assert opened == [html.as_uri()]
        assert str(here / "klientsidor") in said(app)  # where it went
        assert app.is_running
    assert (here / "klientsidor").stat().st_mode & 0o777 == 0o700


@pytest.mark.parametrize("kind", BAD_FOLDERS)
async def test_a_bad_folder_at_closing_is_one_line_in_the_dialog(
    protocol: Protocol, clock: FakeClock, here: Path, opened: list[str], kind: str
) -> None:
    typed, problem_kind = BAD_FOLDERS[kind]
    why = reason("fi", problem_kind)
    app = HyvinvointiApp.demo(protocol, lang="fi", clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        app.go_to("closing")
        await pilot.pause()
        await pilot.press("ctrl+f")
        await _type_folder(pilot, app, typed)
        assert isinstance(app.screen, ClientPageModal)  # still open, to type another
        problem = str(app.screen.query_one("#page-problem").render())
        assert why in problem and "\n" not in problem.strip() and "\x1b" not in problem
        assert app.is_running and not opened
        # Corrected, it is written.
        app.screen.query_one("#page-folder", Input).value = str(here / "sivut")
        await pilot.press("enter")
        await wait_until(pilot, lambda: bool(opened))
    assert list((here / "sivut").glob("*.html"))


def _replay_screen(protocol: Protocol, tmp_path: Path) -> ReplayScreen:
    teacher = x25519.Identity.generate()
    session = Session(protocol, clock=FakeClock())
    session.start(SetupChanged(client_code="K-3", lang="en", students=["Aino"]))
    session.record(StressRated(step="stress", value=2))
    folder = tmp_path / "sessions"
    folder.mkdir()
    store = SessionStore(folder, [teacher.to_public()])
    save_session(store, session)
    store.close()
    (path,) = folder.glob("*.age")
    replayed = open_replay(path, [teacher])
    return ReplayScreen(
        replayed.protocol,
        replayed.replay,
        created=replayed.meta.created,
        client_code="K-3",
        lang="en",
        write_access_copy=copy_writer(path, [teacher]),
    )


@pytest.mark.parametrize("kind", ["relative", *BAD_FOLDERS])
async def test_the_replays_copy_takes_a_relative_folder_and_refuses_a_bad_one(
    protocol: Protocol, here: Path, opened: list[str], monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    monkeypatch.setenv("HYVINVOINTI_HOME", str(here / "home"))
    app = ReplayApp([_replay_screen(protocol, here)])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        if kind == "relative":
            await _type_folder(pilot, app, "kopiot")
            await wait_until(pilot, lambda: bool(opened))
            (written,) = (here / "kopiot").glob("*.html")
            assert opened == [written.as_uri()]
            assert str(written) in said(app)
        else:
            typed, problem_kind = BAD_FOLDERS[kind]
            why = reason("en", problem_kind)
            await _type_folder(pilot, app, typed)
            assert isinstance(app.screen, ClientPageModal)
            assert why in str(app.screen.query_one("#page-problem").render())
            assert not opened
        assert app.is_running


PASSPHRASE = "asetukset-auki-5"


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("kurssi.toml", "You have joined the course."),  # relative: the current folder
        ("kansio", "it is a folder, not a file"),
        ("ei.toml", "no such file"),
        ("kurssi\x1b[2J.toml", "a path cannot hold a control character"),
        ("x" * 300, "the path is too long"),
        ("~ei-ketaan-tallaista/kurssi.toml", "no home folder is known"),
    ],
)
async def test_the_course_file_typed_in_settings_is_joined_or_refused_in_one_line(
    tmp_path: Path, protocol: Protocol, monkeypatch: pytest.MonkeyPatch, typed: str, why: str
) -> None:
    from hyvinvointi_tui.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "kansio").mkdir()
    home = tmp_path / "home"
    home.mkdir()
    keys.create_student_identity(home, PASSPHRASE)
    teacher = keys.write_identity_file(tmp_path / "t.key")
    argv = ["course", "new", "--name", "OT", "--teacher", teacher, "-o", "kurssi.toml"]
    assert main(argv) == 0
    student = open_student(home, PASSPHRASE)
    app = HyvinvointiApp(protocol, lang="en", student=student, store=student.new_store())
    async with app.run_test(size=(120, 40)) as pilot:
        app.screen.query_one("#start-menu", OptionList).highlighted = 4  # settings
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen.query("#course-file"))
        app.screen.query_one("#course-file", Input).value = typed
        await pilot.press("enter")
        await wait_until(pilot, lambda: why in squash(screen_text(app)))
        status = str(app.screen.query_one("#course-status").render())
        assert "\n" not in status.strip() and "\x1b" not in status
        assert app.is_running
    assert Path(tmp_path / "kurssi.toml").exists()
