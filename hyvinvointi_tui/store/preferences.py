"""The student's preferences (`settings.toml` in the data folder): the language new sessions
start in, and the colours. Plain text, no session content; read as untrusted like every file
(a damaged one is ignored, and the next change writes a good one)."""

from __future__ import annotations

from pathlib import Path

import tomli_w

from ..core.model.preferences import Preferences
from ..core.untrusted import MAX_SMALL_BYTES, NotToml, Refused, parse_toml, read_regular
from .atomic import write_atomic


def preferences_path(home: Path) -> Path:
    return home / "settings.toml"


def read_preferences(home: Path) -> Preferences:
    """The saved preferences; the defaults when there are none or they cannot be read."""
    # lazy: pydantic, about 95 ms before the first screen (docs/ARCHITECTURE.md)
    from pydantic import TypeAdapter, ValidationError

    path = preferences_path(home)
    try:
        data = parse_toml(read_regular(path, MAX_SMALL_BYTES).decode("utf-8"))
        return TypeAdapter(Preferences).validate_python(data)
    except (OSError, Refused, UnicodeDecodeError, NotToml, ValidationError):
        return Preferences()


def save_preferences(home: Path, preferences: Preferences) -> None:
    """Write the preferences, checked first as they will be read back: a value of another
    form (a theme's name in other letters) raises pydantic's ValidationError, a ValueError,
    and the file stays as it was."""
    # lazy: pydantic, about 95 ms before the first screen (docs/ARCHITECTURE.md)
    from pydantic import TypeAdapter

    TypeAdapter(Preferences).validate_python(preferences.fields())
    write_atomic(preferences_path(home), tomli_w.dumps(preferences.fields()).encode())
