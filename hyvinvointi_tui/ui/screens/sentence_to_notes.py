"""Typing meant as text: a character that the focused rating, grid, list or number field has
no use for is the start of a sentence meant for the notes. It goes there, and so does the
focus, so the rest of the sentence (digits too) can never change a rating."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import events
from textual.screen import Screen
from textual.widgets import Input, OptionList, TextArea

from ..widgets.hours_input import HoursInput
from ..widgets.notes_area import NotesArea


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
        # Now, not at Textual's next turn (`target.focus()`): the view's settling below must
        # find the notes focused.
        self.screen.set_focus(target)
        target.insert(character)
        self.screen.call_after_refresh(self._into_view, target)

    def _into_view(self, target: NotesArea) -> None:
        """Show the notes the sentence went to. Textual scrolls a newly focused widget into
        view after the next refresh, animated, and measures from where the view is at that
        moment. Keys in a burst can move the focus on (a Tab) and back to the notes while the
        Tab's scroll is still to come or under way: the notes, in view when theirs is
        measured, are then scrolled away by it. Run after the scrolls already asked for:
        each is finished at once, then the notes are brought into view from where the view
        really ends."""
        if self.screen.focused is not target:
            return  # the student has gone on: their own move is the one to show
        animator = self.screen.app.animator
        for node in target.ancestors:
            animator.force_stop_animation(node, "scroll_x")
            animator.force_stop_animation(node, "scroll_y")
        target.scroll_visible(animate=False, immediate=True)

    def focus_moved(self) -> None:
        self._sentence_to = None  # to the notes, or where the student went

    def _is_stray(self, key: str) -> bool:
        focused = self.screen.focused
        if self._sentence_to is not None and focused is not self._sentence_to:
            return True
        if focused is None or isinstance(focused, TextArea | OptionList):
            return False  # text fields and a Select's type-to-search take every character
        if isinstance(focused, Input):
            return isinstance(focused, HoursInput)  # it lets through what it cannot take
        return key not in self.screen.active_bindings
