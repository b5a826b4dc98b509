"""The command palette (ctrl+p): the app's own commands in the session's language."""

from __future__ import annotations

from hyvinvointi_tui.core.model.protocol import Protocol
from hyvinvointi_tui.ui.app import HyvinvointiApp

from ..conftest import FakeClock
from ..helpers import screen_text, wait_until


async def test_ctrl_p_finds_a_step_in_the_session_language_and_goes_there(
    protocol: Protocol, clock: FakeClock
) -> None:
    app = HyvinvointiApp.demo(protocol, lang="sv", clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*"Klienten", "ctrl+p")
        await wait_until(pilot, lambda: "Sök ett kommando" in screen_text(app))
        await pilot.press(*"osa")
        await wait_until(pilot, lambda: "Gå till: OSA-självskattning" in screen_text(app))
        assert "Go to" not in screen_text(app)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.session.state.step == "osa")
        # What was typed before the palette opened is in the notes it was typed into.
        assert app.session.state.text("orientation.notes") == "Klienten"


async def test_the_palette_pauses_and_saves_like_the_keys(
    protocol: Protocol, clock: FakeClock
) -> None:
    app = HyvinvointiApp.demo(protocol, lang="en", clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p", *"pause")
        await wait_until(pilot, lambda: "Pause or resume the clock" in screen_text(app))
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.session.paused)


async def test_the_palette_reaches_the_preparation_the_reflection_and_the_lead(
    protocol: Protocol, clock: FakeClock
) -> None:
    from hyvinvointi_tui.ui.screens.writing import PreparationScreen

    app = HyvinvointiApp.demo(protocol, lang="fi", clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p", *"vetäjää")
        await wait_until(pilot, lambda: "Vaihda tämän vaiheen vetäjää" in screen_text(app))
        await pilot.press("enter")
        await wait_until(pilot, lambda: "orientation" in app.session.state.roles)
        await pilot.press("ctrl+p", *"valmistelu")
        await wait_until(pilot, lambda: "Siirry: Valmistelu" in screen_text(app))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, PreparationScreen))
