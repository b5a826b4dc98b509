"""What a new student meets in a first real session (issue 17): values never changed or lost
by accident, a clock that stops at the close, clear messages before a passphrase, screens in
the system's language, one replay line per value settled on."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, OptionList, Select

from hyvinvointi_tui.cli import main
from hyvinvointi_tui.core.debrief.replay import Replayer, timeline
from hyvinvointi_tui.core.model.protocol import Protocol, resolve_protocol
from hyvinvointi_tui.core.model.session import Session
from hyvinvointi_tui.core.model.session_events import SessionClosed, SetupChanged, StepEntered
from hyvinvointi_tui.core.model.step_events import HoursSet
from hyvinvointi_tui.core.model.timer import ClockReading, format_minutes
from hyvinvointi_tui.i18n import Lang, system_language
from hyvinvointi_tui.store import course as course_file
from hyvinvointi_tui.store import keys
from hyvinvointi_tui.ui.app import HyvinvointiApp
from hyvinvointi_tui.ui.timings import Timings
from hyvinvointi_tui.ui.widgets.key_hints import KeyHints

from ..conftest import FakeClock
from ..helpers import pane_text, screen_text, squash, wait_until

SIZE = (120, 40)


def demo(protocol: Protocol, clock: FakeClock, lang: str = "en") -> HyvinvointiApp:
    return HyvinvointiApp.demo(protocol, lang=lang, clock=clock)


# --- item 3: a refused value is never counted ---------------------------------------------


async def test_a_refused_hours_value_stays_marked_and_is_never_counted(
    protocol: Protocol, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Values are recorded as settled (Enter, leaving the field), never key by key: a pause
    # long enough to settle "1" of "10" cannot come between the keys on a loaded machine.
    app = HyvinvointiApp.demo(protocol, lang="en", clock=clock, timings=Timings(settle=600.0))
    async with app.run_test(size=SIZE) as pilot:
        app.go_to("time_circle")
        await pilot.pause()
        await pilot.press("3", "0", "enter")
        await pilot.pause()
        field = app.screen.query_one("#hours-now-productive", Input)
        assert app.focused is field and field.value == "30", "Enter keeps a refused value"
        assert field.has_class("-refused")
        assert not [e for e in app.session.events if isinstance(e, HoursSet)], "never the 3"
        work = pane_text(app, "#work")
        assert "Hours in half-hour steps, 0–24" in work and " 3 h" not in work
        await pilot.press("tab")  # leaving the cell: it shows the recorded value (none)
        await pilot.pause()
        assert field.value == "" and not field.has_class("-refused")
        assert app.session.state.hours == {}
        # A valid value is recorded once, as settled: "10", never "1" first.
        field.focus()
        await pilot.press("1", "0", "tab")
        await pilot.pause()
        assert [e.hours for e in app.session.events if isinstance(e, HoursSet)] == [10.0]


async def test_hours_typed_and_left_are_recorded_after_a_moment(
    protocol: Protocol, clock: FakeClock
) -> None:
    """Typed hours are recorded within a second even if the student never presses Enter
    (a crash loses at most two seconds of typing)."""
    app = demo(protocol, clock)
    async with app.run_test(size=SIZE) as pilot:
        app.go_to("time_circle")
        await pilot.pause()
        await pilot.press("7", ".", "5")
        await wait_until(pilot, lambda: app.session.state.hours != {})
        assert app.session.state.hours["time_circle"]["now"] == {"productive": 7.5}


# --- item 4: a named activity keeps the hours typed before ---------------------------------


async def test_a_named_activity_keeps_the_hours_typed_for_its_category(
    protocol: Protocol, clock: FakeClock
) -> None:
    app = demo(protocol, clock)
    async with app.run_test(size=SIZE) as pilot:
        app.go_to("time_circle")
        await pilot.pause()
        for variant, value in (("now", "4"), ("before", "6"), ("ideal", "8")):
            app.screen.query_one(f"#hours-{variant}-leisure", Input).focus()
            await pilot.press(*value, "enter")
        await pilot.pause()
        app.screen.query_one("#activity-name", Input).focus()
        await pilot.press(*"gym")
        screen = app.screen
        screen.query_one("#activity-category", Select).value = "leisure"
        for variant, value in (("now", "1.5"), ("before", "2"), ("ideal", "2.5")):
            screen.query_one(f"#activity-{variant}", Input).value = value
        screen.query_one("#activity-name", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        state = app.session.state
        for variant, total in (("now", 4.0), ("before", 6.0), ("ideal", 8.0)):
            assert state.category_hours("time_circle", variant)["leisure"] == total
        names = sorted(a.name for a in state.activities["time_circle"].values())
        assert names == ["gym", "other leisure"]
        other = next(
            a for a in state.activities["time_circle"].values() if a.name == "other leisure"
        )
        assert other.hours == {"now": 2.5, "before": 4.0, "ideal": 5.5}
        assert "The hours typed earlier are kept: gym + other leisure" in squash(
            pane_text(app, "#work")
        )


# --- item 5 and 14: the clock -------------------------------------------------------------


def test_a_closed_sessions_clock_stops_at_the_close(protocol: Protocol) -> None:
    clock = FakeClock()
    session = Session(protocol, clock=clock)
    session.start(SetupChanged(client_code="K-1", lang="fi"))
    clock.t = 300
    session.record(StepEntered(step="closing"))
    clock.t = 360
    session.record(SessionClosed(step="closing"))
    clock.t = 1500
    session.record(StepEntered(step="wellbeing"))  # to append a note after closing
    clock.t = 3000
    reading = session.reading()
    assert reading.elapsed == 360 and reading.step_elapsed == 0
    assert session.state.clock.step_spent("closing", 3000) == 60
    line = timeline(protocol, session.events, 3000)
    assert line.bands[-1].step == "closing" and line.bands[-1].end == 360
    assert (
        Replayer(protocol, session.events, duration=3000).final.clock.reading(3000).elapsed == 360
    )


async def test_a_closed_session_offers_no_next_step_or_pause(
    protocol: Protocol, clock: FakeClock
) -> None:
    app = demo(protocol, clock)
    async with app.run_test(size=SIZE) as pilot:
        app.go_to("closing")
        await pilot.pause()

        def keys_line() -> str:
            return " ".join(h.description for h in app.screen.query_one(KeyHints).hints)

        assert "Next step" in keys_line() and "Pause" in keys_line()
        app.session.record(SessionClosed(step="closing"))
        app.screen.refresh_bindings()
        await pilot.pause()
        assert "Next step" not in keys_line() and "Pause" not in keys_line()
        clock.advance(600)
        await pilot.press("ctrl+n", "ctrl+t")
        assert app.session.state.step == "closing"
        assert app.session.reading().elapsed == app.session.state.closed_at


@pytest.mark.parametrize("elapsed", [0.0, 0.4, 7.9, 59.99, 3600.5])
def test_elapsed_and_left_add_up_to_the_plan(elapsed: float) -> None:
    reading = ClockReading(
        elapsed=elapsed,
        total=5400.0,
        step=None,
        step_elapsed=0.0,
        step_budget=0.0,
        paused=False,
        paused_for=0.0,
    )
    minutes = [format_minutes(reading.elapsed), format_minutes(reading.remaining)]
    seconds = [int(m) * 60 + int(s) for m, s in (text.split(":") for text in minutes)]
    assert sum(seconds) == 5400


# --- item 9: no passphrase asked when there is no key -------------------------------------


def test_new_without_a_key_says_to_run_init_before_asking_anything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from hyvinvointi_tui.ui import unlock

    monkeypatch.setenv("HYVINVOINTI_HOME", str(tmp_path))
    monkeypatch.delenv("HYVINVOINTI_PASSPHRASE", raising=False)

    def asked(*args: object, **kwargs: object) -> None:
        raise AssertionError("a passphrase was asked for a key that does not exist")

    monkeypatch.setattr(unlock.UnlockApp, "run", asked)
    monkeypatch.setattr("getpass.getpass", asked)
    assert main(["new"]) == 1
    assert "run 'hyvinvointi init' first" in capsys.readouterr().err
    session = tmp_path / "s.age"
    session.write_bytes(b"age-encryption.org/v1\n")
    assert main(["replay", str(session)]) == 1
    err = capsys.readouterr().err
    assert "hyvinvointi init" in err and "--identity" in err


# --- item 10: the start screen ------------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "lang"),
    [
        ({"LANG": "sv_FI.UTF-8"}, "sv"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LC_ALL": "fi_FI.UTF-8", "LANG": "en_US.UTF-8"}, "fi"),
        ({"LC_MESSAGES": "sv_SE", "LANG": "en_US"}, "sv"),
        ({"LANG": "de_DE.UTF-8"}, "fi"),
        ({"LANG": "C.UTF-8"}, "fi"),
        ({}, "fi"),
    ],
)
def test_the_screens_before_a_session_follow_the_system_language(
    environ: dict[str, str], lang: Lang
) -> None:
    assert system_language(environ) == lang


@pytest.mark.slow
def test_the_start_screen_speaks_the_system_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys.create_student_identity(tmp_path, "kymmenen-merkkiä")
    monkeypatch.setenv("HYVINVOINTI_HOME", str(tmp_path))
    monkeypatch.setenv("HYVINVOINTI_PASSPHRASE", "kymmenen-merkkiä")
    monkeypatch.setenv("LANG", "sv_FI.UTF-8")
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    apps: list[HyvinvointiApp] = []
    monkeypatch.setattr(HyvinvointiApp, "run", lambda self, *a, **k: apps.append(self))
    course_file.add_teacher(tmp_path, keys.write_identity_file(tmp_path / "teacher.key"))
    assert main([]) == 0
    assert apps[0].lang == "sv"


async def test_replay_from_the_start_screen_is_titled_replay(
    protocol: Protocol, tmp_path: Path, clock: FakeClock
) -> None:
    from pyrage import x25519

    from hyvinvointi_tui.store.student import Student

    me = Student(tmp_path, x25519.Identity.generate(), [])
    follow_up = resolve_protocol("seurantakeskustelu")
    first = HyvinvointiApp.new_session(
        follow_up, lang="fi", client_code="K-9", clock=clock, store=me.new_store(), begun=True
    )
    async with first.run_test(size=SIZE) as pilot:
        first.go_to("closing")
        await pilot.pause()
        await pilot.press("ctrl+q")
    app = HyvinvointiApp(protocol, lang="fi", store=me.new_store(), student=me)
    async with app.run_test(size=SIZE) as pilot:
        app.screen.query_one("#start-menu", OptionList).highlighted = 3  # replay
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "Toista keskustelu purkua varten" in text and "Jatka keskustelua" not in text
        closing = resolve_protocol("seurantakeskustelu").step("closing").title("fi")
        assert "K-9" in text and closing in text
        assert " closing" not in text, "the step's name, not its id"


# --- item 11: one replay line per value settled on ----------------------------------------


async def test_the_replay_lists_one_line_per_value_settled_on(protocol: Protocol) -> None:
    from hyvinvointi_tui.ui.replay.app import ReplayApp
    from hyvinvointi_tui.ui.replay.screen import ReplayScreen

    clock = FakeClock()
    session = Session(protocol, clock=clock)
    session.start(SetupChanged(client_code="K-1", lang="fi"))
    session.record(StepEntered(step="time_circle"))
    for hours in (1.0, 10.0):
        clock.advance(2)
        session.record(
            HoursSet(step="time_circle", variant="now", category="self_care", hours=hours)
        )
    for hours in (7.0, 7.0, 7.5):
        clock.advance(2)
        session.record(
            HoursSet(step="time_circle", variant="now", category="productive", hours=hours)
        )
    replay = Replayer(protocol, session.events, duration=clock.t)
    app = ReplayApp(
        [ReplayScreen(protocol, replay, created=session.created, client_code="K-1", lang="fi")]
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        listed = app.screen.query_one("#event-list", OptionList)
        lines = [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]
        told = [line for line in lines if "Tunnit" in line]
        assert len(told) == 2
        assert "itsestä ja toisista huolehtiminen 10 h" in told[0] and "tuottava 7,5 h" in told[1]


# --- item 12: a passphrase long enough ----------------------------------------------------


def test_init_refuses_a_short_passphrase_and_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HYVINVOINTI_HOME", str(tmp_path))
    monkeypatch.setenv("HYVINVOINTI_PASSPHRASE", "ab")
    assert main(["init"]) == 1
    err = capsys.readouterr().err
    assert "too short" in err and "at least 10 characters" in err
    assert "can try passphrases" in err  # why
    assert not (tmp_path / "identity.age").exists()
    monkeypatch.setenv("HYVINVOINTI_PASSPHRASE", "kolme sanaa riittää")
    assert main(["init"]) == 0


async def test_the_go_to_dialog_keeps_each_note_whole_at_80_columns(protocol: Protocol) -> None:
    from hyvinvointi_tui.core.model.step_events import StressRated

    clock = FakeClock()
    app = HyvinvointiApp.demo(protocol, lang="fi", clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.go_to("stress")
        await pilot.pause()
        app.session.record(StressRated(step="stress", value=5))
        clock.advance(900)
        app.action_replan_for_crisis()
        await pilot.pause()
        await pilot.press("escape")  # the incident record asked for: later
        clock.advance(900)
        await pilot.press("ctrl+g")
        await pilot.pause()
        shown = screen_text(app)
        assert "◀ olet tässä" in shown and "· käytetty 15:00 ◀ olet tässä" in shown
        assert "Yleinen kysymys hyvinvoinnista" in shown, "no step name cut"
