"""Every key where it was typed (issue 30): keys that arrive together — as they do whenever
the laptop is busy for a moment — are handled exactly as if typed slowly.

The first test shows what plain Textual does (docs/KEY_ORDER.md): it forwards each key to
the focused widget's queue and reads the next before that widget has handled the one
before, so the keys after a Tab land in the field Tab was leaving. The app's KeyOrder
(`ui/key_order.py`) mends it for every screen, dialog and widget."""

from __future__ import annotations

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.widgets import Input

from hyvinvointi_tui.ui.paste_safe_app import PasteSafeApp

from ..helpers import wait_until

BURST = ["a", "b", "c", "tab", "d", "e", "f", "enter", "g", "h", "i"]


class TwoFields(App[None]):
    """The smallest app that shows it: two inputs; Enter in the second moves to the first."""

    def compose(self) -> ComposeResult:
        yield Input(id="one", select_on_focus=False)
        yield Input(id="two", select_on_focus=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#one").focus()


class TwoFieldsInOrder(PasteSafeApp[None], TwoFields):
    """The same app with the keys let in one at a time."""


def burst(app: App[None], keys: list[str]) -> None:
    """Keys as a busy terminal hands them over: all at once, before any is handled."""
    for key in keys:
        character = key if len(key) == 1 else {"tab": "\t", "enter": "\r"}.get(key)
        app.post_message(events.Key(key, character))


async def settle(pilot) -> None:
    for _ in range(20):
        await pilot.pause()


async def fields_after(app_class: type[App[None]], keys: list[str], *, slowly: bool) -> tuple:
    app = app_class()
    async with app.run_test() as pilot:
        if slowly:
            await pilot.press(*keys)
        else:
            burst(app, keys)
        await settle(pilot)
        return app.query_one("#one", Input).value, app.query_one("#two", Input).value


async def test_plain_textual_puts_keys_typed_after_tab_in_the_field_being_left():
    """The upstream behaviour: typed slowly, 'abc' Tab 'def' Enter 'ghi' fills both fields;
    in a burst, everything lands in the first. If Textual ever changes this, this test says
    so (and KeyOrder may no longer be needed)."""
    assert await fields_after(TwoFields, BURST, slowly=True) == ("abcghi", "def")
    one, two = await fields_after(TwoFields, BURST, slowly=False)
    assert (one, two) != ("abcghi", "def")
    assert "d" in one


@pytest.mark.parametrize("slowly", [True, False])
async def test_keys_in_a_burst_go_where_they_go_typed_slowly(slowly):
    assert await fields_after(TwoFieldsInOrder, BURST, slowly=slowly) == ("abcghi", "def")


async def test_a_paste_keeps_its_place_among_the_keys():
    app = TwoFieldsInOrder()
    async with app.run_test() as pilot:
        burst(app, ["a", "tab"])
        app.post_message(events.Paste("pasted"))
        burst(app, ["enter", "z"])
        await settle(pilot)
        assert app.query_one("#one", Input).value == "az"
        assert app.query_one("#two", Input).value == "pasted"


async def test_a_long_burst_is_handled_whole_and_in_order():
    words = [f"w{n}" for n in range(40)]
    keys = [key for word in words for key in [*word, "tab"]]
    app = TwoFieldsInOrder()
    async with app.run_test() as pilot:
        burst(app, keys)
        await wait_until(pilot, lambda: app.key_order.holding == 0)
        await settle(pilot)
        one = "".join(words[0::2])
        two = "".join(words[1::2])
        assert app.query_one("#one", Input).value == one
        assert app.query_one("#two", Input).value == two
