"""Test helpers: read the screen as plain text, the way a person reads it."""

from __future__ import annotations

import importlib
import io
from collections.abc import Callable
from types import ModuleType
from typing import Any, TypeVar

import pytest
import textual
from rich.console import Console
from textual import events
from textual.app import App
from textual.geometry import Region
from textual.pilot import Pilot

from hyvinvointi_tui.core.model.protocol import Protocol
from hyvinvointi_tui.core.model.session import Session
from hyvinvointi_tui.store.session_store import SessionStore
from hyvinvointi_tui.ui.paste_safe_app import PasteSafeApp
from hyvinvointi_tui.ui.timings import Timings

StepT = TypeVar("StepT")

# Textual's private names the tests read, each through `private` or `private_module` below (and
# nowhere else: tests/unit/test_textual_private.py checks that each exists in the installed
# Textual, and that no test reads one directly). A Textual upgrade that renames one then fails
# with its name, not with an AttributeError deep in a test.
TEXTUAL_PRIVATE = (
    "App._background_screens",
    "App._batch_count",
    "App._display",
    "App._current_mode",
    "App._notifications",
    "App._screen_stacks",
    "Screen._compositor",
    "Screen._refresh_layout",
    "WrappedDocument._offset_to_line_info",
    "WrappedDocument._wrap_offsets",
    "textual.drivers._writer_thread",
)

# The app's timers made short for a test that waits for a save or a typing report (pass
# `timings=SHORT_TIMINGS` to the app): the same order as the app's own (a report, then its
# save; a step's save before a change's), milliseconds instead of seconds. The clock's tick
# and the screens built ahead keep their pace, so the screens are drawn as in a session.
SHORT_TIMINGS = Timings(report=0.05, autosave=0.05, retry=0.1, step_save=0.02)


def _declared(name: str) -> None:
    if not any(declared.rpartition(".")[2] == name for declared in TEXTUAL_PRIVATE):
        raise AssertionError(f"{name} is not in TEXTUAL_PRIVATE (tests/helpers.py): declare it")


def private(owner: object, name: str) -> Any:
    """Textual's private attribute `name` of `owner`, or a failure that says Textual changed."""
    _declared(name)
    try:
        return getattr(owner, name)
    except AttributeError:
        pytest.fail(
            f"Textual {textual.__version__} has no {type(owner).__name__}.{name}, which the "
            "tests read: an upgrade changed it (see TEXTUAL_PRIVATE in tests/helpers.py)",
            pytrace=False,
        )


def set_private(owner: object, name: str, value: object) -> None:
    """Replace Textual's private attribute `name` of `owner` (it must exist already)."""
    private(owner, name)
    setattr(owner, name, value)


def private_module(name: str) -> ModuleType:
    """Textual's private module `name`, or a failure that says Textual changed."""
    if name not in TEXTUAL_PRIVATE:
        raise AssertionError(f"{name} is not in TEXTUAL_PRIVATE (tests/helpers.py): declare it")
    try:
        return importlib.import_module(name)
    except ImportError:
        pytest.fail(
            f"Textual {textual.__version__} has no module {name}, which the tests import: "
            "an upgrade changed it (see TEXTUAL_PRIVATE in tests/helpers.py)",
            pytrace=False,
        )


def notified(app: App[Any]) -> str:
    """The notifications the app shows now, as one line."""
    return " ".join(str(note.message) for note in private(app, "_notifications"))


def screen_text(app: App[Any], region: Region | None = None) -> str:
    """The visible screen as text (what export_screenshot draws, without the styling).

    With a region, only that rectangle: side-by-side panes then read one at a time.
    """
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    compositor = private(app.screen, "_compositor")
    console.print(
        compositor.render_update(full=True, screen_stack=private(app, "_background_screens"))
    )
    text = console.export_text()
    if region is None:
        return text
    lines = text.splitlines()[region.y : region.bottom]
    return "\n".join(line[region.x : region.right] for line in lines)


def pane_text(app: App[Any], selector: str) -> str:
    """The text of one pane of the current screen ("#guide", "#work")."""
    return screen_text(app, app.screen.query_one(selector).content_region)


def keys(text: str) -> list[str]:
    """The keys that type `text` (Pilot names the space key "space")."""
    return ["space" if ch == " " else ch for ch in text]


def squash(text: str) -> str:
    """Text with all runs of whitespace made one space, to find phrases that wrap."""
    return " ".join(text.split())


async def keys_settled(app: PasteSafeApp[Any], timeout: float = 30.0) -> None:
    """Wait until every key posted to `app` so far has been taken and has settled (its
    effects run, the keys held behind it too): however slow the machine, never a fixed
    number of pauses. Safe after the app has exited (a ctrl+q among the keys)."""
    import asyncio

    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    taken = asyncio.Event()
    # Queued behind the keys: it runs once the App has taken every one of them.
    if not app.call_later(taken.set):
        taken.set()  # the app has stopped: nothing more will be taken
    while not (taken.is_set() and app.key_order.idle) and app.is_running:
        assert loop.time() < deadline, "timed out waiting for the keys to settle"
        await asyncio.sleep(0.01)


async def wait_until(
    pilot: Pilot[Any], condition: Callable[[], object], timeout: float = 30.0
) -> None:
    """Let the app run until `condition()` holds (fails after `timeout` seconds)."""
    import asyncio

    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, "timed out waiting"
        await pilot.pause(0.05)


def save_session(store: SessionStore, session: Session) -> None:
    """One save of a live session through its store, as the app's autosave makes it."""
    store.save(
        session.protocol,
        session_id=session.session_id,
        created=session.created,
        events=list(session.events),
        saved_t=session.now(),
    )


TINY_PROTOCOL = """
id = "tiny"
version = "1"
total_minutes = 20
title = { fi = "Pieni", en = "Tiny", sv = "Liten" }

[[steps]]
id = "orientation"
kind = "orientation"
budget_minutes = 5
title = { fi = "Alku", en = "Start", sv = "Början" }
guidance = { fi = "Ohje", en = "Guide", sv = "Råd" }
info = { fi = "Tieto", en = "Info", sv = "Info" }

[[steps]]
id = "stress"
kind = "stress"
budget_minutes = 5
title = { fi = "Stressi", en = "Stress", sv = "Stress" }
guidance = { fi = "Ohje", en = "Guide", sv = "Råd" }
crisis_guidance = { fi = "Kriisi", en = "Crisis", sv = "Kris" }
levels = [
    { fi = "1", en = "1", sv = "1" },
    { fi = "2", en = "2", sv = "2" },
    { fi = "3", en = "3", sv = "3" },
    { fi = "4", en = "4", sv = "4" },
    { fi = "5", en = "5", sv = "5" },
]
"""


def tiny_protocol() -> Protocol:
    """A two-step protocol: a session that carries it is a few KiB, so that a test can try
    every byte of its file."""
    from hyvinvointi_tui.core.model.protocol import parse_protocol

    return parse_protocol(TINY_PROTOCOL.encode(), "tiny")


def consent_to_notes(session: Session, step: str = "orientation") -> None:
    """The client says yes to notes being kept (until then no note is written)."""
    from hyvinvointi_tui.core.model.client_events import ConsentRecorded

    session.record(ConsentRecorded(step=step, item="notes", given=True))


def step_of(protocol: Protocol, step_id: str, kind: type[StepT]) -> StepT:
    """The protocol's step `step_id`, which is a step of `kind` (a ClosingStep, an OsaStep…)."""
    step = protocol.step(step_id)
    assert isinstance(step, kind), f"{step_id} is a {type(step).__name__}"
    return step


MouseInput = events.MouseDown | events.MouseUp | events.MouseMove | events.MouseScrollDown


def mouse_event(kind: type[MouseInput], x: int, y: int, button: int = 1) -> MouseInput:
    """A mouse event at (x, y) of the screen, as a terminal's driver hands it to the app
    (Pilot's click goes round the app, straight to the screen)."""
    return kind(
        widget=None,
        x=x,
        y=y,
        delta_x=0,
        delta_y=0,
        button=button,
        shift=False,
        meta=False,
        ctrl=False,
        screen_x=x,
        screen_y=y,
    )
