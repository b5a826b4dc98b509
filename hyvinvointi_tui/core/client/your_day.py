"""The client's day on their page: what they would like more or less time for, said in
sentences, beside the day drawn as circles (now and ideal; last time's day in a follow-up
and the day before the change, where they were recorded)."""

from __future__ import annotations

from ...i18n import t
from ..dates import format_hours
from ..instruments.day_circle import day_circles, whole
from ..model.protocol import Protocol
from ..model.state import SessionState
from ..model.steps import TIME_CATEGORIES, TimeCircleStep
from ..page import Section


def section(protocol: Protocol, state: SessionState, lang: str) -> Section:
    """The time circle's section: sentences, and the whole days drawn beside them."""
    lines = []
    for step in protocol.steps:
        if not isinstance(step, TimeCircleStep):
            continue
        # Only whole days go to the client.
        now = state.category_hours(step.id, "now") if "now" in step.variants else {}
        ideal = state.category_hours(step.id, "ideal") if "ideal" in step.variants else {}
        now, ideal = (now if whole(now) else {}), (ideal if whole(ideal) else {})
        if now and ideal:
            lines += _wishes(now, ideal, lang)
        if now and not lines:
            day = ", ".join(
                f"{t(lang, f'takeaway.day_{c}')} {format_hours(now.get(c, 0.0), lang)}"
                for c in TIME_CATEGORIES
            )
            lines.append(t(lang, "takeaway.day_now", day=day))
    figure = day_circles(protocol, state, lang, words="takeaway.day_{category}")
    return Section(t(lang, "takeaway.time_circle"), lines, figure=figure)


def _wishes(now: dict[str, float], ideal: dict[str, float], lang: str) -> list[str]:
    """What the client would like more or less time for, and how much, as sentences."""
    lines = []
    for category in TIME_CATEGORIES:
        change = ideal.get(category, 0.0) - now.get(category, 0.0)
        if abs(change) >= 0.5:
            key = "takeaway.more_time" if change > 0 else "takeaway.less_time"
            what = t(lang, f"takeaway.for_{category}")
            lines.append(t(lang, key, what=what, hours=hours_words(abs(change), lang)))
    return lines


def hours_words(hours: float, lang: str) -> str:
    """ "4 tuntia", "4 hours", "4 timmar" (one hour: "tunnin", "1 hour", "1 timme"): hours in
    a sentence, with the language's decimal mark."""
    if hours == 1:
        return t(lang, "takeaway.hour_one")
    return t(lang, "takeaway.hours", hours=format_hours(hours, lang).removesuffix(" h"))
