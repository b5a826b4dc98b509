"""The settings screen: the course (join a course file, remove a teacher, with their keys in
short) and the passphrase, each change saved at once and said; no "(coming)" left."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, OptionList

from hyvinvointi_tui.cli import main
from hyvinvointi_tui.core.model.protocol import Protocol
from hyvinvointi_tui.store import course as course_file
from hyvinvointi_tui.store import keys
from hyvinvointi_tui.store.student import open_student
from hyvinvointi_tui.ui.app import HyvinvointiApp

from ..helpers import screen_text, squash, wait_until

PASSPHRASE = "asetukset-auki-5"


@pytest.mark.slow
async def test_the_course_and_the_passphrase_are_changed_in_settings(
    tmp_path: Path, protocol: Protocol
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    keys.create_student_identity(home, PASSPHRASE)
    recipients = [keys.write_identity_file(tmp_path / f"t{n}.key") for n in (1, 2)]
    course = tmp_path / "course.toml"
    argv = ["course", "new", "--name", "OT autumn", "--place", "Room B214", "-o", str(course)]
    argv += ["--teacher", recipients[0], "--teacher-name", "Leena"]
    argv += ["--teacher", recipients[1], "--teacher-name", "Olli"]
    assert main(argv) == 0
    student = open_student(home, PASSPHRASE)
    app = HyvinvointiApp(protocol, lang="en", student=student, store=student.new_store())
    async with app.run_test(size=(120, 40)) as pilot:
        app.screen.query_one("#start-menu", OptionList).highlighted = 4  # settings
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen.query("#course-file"))
        assert "(coming)" not in screen_text(app)
        assert "You have not joined a course yet." in screen_text(app)
        assert str(home / "identity.age") in squash(screen_text(app))

        await pilot.press(*str(tmp_path / "nosuch.toml"), "enter")
        await wait_until(pilot, lambda: "no such file" in screen_text(app))
        field = app.screen.query_one("#course-file", Input)
        field.value = str(course)
        await pilot.press("enter")
        await wait_until(pilot, lambda: "You have joined the course." in screen_text(app))
        text = screen_text(app)
        assert keys.fingerprint(recipients[0]) in text and "Leena" in text
        assert "Place: Room B214" in text
        assert [t.recipient for t in student.teachers] == recipients  # new sessions follow

        # Tab goes from the course file to the teacher's key, then to the teachers.
        app.screen.query_one("#course-file").focus()
        await pilot.press("tab", "tab")
        assert app.focused is app.screen.query_one("#teachers")
        await pilot.press("down", "delete")
        await wait_until(pilot, lambda: "removed" in screen_text(app))
        assert keys.fingerprint(recipients[1]) not in squash(screen_text(app)).split("removed")[1]
        assert [t.recipient for t in course_file.read_course(home).teachers] == recipients[:1]
        assert [t.recipient for t in student.teachers] == recipients[:1]

        teacher_key = app.screen.query_one("#teacher-key", Input)
        teacher_key.value = "age1notakey"
        teacher_key.focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: "not an age public key" in screen_text(app))
        teacher_key.value = recipients[1]
        await pilot.press("enter")
        await wait_until(pilot, lambda: "added" in screen_text(app))
        assert [t.recipient for t in student.teachers] == recipients  # back again

        async def change(old: str, new: str, again: str, says: str) -> None:
            for name, value in (("old", old), ("new", new), ("again", again)):
                app.screen.query_one(f"#{name}-passphrase", Input).value = value
            app.screen.query_one("#again-passphrase").focus()
            await pilot.press("enter")
            await wait_until(pilot, lambda: says in screen_text(app))

        await change(PASSPHRASE, "uusi-pitka-lause", "uusi-pitka-laus", "differ")
        await change("vaara-lause-1", "uusi-pitka-lause", "uusi-pitka-lause", "not right")
        await change(PASSPHRASE, "uusi-pitka-lause", "uusi-pitka-lause", "Passphrase changed")
        assert app.screen.query_one("#old-passphrase", Input).value == ""
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen.query("#start-menu"))
    keys.unlock_student_identity(home, "uusi-pitka-lause")


def test_no_coming_text_is_left_in_the_program() -> None:
    package = Path(__file__).resolve().parents[2] / "hyvinvointi_tui"
    for path in [*package.rglob("*.py"), *package.rglob("*.toml")]:
        text = path.read_text(encoding="utf-8")
        for word in ("(coming)", "(tulossa)", "(kommer)", "Not in this version yet"):
            assert word not in text, (path, word)


async def test_the_default_language_and_the_colours_are_kept(
    tmp_path: Path, protocol: Protocol, monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual.widgets import RadioSet, Select

    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")  # none chosen yet: the system's, here Finnish

    from hyvinvointi_tui.core.model.preferences import HIGH_CONTRAST
    from hyvinvointi_tui.store.preferences import read_preferences

    home = tmp_path / "home"
    home.mkdir()
    keys.create_student_identity(home, PASSPHRASE)
    student = open_student(home, PASSPHRASE)
    app = HyvinvointiApp(protocol, lang="en", student=student, store=student.new_store())
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_settings()
        await wait_until(pilot, lambda: app.screen.query("#default-language"))
        languages = app.screen.query_one("#default-language", RadioSet)
        languages.focus()
        await pilot.press("right", "right", "enter")  # fi → en → sv
        await wait_until(pilot, lambda: read_preferences(home).lang == "sv")
        app.screen.query_one("#theme", Select).value = HIGH_CONTRAST
        await wait_until(pilot, lambda: read_preferences(home).theme == HIGH_CONTRAST)
        status = app.screen.query_one("#preferences-status")
        assert app.theme == HIGH_CONTRAST and "Saved." in str(status.render())
    again = HyvinvointiApp(protocol, lang="en", student=student, store=student.new_store())
    async with again.run_test(size=(120, 40)) as pilot:
        assert again.theme == HIGH_CONTRAST
        again.open_setup()
        await wait_until(pilot, lambda: again.screen.query("#client-code"))
        assert "Klientkod" in screen_text(again)  # the setup starts in the chosen language


def test_no_screen_or_widget_imports_the_store() -> None:
    """What a screen needs comes through the app or core (issue 20): a screen never opens a
    file itself."""
    import ast

    package = Path(__file__).resolve().parents[2] / "hyvinvointi_tui" / "ui"
    for folder in ("screens", "widgets", "replay"):
        for path in (package / folder).glob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom):
                    assert "store" not in (node.module or "").split("."), (path, node.module)
