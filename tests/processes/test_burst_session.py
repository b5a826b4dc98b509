"""A whole session typed into the real program in a real terminal, once at a person's pace and
once in one burst while the machine is loaded, in Finnish, Swedish and English (issue 30): every
burst gives the file that typing slowly gives.

The session goes through every step of the first conversation and the dialogs on the way (a
marker, the emergency instructions, the go-to list); the burst is what a terminal hands over
when the laptop is busy for a moment, and the load (a process spinning on each core) makes the
app's handling slower than the keys' arrival."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from hyvinvointi_tui.i18n import Lang, t
from hyvinvointi_tui.store.keys import read_identity_file
from hyvinvointi_tui.store.session_document import load

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from pty_session import PtySession, make_home

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.name != "posix", reason="needs a POSIX pty"),
]

COMMAND = str(Path(sys.executable).with_name("hyvinvointi"))
PASSPHRASE = "purske-salasana-7"
SHIFT_TAB, LEFT, UP, DOWN, ENTER, TAB = b"\x1b[Z", b"\x1b[D", b"\x1b[A", b"\x1b[B", b"\r", b"\t"
DELETE = b"\x1b[3~"
CTRL_N, CTRL_B, CTRL_G, CTRL_L, CTRL_Q = b"\x0e", b"\x02", b"\x07", b"\x0c", b"\x11"
LANGUAGES = ["fi", "sv", "en"]


def script() -> list[bytes]:
    """The keys of a first session, each item one key or one character: Orientation's notes
    and consents; the wellbeing question, with a trip back to Orientation and forth through
    the go-to list; a stress rating and words right after it, the emergency instructions
    opened and closed; hours down the time circle's column; OSA ratings and a marker from its
    dialog; summary suggestions accepted and dropped; a goal and its actions; a new
    appointment at Closing; and quit. The keys mean the same in every language."""
    keys: list[bytes] = []

    def text(words: str) -> None:
        keys.extend(ch.encode() for ch in words)

    text("knew a little")
    keys += [SHIFT_TAB, LEFT, DOWN, LEFT, TAB]  # the consent rows: notes yes, figures yes
    text(" and asked")
    keys += [CTRL_N]
    text("sleeps badly")
    keys += [CTRL_G, UP, ENTER]  # back to Orientation
    text(" then")
    keys += [CTRL_G, DOWN, ENTER]  # and on to the wellbeing question again
    text(", walks the dog")
    keys += [CTRL_N, b"3"]
    text("5 hours of sleep")
    keys += [CTRL_L, ENTER]  # the emergency instructions, opened and closed,
    text("felt faint")  # then the incident record, a field at a time
    keys += [ENTER]
    text("sat with her")
    keys += [ENTER]
    text("teacher")
    keys += [ENTER]
    text(" a week")
    keys += [CTRL_N, b"8", ENTER, b"4", ENTER, b"1", b"2", ENTER]
    keys += [CTRL_N, b"3", b"4", DOWN, b"2", b"1"]
    keys += [CTRL_B, DOWN, ENTER]
    text("wants to rest")
    keys += [CTRL_N, ENTER, ENTER, DELETE, ENTER]
    keys += [CTRL_N]
    text("Walk")
    keys += [TAB]
    text("dog")
    keys += [ENTER]
    text("Sleep")
    keys += [ENTER, CTRL_N, ENTER, TAB]
    text("12.1.2027")
    keys += [TAB]
    text("14.30")
    keys += [TAB]
    text("sleep routine")
    keys += [CTRL_Q]
    return keys


@pytest.fixture(scope="module")
def made_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A student's key and a course with a teacher, made once (scrypt takes seconds): each
    run copies them into a home of its own."""
    base = tmp_path_factory.mktemp("home")
    make_home(base, PASSPHRASE)
    return base


def at_orientation(app: PtySession, lang: str) -> None:
    """Past the preparation (where `new --client` opens), at the first step."""
    app.begin(t(lang, "preparation.heading"), t(lang, "step.position", n=1, total=8))
    app.drain(0.5)


def outcome(base: Path) -> dict[str, object]:
    (path,) = (base / "sessions").glob("*.age")
    teacher = read_identity_file(base / "teacher.key")
    state = load(path, teacher).state
    return {
        "texts": {key: text for key, text in state.texts.items() if text},
        "consent": dict(state.consent),
        "stress": dict(state.stress),
        "hours": {s: {v: dict(c) for v, c in vs.items()} for s, vs in state.hours.items()},
        "osa": {s: {i: dict(r) for i, r in items.items()} for s, items in state.osa.items()},
        # Where each line went (its words are the suggestion's, in the session's language).
        "summary": sorted(e.column for entries in state.summary.values() for e in entries.values()),
        "dropped": {s: sorted(d) for s, d in state.dropped.items()},
        "goals": [
            (g.text, tuple(g.actions)) for goals in state.goals.values() for g in goals.values()
        ],
        "closing": dict(state.closing),
        "appointment": {s: (a.date, a.time) for s, a in state.appointment.items()},
        "markers": [(step, tag) for _, step, tag in state.markers],
        "emergencies": len(state.emergencies),
        "incidents": [
            (i.trigger, i.step, i.happened, i.done, i.told) for i in state.incidents.values()
        ],
        "step": state.step,
    }


def spin(stop: threading.Event) -> None:
    while not stop.is_set():
        pass


def run(made_home: Path, base: Path, lang: str, *, burst: bool) -> dict[str, Any]:
    shutil.copytree(made_home, base)
    env = {"HYVINVOINTI_HOME": str(base), "HYVINVOINTI_PASSPHRASE": PASSPHRASE}
    keys = script()
    stop = multiprocessing.Event()
    hogs = [
        multiprocessing.Process(target=spin, args=(stop,), daemon=True)
        for _ in range(os.cpu_count() or 2)
    ]
    with PtySession([COMMAND, "new", "--client", "K-30", "--lang", lang], env=env) as app:
        at_orientation(app, lang)
        if burst:
            for hog in hogs:
                hog.start()
            try:
                app.send(b"".join(keys))
                assert app.wait_exit(timeout=180) == 0
            finally:
                stop.set()
                for hog in hogs:
                    hog.join()
        else:
            for key in keys:
                app.send(key)
                app.drain(0.3 if key in (CTRL_N, CTRL_B, CTRL_G, CTRL_L, ENTER) else 0.05)
            assert app.wait_exit(timeout=60) == 0
    return outcome(base)


@pytest.fixture(scope="module")
def slowly(made_home: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The session typed at a person's pace (in English: what the keys record does not
    depend on the language, and each burst below is held to this)."""
    return run(made_home, tmp_path_factory.mktemp("slowly") / "home", "en", burst=False)


def test_typed_slowly_the_keys_record_the_session_they_mean(slowly: dict[str, Any]) -> None:
    assert slowly["consent"] == {"notes": True, "figures": True}
    assert slowly["texts"]["orientation.notes"] == "knew a little and asked then"
    assert slowly["texts"]["wellbeing.notes"] == "sleeps badly, walks the dog"
    assert slowly["stress"] == {"stress": 3}
    assert slowly["texts"]["stress.notes"] == "5 hours of sleep a week"
    assert slowly["emergencies"] == 1
    assert slowly["incidents"] == [("emergency", "stress", "felt faint", "sat with her", "teacher")]
    assert slowly["hours"] and slowly["osa"] and slowly["markers"], slowly
    assert slowly["summary"] == ["challenges"]  # the one suggestion there was, accepted
    assert slowly["goals"] == [("Walk", ("dog",)), ("Sleep", ())]
    assert slowly["closing"] == {"closing": "new_appointment"}
    assert slowly["appointment"] == {"closing": ("2027-01-12", "14:30")}
    assert slowly["texts"]["closing.focus"] == "sleep routine"
    assert slowly["step"] == "closing", slowly


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_session_typed_in_one_burst_on_a_loaded_machine_is_the_session_typed_slowly(
    made_home: Path, slowly: dict[str, object], tmp_path: Path, lang: Lang
) -> None:
    assert run(made_home, tmp_path / "home", lang, burst=True) == slowly
