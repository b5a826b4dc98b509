"""The session's key bindings, with their footer labels in the session language."""

from __future__ import annotations

from textual.dom import DOMNode

from ..i18n import t

# (key, app action, label key). Priority bindings: they work even while typing notes.
SESSION_KEYS: tuple[tuple[str, str, str], ...] = (
    ("ctrl+n", "app.next_step", "keys.next"),
    ("ctrl+g", "app.goto_step", "keys.goto"),
    ("ctrl+t", "app.toggle_pause", "keys.pause"),
    ("ctrl+s", "app.save_now", "keys.save"),
    ("ctrl+b", "app.add_marker", "keys.marker"),
    # Immediate danger: no text field uses ctrl+l, so it works while typing too.
    ("ctrl+l", "app.emergency", "keys.emergency"),
    ("ctrl+o", "fold_guide", "keys.guide"),
    ("ctrl+q", "app.request_quit", "keys.quit"),
)


def bind_session_keys(node: DOMNode, lang: str) -> None:
    """Bind the session keys on `node` with labels in `lang`.

    Class-level BINDINGS cannot change their descriptions per instance, and a session's
    language is only known when its screen is made, so the bindings are added here.
    """
    for key, action, label in SESSION_KEYS:
        node._bindings.bind(key, action, t(lang, label), priority=True)
