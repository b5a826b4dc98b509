"""What the replay's panes say: the event list, and at the cursor the step and who led it,
the notes as they stood, the teacher's comments and the session's results (the debrief
report's sections)."""

from __future__ import annotations

import bisect

from rich.text import Text
from textual.widgets.option_list import Option

from ...core.dates import clock_time
from ...core.debrief import incidents, results
from ...core.debrief.comments import Assessment, Comment
from ...core.debrief.replay import Replayer, describe, run_key
from ...core.follow_up.last_time import changes
from ...core.model.protocol import Protocol
from ...core.model.state import SessionState
from ...core.model.timer import format_minutes
from ...core.page import Section
from ...core.privacy.erasure import PLACEHOLDER
from ...i18n import t
from ..sections import sections_text


class ReplayPanes:
    """The texts of one session's replay, in one language."""

    def __init__(self, protocol: Protocol, replay: Replayer, lang: str, created: str) -> None:
        self.protocol = protocol
        self.replay = replay
        self.lang = lang
        self.created = created

    def tr(self, key: str, **values: object) -> str:
        return t(self.lang, key, **values)

    def clock_at(self, t: float) -> str:
        """An instant as the session's clock showed it: the conversation's time, without
        pauses (the preparation before it shows as 00:00), as the debrief report has it."""
        return format_minutes(self.replay.timeline.elapsed_at(t))

    def event_options(self, comments: list[Comment]) -> list[Option]:
        """The event list: one line per event; a run of work on one value (typing in a
        field, changing one cell of the hours or the OSA) is one line, the value settled on.
        The teacher's comments are among them, at their instants."""
        options = []
        events = self.replay.events
        run = 0
        for index, event in enumerate(events):
            key = run_key(event)
            following = events[index + 1] if index + 1 < len(events) else None
            if key is not None and following is not None and run_key(following) == key:
                run += 1
                continue
            line = f"{self.clock_at(event.t)}  {describe(self.protocol, event, self.lang)}"
            if run:
                line += f" (+{run})"
            run = 0
            options.append(Option(line, id=str(index)))
        for number, comment in enumerate(comments):
            line = self.tr("replay.comment_line", text=comment.text)
            place = bisect.bisect_right([self.option_t(o, comments) for o in options], comment.t)
            options.insert(place, Option(f"{self.clock_at(comment.t)}  {line}", id=f"c{number}"))
        return options

    def option_t(self, option: Option, comments: list[Comment]) -> float:
        """The instant of a line of the event list."""
        key = option.id or "0"
        if key.startswith("c"):
            return comments[int(key[1:])].t
        return self.replay.events[int(key)].t

    def notes_text(self, notes: str) -> Text:
        """The notes at the cursor; text deleted later is in the file only as placeholders
        (`core/privacy/erasure.py`), shown dim and explained below the notes."""
        if not notes:
            return Text(self.tr("replay.no_notes"), "dim")
        text = Text(notes)
        if PLACEHOLDER in notes:
            text.highlight_regex(f"{PLACEHOLDER}+", "dim")
            text.append("\n\n" + self.tr("replay.erased", mark=PLACEHOLDER * 3), "dim italic")
        return text

    def comment_lines(self, comments: list[Comment], step: str | None) -> Text:
        """The teacher's comments on the step at the cursor (None: all of them)."""
        text = Text()
        mine = [c for c in comments if step is None or c.step == step]
        if mine:
            text.append(f"\n{self.tr('replay.comments')}\n", "bold")
            for comment in mine:
                text.append(f"{self.clock_at(comment.t)}  ", "dim")
                text.append(comment.text + "\n", "italic")
        return text

    def assessment_section(self, assessment: Assessment | None) -> Section:
        section = results.assessment(assessment, self.lang)
        if not section.lines:
            section.lines.append(self.tr("replay.assessment_none"))
        return section

    def step_heading(self, state: SessionState, cursor: float) -> Text:
        """The step at the cursor, its number, who led it and who took its notes."""
        text = Text(self.tr("replay.at_cursor", time=self.clock_at(cursor)), "bold")
        if state.step is not None:
            step = self.protocol.step(state.step)
            number = self.protocol.index(state.step) + 1
            text.append(f"\n{number}. {step.title(self.lang)}", "bold")
            roles = state.roles.get(state.step)
            if roles is not None and (roles.lead or roles.note_taker):  # who led, who noted
                text.append(f"  {results.roles_line(roles, self.lang)}", "italic")
        text.append(f"\n\n{self.tr('replay.notes')}", "bold")
        return text

    def results(
        self,
        state: SessionState,
        at: float,
        comments: list[Comment],
        assessment: Assessment | None,
        *,
        full: bool,
    ) -> Text:
        """What the session held at `at`; `full`: at the end, with the teacher's comments
        and assessment (as the debrief report has it)."""
        lang, protocol = self.lang, self.protocol
        text = Text()
        if full:
            text.append(self.tr("replay.results"), "bold")
            text.append("\n")
            text.append_text(self.comment_lines(comments, None))
            text.append_text(sections_text([self.assessment_section(assessment)]))
        shown = [
            results.preparation(state, lang),
            results.timings(protocol, state, at, lang),
            results.crisis(protocol, state, lang),
            incidents.section(protocol, state, lang, self.clock_at),
            results.results(protocol, state, lang),
            results.goals(state, lang),
            results.closing(state, lang),
            results.reflection(state, lang),
        ]
        if state.previous is not None:
            changed = changes(
                protocol, state, {"stress", "time_circle", "osa"}, lang, with_notes=True
            )
            changed.heading = self.tr("replay.changes")
            shown.append(changed)
        text.append_text(sections_text(shown))
        if state.closed_at is not None:
            closed = clock_time(self.created, state.closed_at)
            text.append("\n" + self.tr("replay.closed_at", time=closed) + "\n", "bold")
        return text
