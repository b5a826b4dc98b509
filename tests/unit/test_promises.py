"""Promises that a deliberate bug once slipped past (issue 23): each test here fails when
its bug is put back (the closing note of issue 23 names the bug for each)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pyrage import x25519

from hyvinvointi_tui.core.debrief import debrief_report, results
from hyvinvointi_tui.core.debrief.replay import Replayer
from hyvinvointi_tui.core.model.client_code import check_client_code
from hyvinvointi_tui.core.model.course import Teacher
from hyvinvointi_tui.core.model.protocol import Protocol
from hyvinvointi_tui.core.model.session_events import StepsDeferred
from hyvinvointi_tui.core.model.state import fold
from hyvinvointi_tui.core.model.step_events import StressRated
from hyvinvointi_tui.core.model.steps import StressStep
from hyvinvointi_tui.core.model.text_keys import notes_key
from hyvinvointi_tui.core.page import to_html, to_markdown
from hyvinvointi_tui.store import session_document
from hyvinvointi_tui.store.student import Student

from ..helpers import consent_to_notes, save_session, step_of
from ..scripted import HandClock, started

CANARY = "Kanarialintu-7"


# 1. The session file is for the student and every teacher of the course -----------------


def _two_teacher_session(
    tmp_path: Path, protocol: Protocol
) -> tuple[Path, x25519.Identity, list[x25519.Identity]]:
    """A session saved by the app's own store, for a student in a course of two teachers."""
    me = x25519.Identity.generate()
    teachers = [x25519.Identity.generate(), x25519.Identity.generate()]
    course = [Teacher(recipient=str(teacher.to_public())) for teacher in teachers]
    student = Student(tmp_path, me, course)
    session = started(protocol, HandClock(), client_code="K-2")
    consent_to_notes(session)
    session.edit_text(notes_key("orientation"), CANARY)
    store = student.new_store()
    save_session(store, session)
    path = store.path
    store.close()
    assert path is not None
    return path, me, teachers


def test_each_teacher_of_the_course_opens_what_the_store_saved(
    tmp_path: Path, protocol: Protocol
) -> None:
    path, me, teachers = _two_teacher_session(tmp_path, protocol)
    for who in (me, *teachers):
        loaded = session_document.load(path, [who])
        assert loaded.state.text(notes_key("orientation")) == CANARY


@pytest.mark.skipif(shutil.which("age") is None, reason="the age command is not installed")
def test_the_age_command_opens_the_store_s_file_with_each_teacher_s_key(
    tmp_path: Path, protocol: Protocol
) -> None:
    path, _, teachers = _two_teacher_session(tmp_path, protocol)
    for number, teacher in enumerate(teachers):
        key = tmp_path / f"teacher{number}.key"
        key.write_text(f"# teacher {number}\n{teacher}\n")
        shown = subprocess.run(
            ["age", "-d", "-i", str(key), str(path)], capture_output=True, text=True, check=True
        )
        assert CANARY in shown.stdout


# 2. The crisis mark at exactly the threshold ----------------------------------------------


@pytest.mark.parametrize(("value", "crisis"), [(3, False), (4, True), (5, True)])
def test_the_crisis_is_marked_from_exactly_its_threshold(
    protocol: Protocol, value: int, crisis: bool
) -> None:
    assert step_of(protocol, "stress", StressStep).crisis_from == 4
    session = started(protocol, HandClock(), lang="en")
    session.record(StressRated(step="stress", value=value))
    replay = Replayer(protocol, session.events, duration=60)
    # The replay's timeline marks the instant; its results and the report mark the line.
    assert bool(replay.timeline.crisis) is crisis
    section = results.results(protocol, replay.final, "en")
    line = next(n for n, text in enumerate(section.lines) if text.startswith("Stress level:"))
    assert (line in section.marked) is crisis
    page = debrief_report.build(
        protocol, replay, created=session.created, client_code="K", lang="en"
    )
    stress_line = f"Stress level: {value}/5"
    assert (f"**{stress_line}" in to_markdown(page)) is crisis
    assert (f"<strong>{stress_line}" in to_html(page)) is crisis


# 3. Identity codes with the century signs of 2023 -----------------------------------------


@pytest.mark.parametrize(
    "code",
    [
        "010105B123X",
        "020406C2345",
        "311210D999A",
        "150799E001H",
        "010150F456K",
        "120395U1239",
        "010188V0019",
        "280277W555C",
        "010101X1230",
        "090909Y909E",
        "010105b123x",
    ],
)
def test_identity_codes_with_every_century_sign_are_refused(code: str) -> None:
    assert check_client_code(code) == "identity_code"


# 4. A lock written on another computer: see tests/processes/test_locks.py ---------------
# (test_a_lock_written_on_another_computer_is_respected: its pid, dead here, says nothing.)


# 5. The same step deferred twice ----------------------------------------------------------


def test_a_step_deferred_twice_is_deferred_once(protocol: Protocol) -> None:
    clock = HandClock()
    session = started(protocol, clock)
    session.record(StepsDeferred(steps=["time_circle", "osa"]))
    clock.advance(60)
    session.record(StepsDeferred(steps=["osa"]))
    assert session.state.deferred == ["time_circle", "osa"]
    assert fold(protocol, session.events).deferred == ["time_circle", "osa"]
    crisis = results.crisis(protocol, session.state, "en")
    deferred = [line for line in crisis.lines if line.startswith("deferred")]
    assert deferred == ["deferred to a second appointment: Time-use circle, OSA self-assessment"]
