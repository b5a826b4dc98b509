"""The time circle as it is drawn on paper: a 24-hour circle cut into one sector per
category, for the printed pages (the client's page, the debrief report). Inline SVG with
its legend in words: no script, nothing fetched, and each category has its own pattern
besides its colour, so the page reads printed in black and white too.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from ...i18n import t
from ..dates import format_hours
from ..model.protocol import Protocol
from ..model.state import SessionState
from ..model.steps import TIME_CATEGORIES, Category, TimeCircleStep
from ..page import html_text
from ..record import Record, record
from .time_circle import DAY_HOURS, hours_status

# Each category's fill and its pattern over the fill (what tells them apart in black and
# white): slanted lines, dots, plain.
FILL: dict[Category, str] = {"productive": "#b9d3ee", "leisure": "#fbd7a4", "self_care": "#d3ecd0"}
_PATTERN: dict[Category, str] = {
    "productive": '<path d="M0,6 L6,0 M-1,1 L1,-1 M5,7 L7,5" stroke="#000" stroke-width="1"/>',
    "leisure": '<circle cx="3" cy="3" r="1.1" fill="#000"/>',
    "self_care": "",
}
# Sizes in em of the body type: the drawing grows and shrinks with the page's type, its
# texts always in the body's size.
RADIUS_EM = 2.7
_CAPTION_EM = 1.4  # the caption above each circle
_CELL_EM = 2 * RADIUS_EM + 1.2  # one circle with the gap beside it, at least
_CAPTION_CHAR_EM = 0.62  # a bold character of a caption, at most (measured 0.55-0.6)
_MIN_WIDTH_EM = 17.0  # the legend's words need this much
_LEGEND_LINE_EM = 1.35
_LABEL_HOURS = 3.0  # a sector this large (45°) holds its hours as a label


@record
class Arc(Record):
    """One category's sector: its SVG path and the point where its label goes."""

    category: Category
    hours: float
    path: str
    label_at: tuple[float, float]


def _num(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _point(cx: float, cy: float, r: float, hours: float) -> tuple[float, float]:
    """The point `hours` round the circle, clockwise from the top (midnight at 12 o'clock)."""
    angle = 2 * math.pi * hours / DAY_HOURS - math.pi / 2
    return cx + r * math.cos(angle), cy + r * math.sin(angle)


def arcs(
    hours: Mapping[Category, float],
    categories: Sequence[Category],
    *,
    cx: float,
    cy: float,
    r: float,
) -> list[Arc]:
    """The day's sectors clockwise from the top, category by category in `categories`'
    order. 24 hours in all make the whole circle; a category of 0 h draws nothing; one
    category of 24 h is a whole disc; hours past 24 are not drawn (a day holds 24)."""
    drawn: list[Arc] = []
    start = 0.0
    for category in categories:
        size = min(max(hours.get(category, 0.0), 0.0), DAY_HOURS - start)
        if size <= 0:
            continue
        middle = _point(cx, cy, r * 0.56, start + size / 2)
        if size >= DAY_HOURS:
            # An arc that ends where it starts draws nothing: the disc is two half circles.
            top, bottom = f"{_num(cx)},{_num(cy - r)}", f"{_num(cx)},{_num(cy + r)}"
            turn = f"A{_num(r)},{_num(r)} 0 1 1"
            path = f"M{top} {turn} {bottom} {turn} {top} Z"
            middle = (cx, cy)
        else:
            x0, y0 = _point(cx, cy, r, start)
            x1, y1 = _point(cx, cy, r, start + size)
            large = 1 if size > DAY_HOURS / 2 else 0
            path = (
                f"M{_num(cx)},{_num(cy)} L{_num(x0)},{_num(y0)} "
                f"A{_num(r)},{_num(r)} 0 {large} 1 {_num(x1)},{_num(y1)} Z"
            )
        drawn.append(Arc(category=category, hours=size, path=path, label_at=middle))
        start += size
    return drawn


def whole(hours: Mapping[str, float]) -> bool:
    """Whether a day is given and adds up to 24 hours: only whole days are drawn."""
    total = sum(hours.get(category, 0.0) for category in TIME_CATEGORIES)
    return bool(hours) and hours_status(total).kind == "ok"


@record
class DayCircles(Record):
    """The days of a time circle side by side (before or last time where recorded, now,
    ideal), each a 24-hour circle under its caption, with the categories' words beneath:
    a figure beside a section's lines on the printed page (`core/page.py`)."""

    days: tuple[tuple[str, Mapping[Category, float]], ...]  # (caption, hours of a whole day)
    words: tuple[tuple[Category, str], ...]  # the legend: each category in words
    lang: str

    @property
    def cell_em(self) -> float:
        """The width of one circle's place: the circle, or its caption if that is wider."""
        longest = max((len(caption) for caption, _ in self.days), default=0)
        return max(_CELL_EM, longest * _CAPTION_CHAR_EM + 0.6)

    @property
    def width_em(self) -> float:
        return max(len(self.days) * self.cell_em, _MIN_WIDTH_EM)

    @property
    def height_em(self) -> float:
        # The captions, the circles, and a legend line a category, two for a long word.
        chars_a_line = (self.width_em - 1.6) * 1.8
        legend = sum(1 + len(word) // int(chars_a_line) for _, word in self.words)
        return _CAPTION_EM + 2 * RADIUS_EM + 0.6 + legend * _LEGEND_LINE_EM

    def html(self, font_pt: float, key: str) -> str:
        """The figure as HTML with its SVG, drawn for type of `font_pt`; `key` keeps its
        pattern names apart from another figure's on the same page."""
        em = font_pt * 4 / 3  # CSS pixels: the SVG is drawn unscaled, its type at body size
        width = self.width_em * em
        height = (_CAPTION_EM + 2 * RADIUS_EM + 0.4) * em
        e = html_text
        parts = [
            f'<svg class="day-circles" xmlns="http://www.w3.org/2000/svg" width="{_num(width)}" '
            f'height="{_num(height)}" viewBox="0 0 {_num(width)} {_num(height)}" role="img">',
            "<defs>",
            *(
                f'<pattern id="{e(key)}-{c}" patternUnits="userSpaceOnUse" width="6" '
                f'height="6"><rect width="6" height="6" fill="{FILL[c]}"/>{_PATTERN[c]}</pattern>'
                for c in FILL
            ),
            "</defs>",
        ]
        # The circles in the middle of the figure's width (the legend may be wider).
        left = (self.width_em - len(self.days) * self.cell_em) / 2
        for index, (caption, hours) in enumerate(self.days):
            cx = (left + (index + 0.5) * self.cell_em) * em
            parts.append(self._circle(caption, hours, key, em, cx))
        parts.append("</svg>")
        legend = "".join(
            f'<li><svg class="swatch" xmlns="http://www.w3.org/2000/svg" width="{_num(em)}" '
            f'height="{_num(em)}" viewBox="0 0 {_num(em)} {_num(em)}" aria-hidden="true">'
            f'<rect x="0.5" y="0.5" width="{_num(em - 1)}" height="{_num(em - 1)}" '
            f'fill="url(#{e(key)}-{category})" stroke="#000"/></svg> {e(word)}</li>'
            for category, word in self.words
        )
        return (
            f'<figure class="beside" style="width: {_num(self.width_em)}em">'
            + "".join(parts)
            + f'<ul class="legend">{legend}</ul></figure>'
        )

    def _circle(
        self, caption: str, hours: Mapping[Category, float], key: str, em: float, cx: float
    ) -> str:
        """One day: its caption, its sectors (each with its hours where there is room), the
        rim, and a title that says it in words for a reader that does not see it."""
        e = html_text
        r = RADIUS_EM * em
        cy = (_CAPTION_EM + RADIUS_EM) * em
        said = ", ".join(
            f"{word} {format_hours(hours.get(category, 0.0), self.lang)}"
            for category, word in self.words
        )
        out = [
            f"<g><title>{e(caption)}: {e(said)}</title>",
            f'<text x="{_num(cx)}" y="{_num(em)}" text-anchor="middle" '
            f'font-weight="bold">{e(caption)}</text>',
        ]
        drawn = arcs(hours, [category for category, _ in self.words], cx=cx, cy=cy, r=r)
        for arc in drawn:
            out.append(f'<path d="{arc.path}" fill="url(#{e(key)}-{arc.category})" stroke="#000"/>')
        out.append(
            f'<circle cx="{_num(cx)}" cy="{_num(cy)}" r="{_num(r)}" fill="none" stroke="#000" '
            'stroke-width="1.5"/>'
        )
        for arc in drawn:
            if arc.hours >= _LABEL_HOURS:
                x, y = arc.label_at
                out.append(
                    f'<text x="{_num(x)}" y="{_num(y + em * 0.35)}" text-anchor="middle" '
                    'stroke="#fff" stroke-width="3" paint-order="stroke">'
                    f"{e(format_hours(arc.hours, self.lang))}</text>"
                )
        out.append("</g>")
        return "".join(out)


def day_circles(
    protocol: Protocol,
    state: SessionState,
    lang: str,
    *,
    words: str = "time_circle.{category}_short",
) -> DayCircles | None:
    """The session's whole days as circles: last time's day in a follow-up, then each
    variant the time circle recorded (before the change, now, ideal); None when no day adds
    up to 24 hours. `words` is the i18n key of a category's word in the legend."""
    days: list[tuple[str, Mapping[Category, float]]] = []
    previous = state.previous
    if previous is not None and whole(then := previous.hours.get("now", {})):
        days.append((t(lang, "time_circle.last_time"), _categories(then)))
    for step in protocol.steps:
        if isinstance(step, TimeCircleStep):
            # In time's order: before the change, now, then the ideal.
            for variant in sorted(step.variants, key=lambda variant: variant != "before"):
                if whole(hours := state.category_hours(step.id, variant)):
                    days.append((t(lang, f"time_circle.variant_{variant}"), _categories(hours)))
    if not days:
        return None
    legend = tuple((c, t(lang, words.format(category=c))) for c in TIME_CATEGORIES)
    return DayCircles(days=tuple(days), words=legend, lang=lang)


def _categories(hours: Mapping[str, float]) -> dict[Category, float]:
    return {c: hours.get(c, 0.0) for c in TIME_CATEGORIES}
