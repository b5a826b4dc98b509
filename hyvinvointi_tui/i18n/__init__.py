"""The program's own words (buttons, labels, messages) in Finnish, English and Swedish.

The session script's texts come from the protocol file; these are the words around them.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

LANGUAGES: tuple[str, ...] = ("fi", "en", "sv")
LANGUAGE_NAMES = {"fi": "suomi", "en": "English", "sv": "svenska"}


@cache
def strings(lang: str) -> dict[str, str]:
    """All strings of one language, as flat "section.key" names."""
    if lang not in LANGUAGES:
        raise KeyError(f"unknown language {lang!r}")
    with (Path(__file__).parent / f"{lang}.toml").open("rb") as handle:
        data = tomllib.load(handle)
    return {
        f"{section}.{key}": value
        for section, entries in data.items()
        for key, value in entries.items()
    }


def t(lang: str, key: str, **values: object) -> str:
    """The string `key` in `lang`, with {placeholders} filled in."""
    text = strings(lang)[key]
    return text.format(**values) if values else text
