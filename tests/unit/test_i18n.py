from __future__ import annotations

import pytest

from hyvinvointi_tui.i18n import LANGUAGES, Lang, strings, t


def test_every_language_has_every_string() -> None:
    english = set(strings("en"))
    for lang in LANGUAGES:
        assert set(strings(lang)) == english, lang


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_match_english(lang: Lang) -> None:
    import string

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    for key, text in strings("en").items():
        assert fields(strings(lang)[key]) == fields(text), key


def test_unknown_language_is_refused() -> None:
    with pytest.raises(KeyError):
        t("de", "start.new")


# One term per idea (the December 2026 wording review): the names the review turned down,
# per language, must not come back in the program's words or the shipped protocols.
REJECTED = {
    "fi": [
        r"(?i)asiakastunnu",
        r"(?i)salasana",
        r"(?i)käsikirjoitu",
        r"(?i)toimenpite",
        r"(?i)istunto",
        r"Yhteenveto(?!luv)",
        r"(?i)yhteenved",
        r"(?i)kooste",
        r"Merkintä purkua",
        r"Keskustelun valmistelu",
        r"\bjatka siitä",
        r"\bviekää\b",
    ],
    "sv": [
        r"\bManus\b|\bmanuset\b",
        r"(?i)markör(?!en)",
        r"(?i)genomgången|Genomgång(?!n|et)",
        r"(?i)sessionen|sessionsfil",
        r"(?i)egenvård",
        r"Stressbedömning",
        r"förändringsmål",
        r"(?i)omvårdnad",
        r"skaffar vi hjälp",
        r"\bta klienten till\b",
    ],
    "en": [r"(?i)\bscript\b", r"(?i)change targets?\b", r"(?i)self-care", r"Medical helpline"],
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_rejected_name_is_not_used(lang: Lang) -> None:
    import re
    import tomllib
    from pathlib import Path

    protocols = Path(__file__).parents[2] / "protocols"
    texts = list(strings(lang).values())

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == lang and isinstance(value, str):
                    texts.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in sorted(protocols.glob("*.toml")):
        walk(tomllib.loads(path.read_text(encoding="utf-8")))
    found = [
        (pattern, text[:80])
        for pattern in REJECTED[lang]
        for text in texts
        if re.search(pattern, text)
    ]
    assert found == []
