"""Static, Label and OptionList that show text exactly as written, never as markup; and a
title with its text as one Static.

What they show comes from protocol files an organisation edits and from what students type;
either may hold "[" or "[/]", which Textual would otherwise read as markup and, at worst,
stop the app on (a MarkupError). The app itself never uses markup in its strings: styling
is done with Rich Text and CSS.
"""

from __future__ import annotations

from typing import Any

from textual import widgets
from textual.content import Content


class Static(widgets.Static):
    def __init__(self, *args: Any, markup: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, markup=markup, **kwargs)


class Label(widgets.Label):
    def __init__(self, *args: Any, markup: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, markup=markup, **kwargs)


class OptionList(widgets.OptionList):
    def __init__(self, *args: Any, markup: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, markup=markup, **kwargs)


def titled_text(title: str, text: str, kind: str) -> Static:
    """A title and its text as one widget (class `titled` and `kind`), drawn as a title of
    class `section-title` above a text of class `kind` would be: the guide's sections and
    the consent's explanation, on every step or on the first screen, where each widget is
    time at start-up and at each step change."""
    return Static(Content.assemble((title, "bold $accent"), "\n", text), classes=f"titled {kind}")
