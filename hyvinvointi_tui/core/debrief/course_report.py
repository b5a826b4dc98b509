"""A course's figures drawn: one printable HTML page of charts, from the same rows as the CSV.

Only numbers and fixed words reach it: the rows' figures, the protocols' own words (step
titles, OSA items; `stats.Legend`) and the program's (i18n). No free text, no client code.

The charts are drawn by leather (wireservice/leather): plain SVG with no script, no link and
no font to fetch. pygal was tried first and left: it writes a <script> of its configuration
into every chart whatever its options say. Each chart is an inline <svg> with a viewBox, so
it scales to the printed column, and the numbers it draws stand under it in words.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import leather

from ...i18n import t
from ..dates import format_hours, format_number
from ..model.client_events import FEEDBACK_QUESTIONS, FEEDBACK_SCALE
from ..model.steps import OSA_PARTS, TIME_CATEGORIES
from ..record import Record, record
from .stats import Legend

WIDTH, HEIGHT = 520, 230  # each chart's own units; it is drawn as wide as its column
TOP_ITEMS = 6  # OSA items shown for each part
FONT = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif"
# Paired bars (now / ideal, mean / plan) differ in lightness, not hue alone: a dark and a
# light bar stay apart printed in black and white.
NOW, IDEAL, MEAN, PLAN = "#1f4e79", "#9ecae1", "#4a7f3f", "#333333"


def _number(value: object) -> float | None:
    """A figure of a row ("" where the session has none)."""
    return None if value == "" else float(str(value))


@dataclass
class Mean:
    """A mean taken a figure at a time, in memory that does not grow: the figures have one
    decimal at most (hours, minutes, answers), so their sum is kept exact, in tenths."""

    tenths: int = 0
    count: int = 0

    def add(self, value: float) -> None:
        self.tenths += round(value * 10)
        self.count += 1

    def value(self) -> float:
        return round(self.tenths / self.count / 10, 1) if self.count else 0.0


@dataclass
class CourseTally:
    """The charts' figures, taken a row at a time (the rows of closed sessions only: an
    unfinished one has not said its last word)."""

    legends: dict[str, Legend] = field(default_factory=dict)
    closed: int = 0
    stress: Counter[int] = field(default_factory=Counter)
    hours: dict[tuple[str, str], Mean] = field(default_factory=lambda: defaultdict(Mean))
    osa: dict[str, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))
    osa_sessions: int = 0
    feedback: dict[str, Mean] = field(default_factory=lambda: defaultdict(Mean))
    minutes: dict[str, dict[str, Mean]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(Mean))
    )
    change: Counter[str] = field(default_factory=Counter)  # follow-ups' stress: lower, same, higher

    def add(self, row: dict[str, object], legend: Legend | None = None) -> None:
        protocol = str(row["protocol"])
        if legend is not None:
            self.legends.setdefault(protocol, legend)
        if row.get("status") != "closed":
            return
        self.closed += 1
        stress = _number(row.get("stress", ""))
        if stress is not None:
            self.stress[int(stress)] += 1
        for variant in ("now", "ideal"):
            for category in TIME_CATEGORIES:
                hours = _number(row.get(f"{variant}_{category}_h", ""))
                if hours is not None:
                    self.hours[variant, category].add(hours)
        chosen = {part: str(row.get(f"osa_priority_{part}", "")).split() for part in OSA_PARTS}
        if any(chosen.values()):
            self.osa_sessions += 1
        for part, numbers in chosen.items():
            self.osa[part].update(int(number) for number in numbers)
        for question in FEEDBACK_QUESTIONS:
            answer = _number(row.get(f"feedback_{question}", ""))
            if answer is not None:
                self.feedback[question].add(answer)
        for key, value in row.items():
            spent = _number(value) if key.startswith("min_") and key != "min_total" else None
            if spent is not None:
                self.minutes[protocol][key.removeprefix("min_")].add(spent)
        before = _number(row.get("stress_previous", ""))
        if before is not None and stress is not None:
            self.change[
                "lower" if stress < before else "higher" if stress > before else "same"
            ] += 1


@record
class Chart(Record):
    """One chart: its heading, its drawing and the numbers it draws, in words."""

    heading: str
    svg: str
    figures: str


def _svg(chart: leather.Chart, label: str) -> str:
    """The chart as an inline <svg> that scales to its box (no namespace: HTML's parser
    gives it one)."""
    for name in ("title", "legend", "axis_title", "tick"):
        setattr(leather.theme, f"{name}_font_family", FONT)
        setattr(leather.theme, f"{name}_font_size", 13)
        setattr(leather.theme, f"{name}_font_char_width", 7.5)
    leather.theme.background_color = "#ffffff"
    leather.theme.label_color = "#222222"  # the ticks' words: printed, not faint
    root = ET.Element(
        "svg", {"viewBox": f"0 0 {WIDTH} {HEIGHT}", "role": "img", "aria-label": label}
    )
    root.append(chart.to_svg_group(WIDTH, HEIGHT))
    return ET.tostring(root, encoding="unicode")


def _columns(pairs: Sequence[tuple[str, float]], label: str, color: str) -> str:
    chart = leather.Chart()
    chart.set_x_scale(leather.Ordinal([name for name, _ in pairs]))
    chart.set_y_scale(leather.Linear(0, max(1.0, *(value for _, value in pairs))))
    chart.add_columns([(name, value) for name, value in pairs], fill_color=color)
    return _svg(chart, label)


def _bars_against(
    rows: Sequence[tuple[str, float, float]], names: tuple[str, str], label: str, top: float
) -> str:
    """Two bars a row, one under the other: the first figure (now, the mean) and the second
    (the ideal, the plan), told apart by colour and the legend. The second bar's tick is a
    blank of its own width (leather's scales want a name for every bar)."""
    chart = leather.Chart()
    domain: list[str] = []
    for number, (name, _, _) in enumerate(rows, 1):
        domain += [name, " " * number]
    chart.set_y_scale(leather.Ordinal(domain[::-1]))  # leather draws the first at the bottom
    chart.set_x_scale(leather.Linear(0, top))
    first = [(value, name) for name, value, _ in rows]
    second = [(mark, " " * number) for number, (_, _, mark) in enumerate(rows, 1)]
    chart.add_bars(first, name=names[0], fill_color=NOW)
    chart.add_bars(second, name=names[1], fill_color=IDEAL)
    return _svg(chart, label)


def _short(text: str, limit: int = 28) -> str:
    """A label that fits beside a bar (leather does not wrap)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def charts(tally: CourseTally, lang: str) -> list[Chart]:
    """The course's charts, in the order the conversation meets them."""
    return [
        _stress(tally, lang),
        _day(tally, lang),
        *(_osa(tally, part, lang) for part in OSA_PARTS),
        _feedback(tally, lang),
        *_minutes(tally, lang),
        _change(tally, lang),
    ]


def _stress(tally: CourseTally, lang: str) -> Chart:
    levels = [(str(level), float(tally.stress.get(level, 0))) for level in range(1, 6)]
    heading = t(lang, "course_report.stress")
    figures = ", ".join(f"{name}: {value:g}" for name, value in levels)
    return Chart(heading=heading, svg=_columns(levels, heading, NOW), figures=figures)


def _day(tally: CourseTally, lang: str) -> Chart:
    day = [
        (
            t(lang, f"time_circle.{category}_short"),
            tally.hours["now", category].value(),
            tally.hours["ideal", category].value(),
        )
        for category in TIME_CATEGORIES
    ]
    heading = t(lang, "course_report.day")
    now, ideal = t(lang, "time_circle.variant_now"), t(lang, "time_circle.variant_ideal")
    figures = "; ".join(
        f"{name}: {now} {format_hours(a, lang)}, {ideal} {format_hours(b, lang)}"
        for name, a, b in day
    )
    svg = _bars_against([(_short(n), a, b) for n, a, b in day], (now, ideal), heading, 24)
    return Chart(heading=heading, svg=svg, figures=figures)


def _osa(tally: CourseTally, part: str, lang: str) -> Chart:
    words = {
        number: text for legend in tally.legends.values() for number, text in legend.osa.items()
    }
    chosen = tally.osa[part].most_common(TOP_ITEMS)
    heading = t(lang, f"course_report.osa_{part}", sessions=tally.osa_sessions)
    figures = ", ".join(f"{n} {words.get(n, '')}: {count}" for n, count in chosen) or "–"
    named = [(f"{n} {_short(words.get(n, ''), 24)}", float(count)) for n, count in chosen]
    chart = leather.Chart()
    chart.set_y_scale(leather.Ordinal([name for name, _ in named][::-1] or ["–"]))
    chart.set_x_scale(leather.Linear(0, max([1.0, *(value for _, value in named)])))
    chart.add_bars([(value, name) for name, value in named] or [(0, "–")], fill_color=MEAN)
    return Chart(heading=heading, svg=_svg(chart, heading), figures=figures)


def _feedback(tally: CourseTally, lang: str) -> Chart:
    answers = [
        (t(lang, f"feedback.{question}"), tally.feedback[question].value())
        for question in FEEDBACK_QUESTIONS
    ]
    heading = t(lang, "course_report.feedback", scale=FEEDBACK_SCALE)
    figures = "; ".join(f"{name}: {value:g}" for name, value in answers)
    chart = leather.Chart()
    chart.set_y_scale(leather.Ordinal([_short(name) for name, _ in answers][::-1]))
    chart.set_x_scale(leather.Linear(0, FEEDBACK_SCALE))
    chart.add_bars([(value, _short(name)) for name, value in answers], fill_color=MEAN)
    return Chart(heading=heading, svg=_svg(chart, heading), figures=figures)


def _minutes(tally: CourseTally, lang: str) -> list[Chart]:
    """Time per step against the plan: a chart for each protocol the sessions followed."""
    drawn = []
    for protocol, spent in sorted(tally.minutes.items()):
        legend = tally.legends.get(protocol)
        if legend is None:
            continue
        steps = [
            (title, spent.get(step_id, Mean()).value(), plan)
            for step_id, title, plan in legend.steps
        ]
        sessions = max((mean.count for mean in spent.values()), default=0)
        heading = t(lang, "course_report.minutes", protocol=protocol, sessions=sessions)
        names = (t(lang, "course_report.mean"), t(lang, "course_report.plan"))
        figures = "; ".join(
            f"{name}: {format_number(a, lang)} / {format_number(b, lang)} min"
            for name, a, b in steps
        )
        top = max([1.0, *(max(a, b) for _, a, b in steps)])
        svg = _bars_against([(_short(n), a, b) for n, a, b in steps], names, heading, top)
        drawn.append(Chart(heading=heading, svg=svg, figures=figures))
    return drawn


def _change(tally: CourseTally, lang: str) -> Chart:
    changes = [(t(lang, f"course_report.{way}"), float(tally.change[way])) for way in CHANGES]
    heading = t(lang, "course_report.change", sessions=sum(tally.change.values()))
    figures = ", ".join(f"{name}: {value:g}" for name, value in changes)
    return Chart(heading=heading, svg=_columns(changes, heading, NOW), figures=figures)


CHANGES = ("lower", "same", "higher")

CSS = """
@page { size: A4; margin: 12mm; }
body { font-family: DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif;
  font-size: 9pt; color: #111; margin: 0; }
h1 { font-size: 14pt; margin: 0 0 1mm; }
p.lead { margin: 0 0 3mm; color: #333; }
main { display: grid; grid-template-columns: 1fr 1fr; gap: 2mm 6mm; }
figure { margin: 0; break-inside: avoid; }
figcaption { font-weight: bold; margin-bottom: 1mm; }
figure svg { width: 100%; height: auto; display: block; }
p.figures { margin: 1mm 0 0; font-size: 7.5pt; color: #333; }
@media screen { body { margin: 12mm auto; max-width: 186mm; } }
"""


def to_html(tally: CourseTally, lang: str, *, course: str, date: str, sessions: int) -> str:
    """The page: the course's name, the date, how many sessions, and the charts."""
    e = html.escape
    title = t(lang, "course_report.title", course=course)
    lead = t(lang, "course_report.lead", date=date, sessions=sessions, closed=tally.closed)
    body = [f"<h1>{e(title)}</h1>", f'<p class="lead">{e(lead)}</p>', "<main>"]
    for chart in charts(tally, lang):
        body.append(
            f"<figure><figcaption>{e(chart.heading)}</figcaption>{chart.svg}"
            f'<p class="figures">{e(chart.figures)}</p></figure>'
        )
    body.append("</main>")
    return (
        f'<!DOCTYPE html>\n<html lang="{e(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{e(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )
