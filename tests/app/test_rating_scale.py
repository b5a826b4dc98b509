"""The rating scale's levels side by side where they fit, one a line where they do not, and
chosen by a digit or a click either way."""

from __future__ import annotations

from textual.app import App, ComposeResult

from hyvinvointi_tui.ui.widgets.rating_scale import RatingScale

from ..helpers import screen_text

LABELS = ["low", "fairly low", "moderate", "high", "very high"]


class ScaleApp(App[None]):
    CSS = "RatingScale { width: 40; }"

    def __init__(self) -> None:
        super().__init__()
        self.rated: list[int] = []

    def compose(self) -> ComposeResult:
        yield RatingScale(LABELS, 3, id="scale")

    def on_rating_scale_rated(self, event: RatingScale.Rated) -> None:
        self.rated.append(event.value)
        self.query_one(RatingScale).set_value(event.value)


async def test_levels_that_do_not_fit_side_by_side_stand_one_a_line_and_a_click_chooses() -> None:
    app = ScaleApp()
    async with app.run_test(size=(80, 20)) as pilot:
        scale = app.query_one(RatingScale)
        # 59 cells side by side, 36 inside the border and padding: one level a line, all shown.
        assert scale.region.height == len(LABELS) + 2
        lines = screen_text(app).splitlines()
        for number, label in enumerate(LABELS, 1):
            assert any(
                f" {number} {label} " in line or f"[{number} {label}]" in line for line in lines
            )
        await pilot.click("#scale", offset=(3, 4))  # the fourth line inside the border
        await pilot.pause()
        assert app.rated == [4]
        assert "[4 high]" in screen_text(app)


async def test_levels_that_fit_stand_on_one_line_and_stack_when_the_scale_narrows() -> None:
    app = ScaleApp()
    async with app.run_test(size=(80, 20)) as pilot:
        scale = app.query_one(RatingScale)
        scale.styles.width = 70
        await pilot.pause()
        assert scale.region.height == 3
        assert " 1 low   2 fairly low  [3 moderate]  4 high   5 very high " in screen_text(app)
        await pilot.press("tab", "5")
        await pilot.pause()
        assert app.rated == [5]
        scale.styles.width = 30
        await pilot.pause()
        await pilot.pause()
        assert scale.region.height == len(LABELS) + 2
