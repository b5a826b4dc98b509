"""What a key costs in full notes: the notes area's height is counted without walking 50 KB,
a line no key touched is reused yet drawn exactly as Textual draws it, and a save redraws its
status without laying the screen out (each would otherwise delay the frame of a key)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyrage import x25519
from textual.app import App, ComposeResult
from textual.strip import Strip
from textual.widgets import TextArea
from textual.widgets.text_area import Document, WrappedDocument

from hyvinvointi_tui.core.model.protocol import Protocol
from hyvinvointi_tui.store.session_store import SessionStore
from hyvinvointi_tui.ui.app import HyvinvointiApp
from hyvinvointi_tui.ui.screens.step import StepScreen
from hyvinvointi_tui.ui.widgets.notes_area import NotesArea, _WrappedNotes

from ..conftest import FakeClock
from ..helpers import private, screen_text, set_private, squash, wait_until

SIZE = (120, 40)
WORDS = "asiakas kertoi että päivät venyvät ja uni on mutta sisko\tvälilehti"


class _NoWalking(list[list[int]]):
    """Wrap offsets that refuse to be walked through (only indexed and sliced)."""

    def __iter__(self) -> Iterator[list[int]]:
        raise AssertionError("the whole document was walked through")


def textuals_height(wrapped: WrappedDocument) -> int:
    """The height as Textual's own WrappedDocument counts it (walking every line)."""
    counted: int = vars(WrappedDocument)["height"].fget(wrapped)
    return counted


def full_notes() -> str:
    words = WORDS.split(" ")
    lines = [" ".join(words[(i + k) % len(words)] for k in range(12)) for i in range(700)]
    return "\n".join(lines)


async def test_a_key_in_50_kb_of_notes_does_not_walk_through_them(
    protocol: Protocol, clock: FakeClock
) -> None:
    app = HyvinvointiApp.demo(protocol, lang="en", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        notes = app.screen.query_one(NotesArea)
        notes.load_text(full_notes())
        notes.move_cursor(notes.document.end)
        await pilot.pause()
        wrapped = notes.wrapped_document
        height = len(private(wrapped, "_offset_to_line_info"))
        assert height > 1000, "the lines wrap"
        set_private(wrapped, "_wrap_offsets", _NoWalking(private(wrapped, "_wrap_offsets")))
        await pilot.press(*" loppu")
        await pilot.pause()
        assert notes.wrapped_document.height == len(private(wrapped, "_offset_to_line_info"))
        last_word = notes.document.get_line(notes.document.line_count - 1).split()[-2]
        assert f"{last_word} loppu" in squash(screen_text(app)), "drawn in view"
        assert notes.text.endswith(" loppu")


edits = st.lists(
    st.tuples(
        st.floats(0, 1),
        st.floats(0, 1),
        st.floats(0, 1),
        st.floats(0, 1),
        st.text(alphabet="ab \n\tä", max_size=40),
    ),
    max_size=25,
)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="abc d\n\t", max_size=300), st.integers(0, 30), edits)
def test_the_counted_height_is_textuals_after_any_edits(
    text: str, width: int, changes: list[tuple[float, float, float, float, str]]
) -> None:
    document = Document(text)
    wrapped = _WrappedNotes(document, width)

    def location(row_at: float, column_at: float) -> tuple[int, int]:
        row = int(row_at * (document.line_count - 1))
        return row, int(column_at * len(document.get_line(row)))

    for row_a, col_a, row_b, col_b, insert in changes:
        start, end = sorted((location(row_a, col_a), location(row_b, col_b)))
        result = document.replace_range(start, end, insert)
        # as TextArea.edit does after each edit
        wrapped.wrap_range(start, end, result.end_location)
        assert wrapped.height == textuals_height(wrapped)
    wrapped.wrap(max(width - 3, 0))
    assert wrapped.height == textuals_height(wrapped)


async def test_a_save_shows_its_status_without_laying_the_screen_out(
    protocol: Protocol, clock: FakeClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = SessionStore(tmp_path, [x25519.Identity.generate().to_public()])
    app = HyvinvointiApp.new_session(
        protocol, lang="en", client_code="K-014", clock=clock, store=store, begun=True
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"tired")
        await wait_until(pilot, lambda: "saved " in screen_text(app))
        await wait_until(pilot, lambda: not app.saving)
        screen = app.screen
        saves, layouts, statuses = [], [], []
        done, refresh_layout = app.session.mark_saved, private(screen, "_refresh_layout")
        assert isinstance(screen, StepScreen)
        shown = screen.show_save_status

        def counted_done(upto: int | None = None) -> None:
            saves.append(upto)
            done(upto)

        def counted_layout(*args: Any, **kwargs: Any) -> None:
            layouts.append(args)
            refresh_layout(*args, **kwargs)

        def counted_status(text: str, failed: bool) -> None:
            statuses.append(text)
            shown(text, failed)

        monkeypatch.setattr(app.session, "mark_saved", counted_done)
        set_private(screen, "_refresh_layout", counted_layout)
        monkeypatch.setattr(screen, "show_save_status", counted_status)
        await pilot.press(*" and")
        await wait_until(pilot, lambda: saves)
        await pilot.pause()
        assert "saving…" in statuses  # (the clock's tick repeats the status each second)
        assert statuses[-1].startswith("saved ")
        assert layouts == [], "a save laid the screen out"
        top = screen_text(app).splitlines()[0]
        assert top.rstrip().endswith(statuses[-1]), "the status is drawn at the right"


class _NotesApp(App[None]):
    def compose(self) -> ComposeResult:
        yield NotesArea("notes:test", full_notes()[:6000], id="notes")


def drawn_both_ways(notes: NotesArea) -> tuple[list[Strip], list[Strip]]:
    """Each visible line as the notes area draws it, and as Textual's TextArea draws it."""
    height = notes.scrollable_content_region.height
    notes._drawing, notes._frame = True, None
    try:
        ours = [notes.render_line(y) for y in range(height)]
    finally:
        notes._drawing, notes._frame = False, None
    return ours, [TextArea.render_line(notes, y) for y in range(height)]


KEYS = [
    "a",
    "space",
    "enter",
    "backspace",
    "delete",
    "up",
    "down",
    "left",
    "right",
    "home",
    "end",
    "pageup",
    "pagedown",
    "shift+down",
    "shift+up",
    "shift+right",
    "ctrl+z",
    "tab",
    "(",
    ")",
]


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_lines_kept_by_what_they_show_are_drawn_as_textual_draws_them(seed: int) -> None:
    rng = random.Random(seed)
    app = _NotesApp()
    async with app.run_test(size=(60, 20)) as pilot:
        notes = app.query_one(NotesArea)
        notes.cursor_blink = False
        notes.focus()
        notes.move_cursor((40, 3))
        await pilot.pause()
        for step in range(80):
            if step == 40:
                await pilot.resize_terminal(47, 16)
            presses = [rng.choice(KEYS) for _ in range(rng.randint(1, 6))]
            await pilot.press(*presses)
            await pilot.pause()
            ours, theirs = drawn_both_ways(notes)
            assert [list(line) for line in ours] == [list(line) for line in theirs], presses
        assert notes._rows.hits > 500, "lines were reused"
