"""From Closing, one key writes the client's page where the student chooses and opens it
(issue 19, item 6)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hyvinvointi_tui.core.model.protocol import Protocol

from ..conftest import FakeClock


async def test_ctrl_f_at_closing_writes_the_page_where_chosen_and_opens_it(
    protocol: Protocol, clock: FakeClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import webbrowser

    from textual.widgets import Input

    from hyvinvointi_tui.ui.app import HyvinvointiApp
    from hyvinvointi_tui.ui.screens.client_page import ClientPageModal

    opened: list[str] = []

    def open_page(url: str) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr(webbrowser, "open", open_page)
    app = HyvinvointiApp.demo(protocol, lang="fi", clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        app.go_to("closing")
        await pilot.pause()
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert isinstance(app.screen, ClientPageModal)
        app.screen.query_one("#page-folder", Input).value = str(tmp_path / "sivut")
        await pilot.press("enter")
        await pilot.pause()
    (html,) = (tmp_path / "sivut").glob("*.html")
    assert html.name.startswith("hyvinvointikeskustelu-DEMO-01-")
    assert (tmp_path / "sivut" / html.with_suffix(".md").name).exists()
    assert "Hyvinvointikeskustelumme" in html.read_text(encoding="utf-8")
    assert opened == [html.as_uri()]
