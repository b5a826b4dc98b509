"""The teacher's debrief comments: beside the session file, encrypted to the teacher and the
student, shown in both replays."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyrage import x25519

from hyvinvointi_tui.core.debrief.comments import Assessment, Comment
from hyvinvointi_tui.core.debrief.replay import Replayer
from hyvinvointi_tui.core.model.protocol import Protocol
from hyvinvointi_tui.core.model.session import Session
from hyvinvointi_tui.core.model.session_events import SetupChanged, StepEntered
from hyvinvointi_tui.core.model.text_keys import notes_key
from hyvinvointi_tui.store import session_document
from hyvinvointi_tui.store.debrief import comment_saver, debrief_path, load_comments
from hyvinvointi_tui.store.session_file import SessionFileError
from hyvinvointi_tui.store.session_store import SessionStore
from hyvinvointi_tui.ui.replay.app import ReplayApp
from hyvinvointi_tui.ui.replay.screen import ReplayScreen

from ..conftest import FakeClock
from ..helpers import notified, pane_text, squash


@pytest.fixture
def saved(protocol: Protocol, tmp_path: Path) -> tuple[Path, x25519.Identity, x25519.Identity]:
    """A session saved by the app's store: to the student and a teacher."""
    student, teacher = x25519.Identity.generate(), x25519.Identity.generate()
    clock = FakeClock()
    session = Session(protocol, clock=clock)
    session.start(SetupChanged(client_code="K-3", lang="en"))
    clock.t = 400
    session.record(StepEntered(step="wellbeing"))
    clock.t = 500
    session.edit_text(notes_key("wellbeing"), "tired")
    store = SessionStore(tmp_path, [student.to_public(), teacher.to_public()])
    store.save(
        protocol,
        session_id=session.session_id,
        created=session.created,
        events=session.events,
        saved_t=600,
    )
    (path,) = tmp_path.glob("*.age")
    store.close()
    return path, student, teacher


def test_comments_are_encrypted_beside_the_session_for_teacher_and_student(
    saved: tuple[Path, x25519.Identity, x25519.Identity],
) -> None:
    path, student, teacher = saved
    loaded = session_document.load(path, [teacher])
    assert loaded.meta.recipients[0] == str(student.to_public())
    before = path.read_bytes()
    save = comment_saver(path, loaded.meta, teacher)
    assert (
        save(
            [
                Comment(
                    t=450.0,
                    step="wellbeing",
                    text="Good open question here",
                    written="2026-11-22T12:00:00",
                )
            ]
        )
        == ""
    )
    assert path.read_bytes() == before  # the student's file is never touched
    assert debrief_path(path).name.endswith(".debrief.age")
    assert b"Good open question" not in debrief_path(path).read_bytes()
    for key in (student, teacher):
        (comment,) = load_comments(path, [key], loaded.meta.id)
        assert (comment.t, comment.step, comment.text) == (
            450.0,
            "wellbeing",
            "Good open question here",
        )
    stranger = x25519.Identity.generate()
    with pytest.raises(SessionFileError, match="this key cannot open it"):
        load_comments(path, [stranger], loaded.meta.id)
    with pytest.raises(SessionFileError, match="not this session's debrief"):
        load_comments(path, [teacher], "another-session")
    debrief_path(path).write_bytes(debrief_path(path).read_bytes()[:-20])
    with pytest.raises(SessionFileError, match="damaged"):
        load_comments(path, [teacher], loaded.meta.id)


async def test_the_teacher_comments_at_the_cursor_and_the_student_sees_it(
    protocol: Protocol, saved: tuple[Path, x25519.Identity, x25519.Identity]
) -> None:
    path, _student, teacher = saved
    loaded = session_document.load(path, [teacher])
    replay = Replayer(protocol, loaded.events, duration=600)
    kept: list[list[Comment]] = []

    def save(comments: list[Comment], assessment: Assessment | None = None) -> str:
        kept.append(comments)
        return ""

    app = ReplayApp(
        [
            ReplayScreen(
                protocol,
                replay,
                created=loaded.meta.created,
                client_code="K-3",
                lang="en",
                save_comments=save,
            )
        ]
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*["shift+right"] * 7, "c")  # minute 7: the wellbeing step
        await pilot.pause()
        await pilot.press(*"Ask what tired means", "enter")
        await pilot.pause()
        (comment,) = kept[-1]
        assert (comment.t, comment.step) == (420.0, "wellbeing")
        work = squash(pane_text(app, "#work"))
        assert "Teacher's comments 07:00 Ask what tired means" in work
        assert "Teacher: Ask what tired means" in squash(pane_text(app, "#guide"))
        assert "c" in squash(pane_text(app, "#timeline")).split("digit = step")[0]

    # The student's replay shows the comment and offers no way to add one.
    student_app = ReplayApp(
        [
            ReplayScreen(
                protocol,
                replay,
                created=loaded.meta.created,
                client_code="K-3",
                lang="en",
                comments=kept[-1],
            )
        ]
    )
    async with student_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert len(student_app.screen_stack) == 2
        assert "Teacher: Ask what tired means" in squash(pane_text(student_app, "#guide"))


def test_debrief_report_has_timings_results_markers_and_comments(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pathlib import Path

    from hyvinvointi_tui.cli import main
    from hyvinvointi_tui.store import keys

    demo = Path(__file__).parents[2] / "sessions" / "demo"
    copy = tmp_path / "demo-session.age"
    copy.write_bytes((demo / "demo-session.age").read_bytes())
    key = demo / "demo-teacher.key"
    teacher = keys.read_identity_file(key)[0]
    meta = session_document.load(copy, [teacher]).meta
    assert (
        comment_saver(copy, meta, teacher)(
            # after 15 minutes of preparation and 2 paused: 19:40 on the conversation clock
            [Comment(t=900.0 + 1300.0, step="stress", text="Calm, good pacing")]
        )
        == ""
    )
    args = ["export", str(copy), "--format", "md", "--identity", str(key), "--debrief"]
    assert main(args) == 0
    report = capsys.readouterr().out
    assert "# Purkuraportti" in report
    assert "Asiakaskoodi DEMO-7" in report
    assert "- Orientaatio: suunniteltu 05:00, toteutunut 04:50" in report
    assert "(yli 01:30)" in report  # the OSA ran over
    assert "Vahvuus" in report or "Merkit" in report
    assert "## Opettajan kommentit" in report and "19:40 (Stressitaso): Calm, good pacing" in report
    assert "1. Herään arkisin kahdeksalta" in report
    # The learning around it: the preparation, each step's lead, the reflection.
    assert "## Valmistelu" in report and "Miten otamme puheeksi taloushuolet" in report
    assert "Stressitaso: suunniteltu 10:00, toteutunut 09:50 · vetää Opiskelija B" in report
    assert "## Opiskelijoiden reflektio" in report and "Ympäristö: Sisko tukena" in report
    assert "Syy: tavoitteiden tueksi, tarvitsemme opettajan ohjausta" in report
    # The notes stay out of the report.
    assert "Lomautettu syyskuussa" not in report
    assert main([*args[:3], "html", *args[4:]]) == 0
    assert "<h2>Opettajan kommentit</h2>" in capsys.readouterr().out


async def test_the_student_replays_from_the_start_screen_with_the_comments(
    protocol: Protocol, saved: tuple[Path, x25519.Identity, x25519.Identity]
) -> None:
    from hyvinvointi_tui.store.student import Student
    from hyvinvointi_tui.ui.app import HyvinvointiApp
    from hyvinvointi_tui.ui.replay.screen import ReplayScreen
    from hyvinvointi_tui.ui.screens.start import StartScreen

    path, student_key, teacher = saved
    meta = session_document.load(path, [teacher]).meta
    comment_saver(path, meta, teacher)([Comment(t=420.0, step="wellbeing", text="Nice summary")])
    student = Student(path.parent.parent, student_key, [])
    student.__dict__["folder"] = path.parent  # the fixture saved straight into tmp_path
    app = HyvinvointiApp(protocol, lang="en", student=student)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        app.screen.post_message(StartScreen.Chosen("replay"))
        await pilot.pause()
        await pilot.press("enter")  # the only saved session
        await pilot.pause()
        assert isinstance(app.screen, ReplayScreen), notified(app)
        assert "Teacher: Nice summary" in squash(pane_text(app, "#guide"))
        await pilot.press("q")  # back to the start screen, not out of the program
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)


# --- issue 31, part 10: the teacher's assessment and sign-off ----------------------------------


async def test_the_teacher_assesses_and_signs_off_in_the_replay_kept_with_the_comments(
    protocol: Protocol, saved: tuple[Path, x25519.Identity, x25519.Identity], tmp_path: Path
) -> None:
    import datetime as dt

    from textual.widgets import Input, TextArea

    from hyvinvointi_tui.core.debrief import debrief_report
    from hyvinvointi_tui.core.page import to_markdown
    from hyvinvointi_tui.store.debrief import load_debrief, open_replay

    path, student, teacher = saved
    loaded = session_document.load(path, [teacher])
    replay = Replayer(protocol, loaded.events, duration=600)
    screen = ReplayScreen(
        protocol,
        replay,
        created=loaded.meta.created,
        client_code="K-3",
        lang="fi",
        save_comments=comment_saver(path, loaded.meta, teacher),
    )
    app = ReplayApp([screen])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        app.screen.query_one("#assessment-text", TextArea).insert("Hyvä rauhallinen alku.")
        app.screen.query_one("#assessment-name", Input).focus()
        await pilot.press(*"Opettaja O.", "enter")
        await pilot.pause()
        assert len(app.screen_stack) == 2  # back at the replay
        # A comment afterwards keeps the assessment beside it.
        await pilot.press(*["shift+right"] * 7, "c")
        await pilot.pause()
        await pilot.press(*"Kysykää lisää", "enter")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        shown = squash(pane_text(app, "#results-box"))
        assert "Opettajan arviointi ja hyväksyntä Hyvä rauhallinen alku." in shown

    today = dt.date.today()
    signed = f"Hyväksynyt Opettaja O. {today.day}.{today.month}.{today.year}"
    assert signed in shown
    assert b"rauhallinen" not in debrief_path(path).read_bytes()
    for key in (student, teacher):  # the student reads it too, as the comments
        debrief = load_debrief(path, [key], loaded.meta.id)
        assert [c.text for c in debrief.comments] == ["Kysykää lisää"]
        assert debrief.assessment is not None
        assert debrief.assessment.signed_by == "Opettaja O."
        assert debrief.assessment.signed_on == today.isoformat()
    opened = open_replay(path, [teacher])
    page = to_markdown(
        debrief_report.build(
            protocol,
            opened.replay,
            created=opened.meta.created,
            client_code="K-3",
            lang="fi",
            comments=[(c.t, c.step, c.text) for c in opened.comments],
            assessment=opened.assessment,
        )
    )
    section = page.split("## Opettajan arviointi ja hyväksyntä")[1]
    assert "- Hyvä rauhallinen alku." in section and f"- {signed}" in section


def test_an_assessment_without_a_name_is_shown_as_not_signed_off(
    protocol: Protocol, saved: tuple[Path, x25519.Identity, x25519.Identity]
) -> None:
    from hyvinvointi_tui.core.debrief import results
    from hyvinvointi_tui.core.debrief.comments import Assessment

    section = results.assessment(Assessment(text="Kesken"), "en")
    assert section.lines == ["Kesken", "Not signed off yet (no name)."]
    assert not results.assessment(None, "en").lines
