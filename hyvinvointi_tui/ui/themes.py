"""The app's own theme beside Textual's: the strongest contrast (white and yellow on black),
for a bright room or weaker eyes. Nothing on a screen relies on colour alone (NO_COLOR, which
Textual honours, shows every screen in one colour)."""

from __future__ import annotations

from textual.theme import Theme

from ..core.model.preferences import HIGH_CONTRAST

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
