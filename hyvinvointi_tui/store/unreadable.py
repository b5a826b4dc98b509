"""Why a session document cannot be read: one line that names a place in it, never what the
file holds there (a crafted file's text never reaches a message)."""


class Unreadable(Exception):
    """A document that cannot be read; the message says why in one line.
    `store/session_document.py` makes it a SessionFileError naming the file."""


class Invalid(ValueError):
    """A check of the content failed; the message names the place, not the content."""
