"""The program's own words (buttons, labels, messages) in Finnish, English and Swedish.

The session script's texts come from the protocol file; these are the words around them.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Literal

# The TOML parser the untrusted files are read with (core/untrusted.py): a language's 45 KB
# of strings in 1.0 ms (tomli 4.0, tomllib 6.6), before the first screen.
import rtoml

Lang = Literal["fi", "en", "sv"]
LANGUAGES: tuple[Lang, ...] = ("fi", "en", "sv")
LANGUAGE_NAMES = {"fi": "suomi", "en": "English", "sv": "svenska"}


def system_language(environ: dict[str, str] | None = None) -> str:
    """The language of the user's system (LC_ALL, then LC_MESSAGES, then LANG, as POSIX
    reads them) when it is one of ours; Finnish otherwise (the course's language)."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            code = value.split(".")[0].split("_")[0].split("-")[0].lower()
            return code if code in LANGUAGES else "fi"
    return "fi"


@cache
def strings(lang: str) -> dict[str, str]:
    """All strings of one language, as flat "section.key" names."""
    if lang not in LANGUAGES:
        raise KeyError(f"unknown language {lang!r}")
    data = rtoml.loads((Path(__file__).parent / f"{lang}.toml").read_text(encoding="utf-8"))
    return {
        f"{section}.{key}": value
        for section, entries in data.items()
        for key, value in entries.items()
    }


def t(lang: str, key: str, **values: object) -> str:
    """The string `key` in `lang`, with {placeholders} filled in."""
    text = strings(lang)[key]
    return text.format(**values) if values else text
