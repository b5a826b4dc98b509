"""Test helpers: read the screen as plain text, the way a person reads it."""

from __future__ import annotations

import io

from rich.console import Console
from textual.app import App
from textual.geometry import Region


def screen_text(app: App, region: Region | None = None) -> str:
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
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    text = console.export_text()
    if region is None:
        return text
    lines = text.splitlines()[region.y : region.bottom]
    return "\n".join(line[region.x : region.right] for line in lines)


def pane_text(app: App, selector: str) -> str:
    """The text of one pane of the current screen ("#guide", "#work")."""
    return screen_text(app, app.screen.query_one(selector).content_region)


def keys(text: str) -> list[str]:
    """The keys that type `text` (Pilot names the space key "space")."""
    return ["space" if ch == " " else ch for ch in text]


def squash(text: str) -> str:
    """Text with all runs of whitespace made one space, to find phrases that wrap."""
    return " ".join(text.split())


async def keys_settled(app, timeout: float = 30.0) -> None:
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


async def wait_until(pilot, condition, timeout: float = 30.0) -> None:
    """Let the app run until `condition()` holds (fails after `timeout` seconds)."""
    import asyncio

    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, "timed out waiting"
        await pilot.pause(0.05)


def save_session(store, session) -> None:
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


def tiny_protocol():
    """A two-step protocol: a session that carries it is a few KiB, so that a test can try
    every byte of its file."""
    from hyvinvointi_tui.core.model.protocol import parse_protocol

    return parse_protocol(TINY_PROTOCOL.encode(), "tiny")


def consent_to_notes(session, step: str = "orientation") -> None:
    """The client says yes to notes being kept (until then no note is written)."""
    from hyvinvointi_tui.core.model.client_events import ConsentRecorded

    session.record(ConsentRecorded(step=step, item="notes", given=True))
