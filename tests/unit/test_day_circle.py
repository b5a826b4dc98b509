"""The time circle drawn as on paper: hours become sectors of a 24-hour circle, the days
of a session become circles with a legend in words, every text in them escaped."""

from __future__ import annotations

import itertools
import math
import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hyvinvointi_tui.core.debrief import debrief_report
from hyvinvointi_tui.core.debrief.replay import Replayer
from hyvinvointi_tui.core.instruments.day_circle import Arc, DayCircles, arcs, day_circles
from hyvinvointi_tui.core.model.protocol import Protocol
from hyvinvointi_tui.core.model.session import Session
from hyvinvointi_tui.core.model.session_events import SetupChanged
from hyvinvointi_tui.core.model.steps import TIME_CATEGORIES, Category, Variant
from hyvinvointi_tui.core.page import to_html, to_markdown
from hyvinvointi_tui.i18n import Lang

from ..conftest import FakeClock
from ..scripted import day

R, CX, CY = 50.0, 60.0, 70.0
NUMBER = r"(-?[\d.]+)"


def drawn(hours: dict[Category, float]) -> list[Arc]:
    return arcs(hours, TIME_CATEGORIES, cx=CX, cy=CY, r=R)


def ends(path: str) -> tuple[tuple[float, float], tuple[float, float]]:
    """Where a sector's rim starts and ends."""
    match = re.fullmatch(
        rf"M{NUMBER},{NUMBER} L{NUMBER},{NUMBER} A[\d.]+,[\d.]+ 0 [01] 1 {NUMBER},{NUMBER} Z",
        path,
    )
    assert match, path
    cx, cy, x0, y0, x1, y1 = map(float, match.groups())
    assert (cx, cy) == (CX, CY)  # every sector starts at the centre
    return (x0, y0), (x1, y1)


def close(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return math.dist(a, b) < 0.02


def test_8_8_8_is_three_sectors_that_close_the_circle_at_the_top() -> None:
    sectors = drawn({"productive": 8, "leisure": 8, "self_care": 8})
    assert [s.category for s in sectors] == list(TIME_CATEGORIES)
    rims = [ends(s.path) for s in sectors]
    top = (CX, CY - R)
    assert close(rims[0][0], top)  # the day starts at 12 o'clock
    # 8 hours is a third of the circle: clockwise to 4 o'clock.
    assert close(rims[0][1], (CX + R * math.cos(math.radians(30)), CY + R / 2))
    assert close(rims[0][1], rims[1][0]) and close(rims[1][1], rims[2][0])
    assert close(rims[2][1], top)  # and the last ends where the first began


def test_a_category_of_0_hours_draws_nothing() -> None:
    sectors = drawn({"productive": 0, "leisure": 10, "self_care": 14})
    assert [s.category for s in sectors] == ["leisure", "self_care"]
    assert [s.hours for s in sectors] == [10, 14]


def test_24_hours_of_one_category_is_a_whole_disc() -> None:
    (sector,) = drawn({"self_care": 24})
    # Two half circles (one arc from a point back to itself would draw nothing).
    assert sector.path == "M60,20 A50,50 0 1 1 60,120 A50,50 0 1 1 60,20 Z"
    assert sector.label_at == (CX, CY)


def test_more_than_half_the_day_takes_the_long_way_round() -> None:
    small, large = drawn({"productive": 11.5, "leisure": 12.5})
    assert " 0 0 1 " in small.path and " 0 1 1 " in large.path


def test_hours_past_24_are_not_drawn() -> None:
    sectors = drawn({"productive": 20, "leisure": 10, "self_care": 3})
    assert [(s.category, s.hours) for s in sectors] == [("productive", 20), ("leisure", 4)]


halves = st.integers(min_value=0, max_value=48)


@given(st.lists(halves, min_size=2, max_size=2).filter(lambda ab: sum(ab) <= 48))
def test_any_whole_day_is_drawn_whole_each_category_once(ab: list[int]) -> None:
    a, b = ab
    hours: dict[Category, float] = {
        "productive": a / 2,
        "leisure": b / 2,
        "self_care": (48 - a - b) / 2,
    }
    sectors = drawn(hours)
    given_hours = [c for c in TIME_CATEGORIES if hours[c]]
    assert [s.category for s in sectors] == given_hours
    assert sum(s.hours for s in sectors) == 24
    if len(sectors) == 1:
        assert sectors[0].path.count(" A") == 2  # the whole disc
        return
    rims = [ends(s.path) for s in sectors]
    for (_, end), (start, _) in itertools.pairwise(rims):
        assert close(end, start)
    assert close(rims[-1][1], rims[0][0])
    for sector in sectors:  # each label inside its own circle
        assert math.dist(sector.label_at, (CX, CY)) < R


HOSTILE = 'Now <script>alert("x")</script> & \x1b[31m'


def test_the_figure_escapes_every_text_and_is_well_formed_svg() -> None:
    figure = DayCircles(
        days=((HOSTILE, {"productive": 6, "leisure": 6, "self_care": 12}),),
        words=(("productive", "work & <b>study</b>"), ("leisure", "x"), ("self_care", "y")),
        lang="en",
    )
    markup = figure.html(12.0, 'k"1')
    root = ET.fromstring(markup)  # parses: nothing opened that is not closed
    assert root.tag == "figure"
    assert not [element for element in root.iter() if "script" in element.tag]
    assert "<script>" not in markup and "<b>" not in markup
    assert "\x1b" not in markup  # control characters shown, not sent
    texts = "".join(root.itertext())
    assert 'Now <script>alert("x")</script> &' in texts  # said as it was written
    assert "work & <b>study</b>" in texts
    # Nothing fetched, nothing run.
    assert "http" not in markup.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert not re.search(r"\son\w+=", markup)


def test_the_figure_names_each_category_in_words_and_marks_each_with_its_pattern() -> None:
    figure = DayCircles(
        days=(("Now", {"productive": 2, "leisure": 9, "self_care": 13}),),
        words=(("productive", "work"), ("leisure", "leisure"), ("self_care", "rest")),
        lang="fi",
    )
    root = ET.fromstring(figure.html(12.0, "f0"))
    ns = "{http://www.w3.org/2000/svg}"
    legend = [li for li in root.iter("li")]
    assert ["".join(li.itertext()).strip() for li in legend] == ["work", "leisure", "rest"]
    (circle,) = root.iter(f"{ns}g")
    fills = [path.get("fill") for path in circle.iter(f"{ns}path")]
    assert fills == ["url(#f0-productive)", "url(#f0-leisure)", "url(#f0-self_care)"]
    patterns = {p.get("id") for p in root.iter(f"{ns}pattern")}
    assert patterns == {"f0-productive", "f0-leisure", "f0-self_care"}
    # Hours where a sector has room for them, in the language's own way (no 2 h label).
    labels = [t.text for t in root.iter(f"{ns}text")]
    assert labels == ["Now", "9 h", "13 h"]
    (title,) = [t.text for t in root.iter(f"{ns}title")]
    assert title == "Now: work 2 h, leisure 9 h, rest 13 h"


def started(protocol: Protocol, lang: Lang = "en") -> Session:
    session = Session(protocol, clock=FakeClock())
    session.start(SetupChanged(client_code="K-1", lang=lang))
    return session


def test_only_whole_days_are_drawn_in_the_order_before_now_ideal(protocol: Protocol) -> None:
    session = started(protocol, "fi")
    assert day_circles(protocol, session.state, "fi") is None
    day(session, "ideal", (6, 6, 12))
    day(session, "now", (2, 9, 10))  # 21 hours: not a whole day
    day(session, "before", (8, 4, 12))
    figure = day_circles(protocol, session.state, "fi")
    assert figure is not None
    assert [caption for caption, _ in figure.days] == ["Ennen", "Ihanne"]
    assert [word for _, word in figure.words] == [
        "tuottava",
        "vapaa-aika",
        "itsestä ja toisista huolehtiminen",
    ]


@pytest.mark.parametrize("days", [1, 2, 3])
def test_a_wider_figure_leaves_the_lines_beside_it_room(days: int) -> None:
    hours: dict[Category, float] = {"productive": 8, "leisure": 8, "self_care": 8}
    figure = DayCircles(days=tuple(("Nyt", hours) for _ in range(days)), words=(), lang="fi")
    # Never wider than half the page (44 em at the body's size), nor narrower than its legend.
    assert 17 <= figure.width_em <= 22
    svg = ET.fromstring(figure.html(12.0, "k"))[0]
    assert float(svg.get("width", 0)) == pytest.approx(figure.width_em * 16)


def test_the_debrief_report_draws_the_days_beside_its_results(protocol: Protocol) -> None:
    session = started(protocol, "sv")
    days: list[tuple[Variant, tuple[float, float, float]]] = [
        ("now", (2, 9, 13)),
        ("before", (8, 4, 12)),
        ("ideal", (6, 6, 12)),
    ]
    for variant, hours in days:
        day(session, variant, hours)
    page = debrief_report.build(
        protocol,
        Replayer(protocol, session.events),
        created=session.created,
        client_code="K-1",
        lang="sv",
    )
    written = to_html(page)
    results = written[written.index("<h2>Resultat</h2>") :]
    assert '<section class="figured whole">\n<h2>Resultat</h2>' in written
    figure = results[: results.index("</figure>")]
    assert re.findall(r'font-weight="bold">([^<]*)<', figure) == ["Förut", "Nu", "Ideal"]
    assert "omsorg om sig och andra" in figure  # the legend in the students' words
    assert "<svg" not in to_markdown(page)
