"""The client's privacy notice from the app (issue 29, part 2), and the line on the course's
missing privacy facts (part 1): ctrl+f in the preparation and at Orientation writes the notice
in the session's language and opens it for printing; the setup and Orientation say plainly
which facts the course leaves out."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

import pytest
from pyrage import x25519
from textual.app import App

from hyvinvointi_tui.core.model.client_events import CourseNoted
from hyvinvointi_tui.core.model.course import Course, Privacy
from hyvinvointi_tui.core.model.protocol import Protocol
from hyvinvointi_tui.core.model.session import Session
from hyvinvointi_tui.core.model.session_events import SetupChanged
from hyvinvointi_tui.i18n import Lang, t
from hyvinvointi_tui.store.student import Student
from hyvinvointi_tui.ui.app import HyvinvointiApp
from hyvinvointi_tui.ui.screens.modals import PREPARATION
from hyvinvointi_tui.ui.screens.setup import SetupScreen
from hyvinvointi_tui.ui.screens.writing import PreparationScreen
from hyvinvointi_tui.ui.widgets.plain import Static

from ..conftest import FakeClock
from ..helpers import notified, pane_text, screen_text, squash

SIZE = (120, 40)
FULL = Privacy(
    controller="Esimerkin ammattikorkeakoulu",
    contact="tietosuoja@amk.example",
    purpose="Opetus ja ohjattu harjoittelu.",
    retention_days=365,
    supervisor_phone="040 000 0000",
)


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The pages the app asked the browser to open (none is opened in a test)."""
    import webbrowser

    pages: list[str] = []

    def open_page(url: str, *_: object, **__: object) -> bool:
        pages.append(url)
        return True

    monkeypatch.setattr(webbrowser, "open", open_page)
    return pages


def shown(app: App[Any]) -> str:
    """The app's messages (notifications) as the student reads them."""
    return squash(notified(app))


def student_with(home: Path, privacy: Privacy) -> Student:
    return Student(home, x25519.Identity.generate(), [], Course(name="OT", privacy=privacy))


def started(protocol: Protocol, clock: FakeClock, lang: Lang, privacy: Privacy | None) -> Session:
    session = Session(protocol, clock=clock)
    course = CourseNoted(course="OT", privacy=privacy) if privacy is not None else None
    session.start(SetupChanged(client_code="K-7", lang=lang, students=["A", "B"]), None, course)
    return session


@pytest.mark.parametrize(
    "lang, name", [("fi", "tietosuojaseloste"), ("sv", "dataskyddsbeskrivning")]
)
async def test_ctrl_f_in_the_preparation_writes_the_notice_and_opens_it(
    protocol: Protocol, clock: FakeClock, tmp_path: Path, opened: list[str], lang: Lang, name: str
) -> None:
    student = student_with(tmp_path, FULL)
    session = started(protocol, clock, lang, FULL)
    app = HyvinvointiApp(protocol, lang="en", session=session, student=student)
    async with app.run_test(size=SIZE) as pilot:
        app.go_to(PREPARATION)
        await pilot.pause()
        assert isinstance(app.screen, PreparationScreen)
        assert f"^f {t(lang, 'notice.key')}" in screen_text(app), "the key is in the footer"
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert isinstance(app.screen, PreparationScreen), "no dialog: nothing to choose"
    path = tmp_path / "notices" / f"{name}.html"
    html = path.read_text(encoding="utf-8")
    assert f'lang="{lang}"' in html and FULL.controller in html and FULL.contact in html
    assert 'class="missing"' not in html
    assert opened == [path.as_uri()]
    assert path.stat().st_mode & 0o777 == 0o600


async def test_the_demo_reaches_the_notice_at_orientation_with_the_facts_missing(
    protocol: Protocol,
    clock: FakeClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    opened: list[str],
) -> None:
    monkeypatch.setenv("HYVINVOINTI_HOME", str(tmp_path))
    app = HyvinvointiApp.demo(protocol, lang="en", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.session.state.step == "orientation"
        assert "^f Privacy notice" in screen_text(app)
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert "Privacy notice written" in shown(app)
    path = tmp_path / "notices" / "privacy-notice.html"
    html = path.read_text(encoding="utf-8")
    assert escape(t("en", "notice.controller_missing")) in html
    assert opened == [path.as_uri()]


async def test_a_notice_that_cannot_be_written_says_so_and_opens_nothing(
    protocol: Protocol, clock: FakeClock, tmp_path: Path, opened: list[str]
) -> None:
    (tmp_path / "notices").write_text("a file where the folder would be", encoding="utf-8")
    student = student_with(tmp_path, FULL)
    app = HyvinvointiApp(
        protocol, lang="en", session=started(protocol, clock, "en", FULL), student=student
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+f")
        await pilot.pause()
        said = shown(app)
        assert "The privacy notice could not be written" in said and "cannot be made" in said
        assert app.is_running
    assert opened == []


@pytest.mark.parametrize("lang", ["fi", "en", "sv"])
async def test_orientation_says_which_privacy_facts_are_missing(
    protocol: Protocol, clock: FakeClock, lang: Lang
) -> None:
    app = HyvinvointiApp(protocol, lang=lang, session=started(protocol, clock, lang, None))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        work = squash(pane_text(app, "#work"))
        assert squash(t(lang, "notice.missing", facts="")).split(":")[0] in work
        for name in ("controller", "retention_days", "supervisor_phone"):
            assert t(lang, f"notice.fact_{name}") in work
        assert squash(t(lang, "consent.explain")) in work, "the consent points to the sheet"
    partial = FULL.replace(retention_days=0)
    app = HyvinvointiApp(protocol, lang=lang, session=started(protocol, clock, lang, partial))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        line = str(app.screen.query_one("#privacy-missing", Static).render())
        assert t(lang, "notice.fact_retention_days") in line
        assert t(lang, "notice.fact_controller") not in line
    app = HyvinvointiApp(protocol, lang=lang, session=started(protocol, clock, lang, FULL))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not app.screen.query("#privacy-missing"), "nothing missing, nothing said"


async def test_the_setup_says_which_privacy_facts_are_missing_in_its_language(
    protocol: Protocol, clock: FakeClock, tmp_path: Path
) -> None:
    app = HyvinvointiApp.new_session(protocol, lang="fi", clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        text = squash(screen_text(app))
        assert "Kurssin tietosuojatiedot puuttuvat: rekisterinpitäjä" in text, "seen at 80x24"
        assert "kysykää opettajalta" in text
        await pilot.click("#lang-sv")
        await pilot.pause()
        assert "Kursens dataskyddsuppgifter saknas" in squash(screen_text(app))
    student = student_with(tmp_path, FULL)
    app = HyvinvointiApp.new_session(protocol, lang="en", clock=clock, student=student)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        assert not app.screen.query_one("#privacy-missing", Static).display
        assert "privacy facts are missing" not in screen_text(app)
