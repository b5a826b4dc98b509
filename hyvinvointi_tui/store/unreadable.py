"""Why a session document cannot be read: one line that names a place in it, never what the
file holds there (a crafted file's text never reaches a message)."""


class Unreadable(Exception):
    """A document that cannot be read; the message says why in one line.
    `store/session_file.py` puts the file's path before it."""


class Invalid(ValueError):
    """A check of the content failed; the message names the place, not the content."""
