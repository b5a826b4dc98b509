"""OSA: every item rated from the keyboard alone, the client's ranking, and what follows."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hyvinvointi_tui.core.instruments import osa
from hyvinvointi_tui.core.instruments.summary import suggestions
from hyvinvointi_tui.core.model.protocol import Protocol
from hyvinvointi_tui.core.model.steps import OsaStep
from hyvinvointi_tui.ui.app import HyvinvointiApp
from hyvinvointi_tui.ui.widgets.osa_grid import OsaGrid

from ..conftest import FakeClock
from ..helpers import pane_text, squash, step_of

SIZE = (120, 40)

# (competence, value) for items 1–29 (22–29: the environment): items 3 and 7 matter and go
# badly, 5 goes well.
ITEMS = 29
RATINGS = {n: (3, 2) for n in range(1, ITEMS + 1)} | {3: (1, 4), 7: (2, 3), 5: (4, 4), 12: (2, 2)}


@pytest.mark.slow
async def test_all_items_rated_ranked_and_reordered_with_the_keyboard(
    protocol: Protocol, clock: FakeClock
) -> None:
    app = HyvinvointiApp.demo(protocol, lang="en", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        app.go_to("osa")
        await pilot.pause()
        # The form's two parts counted apart, each with its own words.
        count = squash(pane_text(app, "#osa-count"))
        assert "myself: managing 0/21 · importance 0/21" in count
        assert "my environment: how well it works 0/8 · importance 0/8" in count
        for number in range(1, ITEMS + 1):
            competence, value = RATINGS[number]
            await pilot.press(str(competence), str(value))
        await pilot.pause()
        state = app.session.state
        assert {n: (r["competence"], r["value"]) for n, r in state.osa["osa"].items()} == RATINGS
        assert "myself: managing 21/21" in squash(pane_text(app, "#osa-count"))

        # The cursor is on the last item after rating; walk up to item 7, then item 3.
        for _ in range(ITEMS - 7):
            await pilot.press("up")
        await pilot.press("space")
        for _ in range(7 - 3):
            await pilot.press("up")
        await pilot.press("space")
        await pilot.pause()
        assert state.osa_priorities["osa"] == [7, 3]
        await pilot.press("shift+up")  # item 3 first
        await pilot.pause()
        assert app.session.state.osa_priorities["osa"] == [3, 7]
        # Space again takes an item out of the ranking.
        await pilot.press("down", "down", "space")
        await pilot.pause()
        assert app.session.state.osa_priorities["osa"] == [3, 7, 5]
        await pilot.press("space")
        await pilot.pause()
        assert app.session.state.osa_priorities["osa"] == [3, 7]

        # 29 items: the lists are below the grid, scrolled to.
        app.screen.query_one("#osa-gaps-environment").scroll_visible(animate=False, immediate=True)
        await pilot.pause()
        work = squash(pane_text(app, "#work"))
        labels = {item.number: item.label("en") for item in step_of(protocol, "osa", OsaStep).items}
        assert f"1. {labels[3]} (3)" in work
        assert f"2. {labels[7]} (7)" in work
        # The gaps list: high importance, low managing; item 12 (2/2) is not one.
        assert f"• {labels[3]} (3): how well 1, importance 4" in work
        assert f"• {labels[7]} (7): how well 2, importance 3" in work
        assert f"{labels[12]} (12):" not in work

        found = {s.key: s for s in suggestions(protocol, app.session.state, "en")}
        assert found["osa:osa:3"].column == "challenges"
        assert found["osa:osa:3"].source == "osa:3"
        assert found["osa_s:osa:5"].column == "strengths"
        assert "osa:osa:12" not in found
        # Ranked items come first, in the client's order.
        osa_keys = [key for key in found if key.startswith("osa:")]
        assert osa_keys == ["osa:osa:3", "osa:osa:7"]


ratings_strategy = st.dictionaries(
    st.integers(1, 21),
    st.fixed_dictionaries({"competence": st.integers(1, 4), "value": st.integers(1, 4)}),
)


@given(ratings_strategy)
def test_gaps_are_exactly_the_high_value_low_competence_items(
    ratings: dict[int, dict[str, int]],
) -> None:
    found = osa.gaps(range(1, 22), ratings)
    expected = {n for n, r in ratings.items() if r["value"] >= 3 and r["competence"] <= 2}
    assert set(found) == expected
    widths = [ratings[n]["value"] - ratings[n]["competence"] for n in found]
    assert widths == sorted(widths, reverse=True)


@given(st.lists(st.integers(1, 21), unique=True), st.integers(1, 21), st.integers(-30, 30))
def test_moving_keeps_the_same_items(priorities: list[int], item: int, by: int) -> None:
    moved = osa.moved(priorities, item, by)
    assert sorted(moved) == sorted(priorities)
    toggled = osa.toggled(priorities, item)
    assert (item in toggled) != (item in priorities)


async def test_the_grid_heads_each_part_with_its_own_words_and_the_cursor_passes_over(
    protocol: Protocol, clock: FakeClock
) -> None:
    app = HyvinvointiApp.demo(protocol, lang="fi", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        app.go_to("osa")
        await pilot.pause()
        grid = app.screen.query_one(OsaGrid)
        rows = [[str(cell) for cell in grid.get_row_at(n)] for n in range(grid.row_count)]
        assert rows[0][1:4] == ["Minä itse", "", ""]  # the grid's header names these
        heading = next(n for n, row in enumerate(rows) if row[1] == "Ympäristöni")
        assert rows[heading][2:4] == ["Toimivuus", "Tärkeys"]
        assert rows[heading + 1][0] == "22" and rows[heading - 1][0] == "21"
        # Item 21 rated, the cursor goes on to item 22, past the heading.
        for _ in range(20):
            await pilot.press("down")
        await pilot.press("2", "3")
        await pilot.press("1", "4")
        await pilot.press("up", "up")  # from item 23, back over the heading to item 21
        await pilot.press("space")
        await pilot.pause()
        state = app.session.state
        assert state.osa["osa"][21] == {"competence": 2, "value": 3}
        assert state.osa["osa"][22] == {"competence": 1, "value": 4}
        assert state.osa_priorities["osa"] == [21]
        app.screen.query_one("#osa-gaps-environment").scroll_visible(animate=False, immediate=True)
        await pilot.pause()
        work = squash(pane_text(app, "#work"))
        assert "Ympäristöni: tärkeää mutta ei nyt toimi" in work
        assert "Koti ja asuinpaikka (22): toimivuus 1, tärkeys 4" in work
