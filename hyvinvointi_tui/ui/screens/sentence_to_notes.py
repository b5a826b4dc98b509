"""Typing meant as text: a character that the focused rating, grid, list or number field has
no use for is the start of a sentence meant for the notes. It goes there, and so does the
focus, so the rest of the sentence (digits too) can never change a rating."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, runtime_checkable

from textual import events
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, OptionList, TextArea

from ..widgets.notes_area import NotesArea


@runtime_checkable
class PassesOnText(Protocol):
    """A field that takes only some characters and lets the others on to the screen, where
    they start a sentence for the notes (a figure's field: ui/widgets/hours_input.py). A
    protocol, not the field's class: the step screens need not load the fields of steps
    they are not."""

    def passes_on(self, character: str) -> bool: ...


def focus_in_view(screen: Screen[Any], field: Widget) -> None:
    """Give `field` the focus now, and have it in view once the scrolls already asked for
    have run: where the typing goes on (the notes a sentence went to, the notes after a
    rating), however fast the keys came.

    Textual scrolls a newly focused widget into view after the next refresh, animated,
    measured from where the view is at that moment. Keys in a burst can move the focus on (a
    Tab, a shift+tab back to a scale) and then to the notes while that first scroll is still
    to come or under way: the notes, in view when theirs is measured, are scrolled away by
    it. The focus is set at once (not at Textual's next turn, as `field.focus()` does), and
    after the next refresh each scroll under way is finished at once and the field brought
    into view from where the view really ends."""
    screen.set_focus(field)
    screen.call_after_refresh(_settle_view, screen, field)


def _settle_view(screen: Screen[Any], field: Widget) -> None:
    if screen.focused is not field:
        return  # the student has gone on: their own move is the one to show
    animator = screen.app.animator
    for node in field.ancestors:
        animator.force_stop_animation(node, "scroll_x")
        animator.force_stop_animation(node, "scroll_y")
    field.scroll_visible(animate=False, immediate=True)


def _before_cursor(notes: NotesArea) -> str:
    """The character before the notes' cursor ("" at their very start)."""
    row, column = notes.cursor_location
    if column:
        return notes.document.get_line(row)[column - 1]
    return "\n" if row else ""


def _spaced(character: str, before: str) -> str:
    """What a sentence begun off the notes puts in them first. The field it was begun on
    takes no space (a space chooses on a scale or a radio set, ends an hours field), so the
    student cannot have typed one between the words already in the notes and the new
    sentence: one is put in front of its first letter, where a word ends before the cursor.
    A space typed first is kept only as that separator: at the notes' start or after a space
    or a line break it would only push the sentence in."""
    ends_a_word = bool(before) and not before.isspace()
    if character.isspace():
        return character if ends_a_word else ""
    return f" {character}" if ends_a_word else character


def start_in(field: Input, event: events.Key) -> None:
    """The character of `event` begins what `field` holds, and the focus goes there; the
    frame's handler (the notes) does not see it."""
    assert event.character is not None
    event.stop()
    event.prevent_default()
    field.focus()
    field.insert_text_at_cursor(event.character)


class SentenceToNotes:
    """Sends a step screen's stray characters to its notes (`target`)."""

    def __init__(self, screen: Screen[Any], target: Callable[[], NotesArea | None]) -> None:
        self.screen = screen
        self.target = target
        # A sentence started on a rating or choice is on its way to the notes: until they
        # have the focus, every character typed goes there too (a space would otherwise
        # choose in a radio set, the keys being read faster than the focus moves).
        self._sentence_to: NotesArea | None = None

    def key(self, event: events.Key) -> None:
        """A key the screen sees: a stray character goes to the notes, with the focus."""
        character = event.character
        if not event.is_printable or character is None or not self._is_stray(event.key):
            return
        target = self.target()
        if target is None or target.read_only or target.disabled:
            return
        event.stop()
        event.prevent_default()
        self._sentence_to = target
        focus_in_view(self.screen, target)
        text = _spaced(character, _before_cursor(target))
        if text:
            target.insert(text)

    def focus_moved(self) -> None:
        self._sentence_to = None  # to the notes, or where the student went

    def _is_stray(self, key: str) -> bool:
        focused = self.screen.focused
        if self._sentence_to is not None and focused is not self._sentence_to:
            return True
        if focused is None or isinstance(focused, TextArea | OptionList):
            return False  # text fields and a Select's type-to-search take every character
        if isinstance(focused, Input):
            return isinstance(focused, PassesOnText)  # it lets on what it cannot take
        return key not in self.screen.active_bindings
