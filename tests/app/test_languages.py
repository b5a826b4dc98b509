"""Themes and language (issue 30, item 11): a theme chosen in the palette is kept like one
chosen in settings; the palette's own words and the replay's field names are in the
session's language; a new session's setup follows the system's language until one is
chosen in settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input

from hyvinvointi_tui.core.debrief.replay import describe
from hyvinvointi_tui.core.model.protocol import Protocol
from hyvinvointi_tui.core.model.session_events import TextEdited
from hyvinvointi_tui.core.model.text_keys import (
    CRISIS_PLAN_PARTS,
    PREPARATION_PARTS,
    REFLECTION_PARTS,
    crisis_plan_key,
    feedback_key,
    focus_key,
    preparation_key,
    reflection_key,
    review_note_key,
    service_note_key,
)
from hyvinvointi_tui.i18n import Lang, strings, system_language
from hyvinvointi_tui.store import keys
from hyvinvointi_tui.store.preferences import read_preferences
from hyvinvointi_tui.store.student import Student, open_student
from hyvinvointi_tui.ui.app import HyvinvointiApp
from hyvinvointi_tui.ui.palette import Palette

from ..conftest import FakeClock
from ..helpers import screen_text, wait_until

PASSPHRASE = "teemat-ja-kielet-7"


@pytest.fixture
def student(tmp_path: Path) -> Student:
    home = tmp_path / "home"
    home.mkdir()
    keys.create_student_identity(home, PASSPHRASE)
    return open_student(home, PASSPHRASE)


async def _palette_ready(pilot: Pilot[None], app: App[Any]) -> None:
    """A palette is open and its search field takes the typing."""
    await wait_until(pilot, lambda: isinstance(app.screen, Palette) and app.screen.query(Input))
    await wait_until(pilot, lambda: app.focused is app.screen.query_one(Input))


async def test_a_theme_chosen_in_the_palette_is_kept_for_the_next_start(
    protocol: Protocol, student: Student
) -> None:
    app = HyvinvointiApp(protocol, lang="fi", student=student, store=student.new_store())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.action_command_palette()
        await _palette_ready(pilot, app)
        await pilot.press(*"Vaihda värit", "down", "enter")  # the palette's own command
        await wait_until(pilot, lambda: "Hae teemaa…" in screen_text(app))
        await _palette_ready(pilot, app)
        await pilot.press(*"dracula", "down", "enter")
        await wait_until(pilot, lambda: app.theme == "dracula")
        await wait_until(pilot, lambda: read_preferences(student.home).theme == "dracula")
    again = HyvinvointiApp(protocol, lang="fi", student=student, store=student.new_store())
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert again.theme == "dracula"


@pytest.mark.parametrize(
    ("lang", "placeholder", "theme_placeholder", "none"),
    [
        ("fi", "Hae komentoa…", "Hae teemaa…", "Ei osumia"),
        ("sv", "Sök ett kommando…", "Sök ett tema…", "Inga träffar"),
        ("en", "Search the commands…", "Search the themes…", "No matches found"),
    ],
)
async def test_the_palettes_own_words_are_in_the_sessions_language(
    protocol: Protocol,
    clock: FakeClock,
    lang: Lang,
    placeholder: str,
    theme_placeholder: str,
    none: str,
) -> None:
    app = HyvinvointiApp.demo(protocol, lang=lang, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        for open_palette, shown in (
            (app.action_command_palette, placeholder),
            (app.action_change_theme, theme_placeholder),
        ):
            open_palette()
            await _palette_ready(pilot, app)
            assert app.screen.query_one(Input).placeholder == shown
            await pilot.press(*"qqzzxq")
            if lang != "en":  # English is Textual's own wording: what is tested is the others
                search = app.screen.query_one(Input)
                try:
                    await wait_until(pilot, lambda: none in screen_text(app))
                except AssertionError:  # say where the keys went
                    held = app.key_order.holding
                    raise AssertionError(f"searched {search.value!r}, {held} keys held") from None
                assert "No matches found" not in screen_text(app)
            await pilot.press("escape")
            await wait_until(pilot, lambda: not isinstance(app.screen, Palette))


TEXT_KEYS = [
    *(preparation_key(part) for part in PREPARATION_PARTS),
    *(reflection_key(part) for part in REFLECTION_PARTS),
    *(crisis_plan_key("stress", part) for part in CRISIS_PLAN_PARTS),
    focus_key("closing"),
    service_note_key("closing"),
    feedback_key("closing"),
    review_note_key("review", "g1"),
]


@pytest.mark.parametrize("lang", ["fi", "sv"])
@pytest.mark.parametrize("key", TEXT_KEYS)
def test_the_replay_names_each_text_field_in_the_teachers_language(
    protocol: Protocol, lang: Lang, key: str
) -> None:
    line = describe(protocol, TextEdited(key=key, start=0, end=0, text="x"), lang)
    field_name = key.partition(".")[2]
    known = "goal" if field_name.startswith("goal_") else field_name
    label = strings(lang)[f"field.{known}"]  # a name of the program's, in the language
    assert line.endswith(f"({label})"), line
    if label != strings("en")[f"field.{known}"]:
        assert f"({strings('en')[f'field.{known}']})" not in line


def test_the_replay_names_the_referral_in_finnish_and_swedish(protocol: Protocol) -> None:
    event = TextEdited(key=preparation_key("referral"), start=0, end=0, text="x")
    assert describe(protocol, event, "fi").endswith("(lähetetiedot)")
    assert describe(protocol, event, "sv").endswith("(remissuppgifter)")
    assert describe(protocol, event, "en").endswith("(referral)")


SYSTEM_LANGUAGES = [
    ({"LANG": "sv_FI.UTF-8"}, "sv", "Klientkod"),
    ({"LANG": "fi_FI.UTF-8"}, "fi", "Asiakaskoodi"),
    ({"LANG": "en_GB.UTF-8"}, "en", "Client code"),
    ({"LANG": "C.UTF-8"}, "fi", "Asiakaskoodi"),
    ({"LANG": "fi_FI.UTF-8", "LC_MESSAGES": "sv_FI.UTF-8"}, "sv", "Klientkod"),
    ({"LANG": "sv_FI.UTF-8", "LC_ALL": "en_GB.UTF-8"}, "en", "Client code"),
]


@pytest.mark.parametrize(("environ", "lang", "label"), SYSTEM_LANGUAGES)
async def test_the_setup_follows_the_system_language_until_one_is_chosen(
    protocol: Protocol,
    student: Student,
    monkeypatch: pytest.MonkeyPatch,
    environ: dict[str, str],
    lang: Lang,
    label: str,
) -> None:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    assert system_language() == lang
    # As the start screen opens it (cli/sessions.py run_start): in the system's language.
    app = HyvinvointiApp(protocol, lang=lang, student=student, store=student.new_store())
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_setup()
        await wait_until(pilot, lambda: app.screen.query("#client-code"))
        assert label in screen_text(app)


@pytest.mark.parametrize(("environ", "lang", "label"), SYSTEM_LANGUAGES[:4])
def test_new_without_lang_starts_in_the_system_language(
    protocol: Protocol,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    environ: dict[str, str],
    lang: Lang,
    label: str,
) -> None:
    """`hyvinvointi new` (no --lang, no language chosen in settings): the system's."""
    from hyvinvointi_tui.cli import main, sessions

    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    home = tmp_path / "home"
    home.mkdir()
    keys.create_student_identity(home, PASSPHRASE)
    monkeypatch.setenv("HYVINVOINTI_HOME", str(home))
    monkeypatch.setenv("HYVINVOINTI_PASSPHRASE", PASSPHRASE)
    started: list[HyvinvointiApp] = []
    monkeypatch.setattr(sessions, "_teacher_warning", lambda student: True)

    def run(app: HyvinvointiApp) -> int:
        started.append(app)
        return 0

    monkeypatch.setattr(sessions, "_run", run)
    assert main(["new"]) == 0
    (app,) = started
    assert app.default_session_lang == lang
