"""The passphrase screen: working state while scrypt runs, wrong passphrase, try again."""

from __future__ import annotations

from pathlib import Path

import pytest

from hyvinvointi_tui.cli.sessions import student_opener
from hyvinvointi_tui.store import keys
from hyvinvointi_tui.store.student import Student
from hyvinvointi_tui.ui.unlock import UnlockApp

from ..helpers import screen_text, wait_until

PASSPHRASE = "avain-auki-42"


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("home")
    keys.create_student_identity(base, PASSPHRASE)
    return base


@pytest.mark.slow  # scrypt unlocks or a whole command run: seconds each
async def test_wrong_then_right_passphrase(home: Path) -> None:
    before = {p.name: p.read_bytes() for p in home.iterdir() if p.is_file()}
    app = UnlockApp(student_opener(home), "en")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*"wrong-one", "enter")
        await pilot.pause()
        assert "Opening your key" in screen_text(app)
        await wait_until(pilot, lambda: "Wrong passphrase" in screen_text(app))
        assert {p.name: p.read_bytes() for p in home.iterdir() if p.is_file()} == before
        await pilot.press(*PASSPHRASE, "enter")
        await wait_until(pilot, lambda: not app.is_running)
    assert isinstance(app.return_value, Student)
    assert str(app.return_value.identity.to_public()) == (home / "identity.pub").read_text().strip()


async def test_no_key_yet_ends_with_a_message(tmp_path: Path) -> None:
    app = UnlockApp(student_opener(tmp_path), "fi")
    async with app.run_test() as pilot:
        await pilot.press(*"jotain", "enter")
        await wait_until(pilot, lambda: not app.is_running)
    assert isinstance(app.return_value, str) and "hyvinvointi init" in app.return_value


async def test_escape_cancels(tmp_path: Path) -> None:
    app = UnlockApp(student_opener(tmp_path), "sv")
    async with app.run_test() as pilot:
        assert "Öppna din nyckel" in screen_text(app)
        await pilot.press("escape")
    assert app.return_value is None
