"""The client's page written from Closing (ctrl+f) goes only where the students mean it to
(issue 32, item 3): a page of the same name is replaced only after a yes, a folder reached
through a symbolic link is named before anything is written, new folders are private
(0700), and the message says where the page went, whole."""

from __future__ import annotations

import os
import stat
import webbrowser
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input

from hyvinvointi_tui.core.model.protocol import Protocol
from hyvinvointi_tui.ui.app import HyvinvointiApp
from hyvinvointi_tui.ui.screens.client_page import ClientPageModal
from hyvinvointi_tui.ui.screens.modals import ConfirmModal

from ..conftest import FakeClock
from ..helpers import notified, squash


def _messages(app: App[Any]) -> str:
    return squash(notified(app))


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    pages: list[str] = []

    def open_page(url: str) -> bool:
        pages.append(url)
        return True

    monkeypatch.setattr(webbrowser, "open", open_page)
    return pages


async def _write_page(app: App[Any], pilot: Pilot[None], folder: str) -> None:
    """ctrl+f at Closing and the folder typed, then Enter."""
    await pilot.press("ctrl+f")
    await pilot.pause()
    assert isinstance(app.screen, ClientPageModal)
    app.screen.query_one("#page-folder", Input).value = folder
    await pilot.press("enter")
    await pilot.pause()


async def test_a_page_of_the_same_name_is_replaced_only_after_a_yes(
    protocol: Protocol, clock: FakeClock, tmp_path: Path, opened: list[str]
) -> None:
    app = HyvinvointiApp.demo(protocol, lang="en", clock=clock)
    folder = tmp_path / "pages" / "client"
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        app.go_to("closing")
        await pilot.pause()
        await _write_page(app, pilot, str(folder))
        (html,) = folder.glob("*.html")
        md = html.with_suffix(".md")
        # Where it went, whole; private folders, private files.
        assert f"Client's page written: {html}" in _messages(app)
        for made in (tmp_path / "pages", folder):
            assert stat.S_IMODE(made.stat().st_mode) == 0o700
        for page in (html, md):
            assert stat.S_IMODE(page.stat().st_mode) == 0o600
        html.write_text("the page printed last week")
        md.unlink()

        await _write_page(app, pilot, str(folder))
        assert isinstance(app.screen, ConfirmModal)
        assert str(html) in squash(app.screen.message)
        await pilot.press("escape")  # the safe answer: keep it
        await pilot.pause()
        assert html.read_text() == "the page printed last week" and not md.exists()
        assert f"Nothing written: the page in {folder} is kept" in _messages(app)
        assert len(opened) == 1

        await _write_page(app, pilot, str(folder))
        assert isinstance(app.screen, ConfirmModal)
        await pilot.click("#confirm-ok")
        await pilot.pause()
        assert "Our wellbeing conversation" in html.read_text() and md.exists()
        assert len(opened) == 2


async def test_a_folder_reached_through_a_link_is_named_before_the_page_goes_there(
    protocol: Protocol, clock: FakeClock, tmp_path: Path, opened: list[str]
) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    app = HyvinvointiApp.demo(protocol, lang="en", clock=clock)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        app.go_to("closing")
        await pilot.pause()
        await _write_page(app, pilot, str(tmp_path / "link"))
        assert isinstance(app.screen, ClientPageModal)  # nothing written yet
        said = squash(str(app.screen.query_one("#page-problem").render()))
        assert f"{tmp_path / 'link'} is a link to {real}" in said
        assert not list(real.iterdir())
        assert app.screen.query_one("#page-folder", Input).value == str(real)
        await pilot.press("enter")
        await pilot.pause()
        (html,) = real.glob("*.html")
        assert f"Client's page written: {html}" in _messages(app)


async def test_something_not_a_file_at_the_pages_name_is_never_replaced(
    protocol: Protocol, clock: FakeClock, tmp_path: Path, opened: list[str]
) -> None:
    app = HyvinvointiApp.demo(protocol, lang="en", clock=clock)
    folder = tmp_path / "pages"
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        app.go_to("closing")
        await pilot.pause()
        await _write_page(app, pilot, str(folder))
        (html,) = folder.glob("*.html")
        md = html.with_suffix(".md")
        md.unlink()
        os.mkfifo(md)
        await _write_page(app, pilot, str(folder))
        await pilot.click("#confirm-ok")
        await pilot.pause()
        assert stat.S_ISFIFO(os.lstat(md).st_mode)
        assert "it is not a regular file" in _messages(app)
        assert "Traceback" not in _messages(app)
