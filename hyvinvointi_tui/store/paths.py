"""Where things live: the data folder (HYVINVOINTI_HOME or the platform's user data folder)."""

from __future__ import annotations

import os
from pathlib import Path

HOME_ENV = "HYVINVOINTI_HOME"
PASSPHRASE_ENV = "HYVINVOINTI_PASSPHRASE"


def home() -> Path:
    """The data folder. Created on first use, private to the user (0700 on POSIX)."""
    configured = os.environ.get(HOME_ENV)
    if configured:
        path = Path(configured).expanduser()
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir("hyvinvointi", appauthor=False))
    return private_dir(path)


def private_dir(path: Path) -> Path:
    """Make `path` (and parents) exist; the folder itself is 0700 on POSIX."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix":
        path.chmod(0o700)
    return path


def sessions_dir(base: Path) -> Path:
    return private_dir(base / "sessions")


def identity_path(base: Path) -> Path:
    return base / "identity.age"


def public_key_path(base: Path) -> Path:
    return base / "identity.pub"


def course_path(base: Path) -> Path:
    return base / "course.toml"
