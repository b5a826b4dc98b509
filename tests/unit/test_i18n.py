from __future__ import annotations

import pytest

from hyvinvointi_tui.i18n import LANGUAGES, strings, t


def test_every_language_has_every_string():
    keys = {lang: set(strings(lang)) for lang in LANGUAGES}
    assert keys["fi"] == keys["en"] == keys["sv"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_match_english(lang):
    import string

    def fields(text):
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    for key, text in strings("en").items():
        assert fields(strings(lang)[key]) == fields(text), key


def test_unknown_language_is_refused():
    with pytest.raises(KeyError):
        t("de", "start.new")
