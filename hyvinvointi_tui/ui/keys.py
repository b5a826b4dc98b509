"""Key bindings made when a screen or widget is made, with labels in its language.

Class-level BINDINGS cannot change their descriptions per instance, and a session's language
is only known when its screen is made, so these are bound per instance through Textual's
private `_bindings` map: every use of it is here (tests/unit/test_textual_private.py)."""

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
    # Who leads this step: the next turn (no text field uses f2).
    ("f2", "app.swap_roles", "roles.key"),
    # Immediate danger: no text field uses ctrl+l, so it works while typing too.
    ("ctrl+l", "app.emergency", "keys.emergency"),
    ("ctrl+o", "fold_guide", "keys.guide"),
    ("ctrl+q", "app.request_quit", "keys.quit"),
)


TEXTUAL_PRIVATE = ("DOMNode._bindings",)


def bind(
    node: DOMNode,
    keys: str,
    action: str,
    label: str = "",
    *,
    show: bool = True,
    priority: bool = False,
) -> None:
    """Bind `keys` to `action` on this one node, shown in the key line as `label`."""
    node._bindings.bind(keys, action, label, show=show, priority=priority)


def rebind(node: DOMNode, keys: str, action: str, label: str) -> None:
    """Bind `keys` on this node to another action in place of what they did here."""
    for key in keys.split(","):
        node._bindings.key_to_bindings.pop(key.strip(), None)
    bind(node, keys, action, label, priority=True)


def bind_session_keys(node: DOMNode, lang: str) -> None:
    """Bind the session keys on `node` with labels in `lang` (they work while typing)."""
    for key, action, label in SESSION_KEYS:
        bind(node, key, action, t(lang, label), priority=True)
