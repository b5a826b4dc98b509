"""Static, Label and OptionList that show text exactly as written, never as markup.

What they show comes from protocol files an organisation edits and from what students type;
either may hold "[" or "[/]", which Textual would otherwise read as markup and, at worst,
stop the app on (a MarkupError). The app itself never uses markup in its strings: styling
is done with Rich Text and CSS.
"""

from __future__ import annotations

from typing import Any

from textual import widgets


class Static(widgets.Static):
    def __init__(self, *args: Any, markup: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, markup=markup, **kwargs)


class Label(widgets.Label):
    def __init__(self, *args: Any, markup: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, markup=markup, **kwargs)


class OptionList(widgets.OptionList):
    def __init__(self, *args: Any, markup: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, markup=markup, **kwargs)
