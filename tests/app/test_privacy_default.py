"""Privacy by default (issue 29, part 3): nothing typed into notes is written before the
client's yes; a no discards it; quitting with the answer missing asks; a follow-up asks
again (a yes is never carried over, a no stands); a consent can be withdrawn later, in the
app and from the command line, and what it covered leaves the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyrage import x25519
from textual.pilot import Pilot
from textual.widgets import Input

from hyvinvointi_tui.cli import main
from hyvinvointi_tui.core.follow_up.carried import previous_of
from hyvinvointi_tui.core.model.client_events import ConsentRecorded, Previous
from hyvinvointi_tui.core.model.protocol import Protocol, resolve_protocol
from hyvinvointi_tui.core.model.session import Session
from hyvinvointi_tui.core.model.session_events import SessionClosed, SetupChanged, StepEntered
from hyvinvointi_tui.core.model.text_keys import notes_key
from hyvinvointi_tui.i18n import Lang
from hyvinvointi_tui.store import keys, session_document, session_file
from hyvinvointi_tui.store.session_store import SessionStore
from hyvinvointi_tui.ui.app import HyvinvointiApp
from hyvinvointi_tui.ui.screens.modals import ConfirmQuitModal
from hyvinvointi_tui.ui.widgets.consent_choices import ConsentChoices
from hyvinvointi_tui.ui.widgets.notes_area import NotesArea

from ..conftest import FakeClock
from ..helpers import notified, save_session, screen_text, squash, wait_until

SIZE = (120, 40)


def answer(app: HyvinvointiApp, item: str, given: bool) -> None:
    app.screen.query_one("#consent", ConsentChoices).choose(item, given)


def plaintext(store: SessionStore, student: x25519.Identity) -> str:
    assert store.path is not None
    return session_file.decrypt(store.path, [student]).decode()


def begun_app(
    protocol: Protocol,
    clock: FakeClock,
    tmp_path: Path,
    code: str,
    lang: Lang,
    previous: Previous | None = None,
) -> tuple[HyvinvointiApp, SessionStore, x25519.Identity]:
    """A session under way for `code` (a follow-up of `previous`, if given), saved by a
    store to a student's key of its own."""
    student = x25519.Identity.generate()
    store = SessionStore(tmp_path, [student.to_public()])
    app = HyvinvointiApp.new_session(
        protocol,
        lang=lang,
        client_code=code,
        clock=clock,
        store=store,
        previous=previous,
        begun=True,
    )
    return app, store, student


async def saved(pilot: Pilot[None], app: HyvinvointiApp, store: SessionStore) -> None:
    """Save now, with every key typed before, and wait until it is on disk."""
    await pilot.press("ctrl+s")
    await wait_until(pilot, lambda: store.path is not None and store.path.exists())
    await wait_until(pilot, lambda: not app.saving)


async def test_notes_wait_in_memory_until_the_client_says_yes(
    protocol: Protocol, clock: FakeClock, tmp_path: Path
) -> None:
    app, store, student = begun_app(protocol, clock, tmp_path, "K-401", "fi")
    async with app.run_test(size=SIZE) as pilot:
        app.screen.query_one("#notes", NotesArea).focus()
        await pilot.press(*"odottaa lupaa")
        await wait_until(pilot, lambda: app.session.state.text(notes_key("orientation")))
        assert "Muistiinpanot odottavat lupaa" in squash(screen_text(app))
        await saved(pilot, app, store)
        assert "odottaa lupaa" not in plaintext(store, student)
        answer(app, "notes", True)
        await wait_until(pilot, lambda: app.session.state.consent.get("notes") is True)
        assert "Muistiinpanot odottavat lupaa" not in squash(screen_text(app))
        await saved(pilot, app, store)
        assert "odottaa lupaa" in plaintext(store, student)
        await pilot.press("ctrl+q")


async def test_notes_typed_before_a_no_are_in_no_file(
    protocol: Protocol, clock: FakeClock, tmp_path: Path
) -> None:
    app, store, student = begun_app(protocol, clock, tmp_path, "K-402", "en")
    async with app.run_test(size=SIZE) as pilot:
        app.screen.query_one("#notes", NotesArea).focus()
        await pilot.press(*"before the answer")
        await wait_until(pilot, lambda: app.session.state.text(notes_key("orientation")))
        answer(app, "notes", False)
        await wait_until(pilot, lambda: app.session.state.notes_declined)
        await saved(pilot, app, store)
        await pilot.press("ctrl+q")
    assert "before the answer" not in plaintext(store, student)
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert b"before the answer" not in path.read_bytes(), path


async def test_quitting_with_notes_waiting_for_the_answer_asks_first(
    protocol: Protocol, clock: FakeClock, tmp_path: Path
) -> None:
    app, store, student = begun_app(protocol, clock, tmp_path, "K-403", "en")
    async with app.run_test(size=SIZE) as pilot:
        app.screen.query_one("#notes", NotesArea).focus()
        await pilot.press(*"typed early")
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmQuitModal))
        assert "has not yet said whether the notes may be kept" in squash(screen_text(app))
        await pilot.press("escape")  # back to the session
        await wait_until(pilot, lambda: not isinstance(app.screen, ConfirmQuitModal))
        answer(app, "notes", True)
        await wait_until(pilot, lambda: app.session.state.consent.get("notes") is True)
        await pilot.press("ctrl+q")  # nothing waits now: no question
        await wait_until(pilot, lambda: app.return_code is not None)
    assert "typed early" in plaintext(store, student)


def _first_session(protocol: Protocol, clock: FakeClock, notes: bool) -> Session:
    first = Session(protocol, clock=clock)
    first.start(SetupChanged(client_code="K-404", lang="en"))
    first.record(ConsentRecorded(step="orientation", item="notes", given=notes))
    first.record(ConsentRecorded(step="orientation", item="figures", given=True))
    first.edit_text(notes_key("orientation"), "first visit")
    first.record(StepEntered(step="closing"))
    first.record(SessionClosed(step="closing"))
    return first


@pytest.mark.parametrize("before", [False, True])
async def test_a_follow_up_asks_again_and_a_no_stands(
    protocol: Protocol, clock: FakeClock, tmp_path: Path, before: bool
) -> None:
    follow_up_protocol = resolve_protocol("seurantakeskustelu")
    first = _first_session(protocol, clock, notes=before)
    previous = previous_of(
        protocol, session_id=first.session_id, created=first.created, state=first.state
    )
    assert previous.consent == {"notes": before, "figures": True}
    app, store, student = begun_app(
        follow_up_protocol, clock, tmp_path, "K-404", "en", previous=previous
    )
    async with app.run_test(size=SIZE) as pilot:
        state = app.session.state
        # A no stands; a yes is never carried over (nor is the yes to figures).
        assert state.consent == ({} if before else {"notes": False})
        text = squash(screen_text(app))
        answers = "notes yes" if before else "notes no"
        assert f"Last time: {answers}, course figures yes. Ask again" in text
        assert app.screen.query("#consent")
        notes = app.screen.query_one("#notes", NotesArea)
        assert notes.read_only is (not before)
        notes.focus()
        await pilot.press(*"second visit")
        await saved(pilot, app, store)
        assert "second visit" not in plaintext(store, student)
        answer(app, "notes", True)
        await wait_until(pilot, lambda: app.session.state.consent.get("notes") is True)
        if not before:  # now the notes take typing
            app.screen.query_one("#notes", NotesArea).focus()
            await pilot.press(*"second visit")
        await saved(pilot, app, store)
        assert "second visit" in plaintext(store, student)
        await pilot.press("ctrl+q")


@pytest.mark.slow
async def test_a_consent_is_withdrawn_after_closing_in_the_app(
    protocol: Protocol, clock: FakeClock, tmp_path: Path
) -> None:
    app, store, student = begun_app(protocol, clock, tmp_path, "K-405", "en")
    async with app.run_test(size=SIZE) as pilot:
        answer(app, "notes", True)
        app.screen.query_one("#notes", NotesArea).focus()
        await pilot.press(*"kept for now")
        await wait_until(pilot, lambda: app.session.state.text(notes_key("orientation")))
        app.go_to("closing")
        await pilot.pause()
        app.flush_texts()
        app.session.record(SessionClosed(step="closing"))
        await saved(pilot, app, store)
        assert "kept for now" in plaintext(store, student)
        app.go_to("orientation")
        await pilot.pause()
        assert app.screen.query_one("#append-note").disabled is False
        choices = app.screen.query_one("#consent", ConsentChoices)
        assert not choices.disabled  # the consent rows stay open after closing
        choices.focus()
        await pilot.press("left")  # a closed session takes no new yes (it is one already)
        await pilot.press("down", "down", "left")  # nor a yes to contact never given
        await pilot.pause()
        assert "contact" not in app.session.state.consent
        shown = notified(app)
        assert "can only be withdrawn" in shown
        await pilot.press("up", "up", "right")  # the notes: withdrawn
        await wait_until(pilot, lambda: app.session.state.consent.get("notes") is False)
        await saved(pilot, app, store)
        await pilot.press("ctrl+q")
    assert "kept for now" not in plaintext(store, student)
    assert store.path is not None
    loaded = session_document.load(store.path, [student])
    assert loaded.closed and loaded.state.consent["notes"] is False


PASSPHRASE = "suostumus-pois-7"


@pytest.mark.slow  # scrypt unlocks or a whole command run: seconds each
def test_a_consent_is_withdrawn_from_the_command_line(
    protocol: Protocol,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    keys.create_student_identity(home, PASSPHRASE)
    monkeypatch.setenv("HYVINVOINTI_HOME", str(home))
    monkeypatch.setenv("HYVINVOINTI_PASSPHRASE", PASSPHRASE)
    teacher_file = tmp_path / "teacher.key"
    teacher = keys.write_identity_file(teacher_file)
    student = keys.unlock_student_identity(home, PASSPHRASE)
    session = Session(protocol)
    session.start(SetupChanged(client_code="K-406", lang="fi"))
    for item in ("notes", "figures"):
        session.record(ConsentRecorded(step="orientation", item=item, given=True))
    session.edit_text(notes_key("wellbeing"), "asiakkaan omat sanat")
    session.record(SessionClosed(step="orientation"))
    store = SessionStore(home, [student.to_public(), keys.parse_recipient(teacher)])
    save_session(store, session)
    store.close()
    path = store.path
    assert path is not None
    teacher_key = keys.read_identity_file(teacher_file)

    def stats_rows() -> str:
        capsys.readouterr()
        assert main(["stats", str(home), "--identity", str(teacher_file)]) == 0
        return capsys.readouterr().out

    assert "closed sessions: 1" in stats_rows()
    assert main(["consent", str(path), "--withdraw", "notes"]) == 0
    out = capsys.readouterr().out
    assert "notes: the notes have left the file" in out
    text = session_file.decrypt(path, teacher_key).decode()
    assert "asiakkaan omat sanat" not in text
    loaded = session_document.load(path, teacher_key)  # still open for the teacher
    (withdrawal,) = [e for e in loaded.events if isinstance(e, ConsentRecorded) and e.on]
    assert withdrawal.item == "notes" and not withdrawal.given
    # The teacher records the withdrawal of figures: stats leaves the session out.
    assert (
        main(["consent", str(path), "--withdraw", "figures", "--identity", str(teacher_file)]) == 0
    )
    figures = stats_rows()
    assert "left out, no consent to their use in course figures: 1" in figures
    assert "closed sessions: 0" in figures
    assert session_document.load(path, [student]).state.consent == {
        "notes": False,
        "figures": False,
    }
    # Again: nothing changes; a file that is not a session: one line.
    assert main(["consent", str(path), "--withdraw", "notes"]) == 0
    assert "already withdrawn" in capsys.readouterr().out
    assert main(["consent", str(Path(tmp_path / "none.age")), "--withdraw", "all"]) == 1
    assert capsys.readouterr().err.count("\n") == 1


@pytest.mark.slow
async def test_the_partner_named_at_setup_can_open_the_session(
    protocol: Protocol, clock: FakeClock, tmp_path: Path
) -> None:
    """The pair can open what they wrote together: a partner's key given at setup (or kept
    with `hyvinvointi partner`) makes the file open with it too, and the setup says who can
    open the file."""
    from hyvinvointi_tui.ui.screens.setup import SetupScreen

    student, partner, teacher = (x25519.Identity.generate() for _ in range(3))
    store = SessionStore(tmp_path, [student.to_public(), teacher.to_public()])
    app = HyvinvointiApp.new_session(protocol, lang="en", clock=clock, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, SetupScreen))
        await pilot.press(*"K-407", "enter")
        app.screen.query_one("#partner").focus()
        await pilot.press(*"age1bad")
        await pilot.click("#setup-done")
        assert "This is not a public key" in squash(screen_text(app))
        assert isinstance(app.screen, SetupScreen)
        app.screen.query_one("#partner", Input).clear()
        await pilot.press(*str(partner.to_public()))
        assert "Who can open the file: you, your partner" in squash(screen_text(app))
        await pilot.click("#setup-done")
        await wait_until(pilot, lambda: app.session.state.started)
        await saved(pilot, app, store)
        await pilot.press("ctrl+q")
    assert store.path is not None
    loaded = session_document.load(store.path, [partner])
    assert loaded.meta.partners == [str(partner.to_public())]
    assert loaded.meta.recipients[-1] == str(partner.to_public())
    for key in (student, teacher):
        assert session_document.load(store.path, [key]).meta.id == loaded.meta.id
    # The partner's laptop reads it for a follow-up: only its being open stops one (another
    # key's file would fail to open with a SessionFileError).
    from hyvinvointi_tui.store.student import NotClosed, follow_up_of

    with pytest.raises(NotClosed):
        follow_up_of(store.path, [partner])


def test_a_partner_is_kept_for_new_sessions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    own = keys.create_student_identity(home, PASSPHRASE)
    monkeypatch.setenv("HYVINVOINTI_HOME", str(home))
    monkeypatch.setenv("HYVINVOINTI_PASSPHRASE", PASSPHRASE)
    partner = str(x25519.Identity.generate().to_public())
    assert main(["partner"]) == 0
    out = capsys.readouterr().out
    assert f"Your public key (give it to your partner): {own}" in out and "No partner" in out
    assert main(["partner", "age1notakey"]) == 1
    assert "nothing was changed" in capsys.readouterr().err
    assert main(["partner", partner]) == 0
    apps: list[HyvinvointiApp] = []
    monkeypatch.setattr(HyvinvointiApp, "run", lambda self, *a, **k: apps.append(self))
    assert main(["new", "--client", "K-408", "--lang", "en"]) == 0
    (app,) = apps
    assert app.session.state.setup.partner == partner
    if app.store is not None:
        app.store.close()
    assert main(["partner", "--remove"]) == 0
    assert "No partner kept" in capsys.readouterr().out
