"""The title line: the step and the client code whole, who leads and whether the session is
saved at its right end, the rest giving way as the line narrows."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.pilot import Pilot

from hyvinvointi_tui.ui.widgets.title_line import TitleLine, TitlePart

from ..helpers import screen_text

PARTS = [
    TitlePart(text="Step 3 of 8 · Stress level", style="bold"),
    TitlePart(text="Wellbeing conversation · K-17", style="dim", short="K-17", give_way=1),
    TitlePart(text="DEMO — fictional client", style="italic", short="DEMO", give_way=2),
]


class TitleApp(App[None]):
    def compose(self) -> ComposeResult:
        yield TitleLine(PARTS, id="title")


def first_line(app: App[None]) -> str:
    return screen_text(app).splitlines()[0]


async def shown(pilot: Pilot[None], lead: str, status: str, *, failed: bool) -> str:
    """The title line's text once it shows `lead` and `status`."""
    title = pilot.app.query_one(TitleLine)
    title.show_lead(lead)
    title.show_status(status, failed=failed)
    await pilot.pause()
    return first_line(pilot.app)


async def test_the_lead_and_the_save_status_stand_whole_at_the_right_end() -> None:
    app = TitleApp()
    async with app.run_test(size=(120, 5)) as pilot:
        line = await shown(pilot, "lead: Aino", "saved 10:42:07", failed=False)
        assert line.startswith(" Step 3 of 8 · Stress level   Wellbeing conversation · K-17")
        assert line.endswith(" lead: Aino  saved 10:42:07 ") and len(line) == 120
        # Narrower: the protocol's title and the demo's mark give way, the step, the client
        # code, the lead and the status stay whole.
        await pilot.resize_terminal(70, 5)
        await pilot.pause()
        line = first_line(app)
        assert line == " Step 3 of 8 · Stress level   K-17   DEMO  lead: Aino  saved 10:42:07 "


async def test_a_failed_save_shows_in_bold_on_the_error_colour() -> None:
    app = TitleApp()
    async with app.run_test(size=(60, 5)) as pilot:
        line = await shown(pilot, "", "could not be saved (input/output error)", failed=True)
        title = app.query_one(TitleLine)
        # The step and the client code whole; the failure's end cut, visibly.
        assert line.startswith(" Step 3 of 8 · Stress level   K-17   DEMO  could not be sav")
        assert line.endswith("…") and len(line) == 60
        error = title.get_component_rich_style("title-line--failed")
        assert error.bgcolor is not None and error.bold  # the error colour, in bold
        assert error in [span.style for span in title.render().spans]
        title.show_status("saved 10:42:09", failed=False)
        await pilot.pause()
        assert error not in [span.style for span in title.render().spans]
        muted = title.get_component_rich_style("title-line--status")
        assert muted in [span.style for span in title.render().spans]
        assert muted.color != title.get_component_rich_style("title-line--failed").color
        assert first_line(app).endswith(" saved 10:42:09 ")


async def test_with_no_room_the_lead_and_a_long_failure_give_way_not_the_step_or_the_code() -> None:
    app = TitleApp()
    async with app.run_test(size=(64, 5)) as pilot:
        line = await shown(
            pilot, "lead: Aino", "NOT SAVED: not a directory — trying again", failed=True
        )
        assert line.startswith(" Step 3 of 8 · Stress level   K-17   DEMO ")
        assert "lead: Aino  NOT SAVE" in line and line.endswith("…") and len(line) == 64
