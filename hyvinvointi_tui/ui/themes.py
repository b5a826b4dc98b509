"""The app's own theme beside Textual's: the strongest contrast (white and yellow on black),
for a bright room or weaker eyes. Nothing on a screen relies on colour alone (NO_COLOR, which
Textual honours, shows every screen in one colour)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.theme import Theme

from ..core.model.preferences import HIGH_CONTRAST
from ..i18n import system_language
from ..store.preferences import read_preferences, save_preferences

if TYPE_CHECKING:
    from ..store.student import Student

HIGH_CONTRAST_THEME = Theme(
    name=HIGH_CONTRAST,
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFF00",
    warning="#FFAA00",
    error="#FF5555",
    success="#00FF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1A1A1A",
    dark=True,
)


def apply_preferences(app: App[Any], student: Student | None, asked: str | None) -> str | None:
    """Apply the student's saved theme; the language a new session's setup starts in: the
    one asked for (`new --lang`), else the student's, else the system's (LC_ALL, …);
    None without a student and without one asked for."""
    if student is None:
        return asked

    preferences = read_preferences(student.home)
    if preferences.theme in app.available_themes:
        app.theme = preferences.theme
    return asked or preferences.lang or system_language()


def keep_theme(home: Path, name: str) -> str | None:
    """A theme chosen anywhere (the palette, settings) is the student's preference from now
    on, as the settings screen saves it; a short reason if it could not be kept."""
    try:
        preferences = read_preferences(home)
        if preferences.theme != name:
            save_preferences(home, preferences.replace(theme=name))
    except (OSError, ValueError) as exc:  # a full disk; a theme name of another form
        return str(exc.strerror if isinstance(exc, OSError) else exc)
    return None
