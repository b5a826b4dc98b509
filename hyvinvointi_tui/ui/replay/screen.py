"""The teacher's debrief view: a timeline of the whole session with a cursor, the event list
beside it, and the session as it stood at the cursor's instant.

Keys: ←/→ ±5 s, shift+←/→ ±1 min, home/end, n/p next/previous step, m/M next/previous
marker, space play/stop, 1/2/3 play at 1×/10×/60×, r results at a glance; with the
teacher's key, c a comment at the cursor and s the assessment with the sign-off.
"""

from __future__ import annotations

import bisect
import datetime as dt
import webbrowser
from pathlib import Path
from typing import Protocol as TypingProtocol

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets.option_list import Option

from ...core.dates import format_date
from ...core.debrief.comments import Assessment, Comment, now_iso, today_iso
from ...core.debrief.replay import Replayer
from ...core.model.protocol import Protocol
from ...core.model.state import SessionState
from ...core.model.text_keys import notes_key
from ...core.untrusted import visible_line
from ...i18n import t
from ..keys import bind
from ..screens.client_page import ClientPageModal, PrintOnly
from ..widgets.key_hints import KeyHints
from ..widgets.plain import Label, OptionList, Static
from ..widgets.timeline_bar import TimelineBar
from .modals import AssessmentModal, CommentModal, ResultsModal
from .panes import ReplayPanes

SPEEDS = {1: 1, 2: 10, 3: 60}
TICK = 0.1
NOTES_SHOWN = 1200  # characters


class AccessCopyWriter(TypingProtocol):
    """Writes the client's copy of their data (store/access_copy.py's CopyWriter)."""

    def offered(self) -> Path: ...
    def folder(self, typed: str, lang: str) -> Path | str: ...
    def through_link(self, typed: str, folder: Path) -> bool: ...
    def write(self, folder: Path) -> Path | str: ...


class SaveDebrief(TypingProtocol):
    """Saves the teacher's comments and assessment together (store/debrief.py's
    DebriefSaver): "" or the reason it failed."""

    def __call__(self, comments: list[Comment], assessment: Assessment | None = None) -> str: ...


class ReplayScreen(Screen[None]):
    """The replay itself: its own app from the command line, or pushed from the start screen."""

    DEFAULT_CSS = """
    #at-cursor-notes { height: auto; max-height: 16; border: round $primary 40%; padding: 0 1; }
    """

    def __init__(
        self,
        protocol: Protocol,
        replay: Replayer,
        *,
        created: str,
        client_code: str,
        lang: str,
        comments: list[Comment] | None = None,
        assessment: Assessment | None = None,
        save_comments: SaveDebrief | None = None,
        chain: tuple[int, int] | None = None,
        write_access_copy: AccessCopyWriter | None = None,
    ) -> None:
        super().__init__()
        # The replay is all there is (`hyvinvointi replay`): leaving it ends the program.
        self.standalone = False
        # The place of this session in a chain of follow-ups (n of total), if in one.
        self.chain = chain
        self.protocol = protocol
        self.replay = replay
        self.comments = list(comments or [])
        self.assessment = assessment
        # Only the teacher comments (the student's own replay shows the comments).
        self.save_comments = save_comments
        # Writes the client's copy of their data into a folder the user chooses.
        self.write_access_copy = write_access_copy
        self.created = created
        # A line: a soft hyphen, which `visible` leaves in a file's strings, is shown.
        self.client_code = visible_line(client_code)
        self.lang = lang
        # What the panes say at the cursor (ui/replay/panes.py).
        self.panes = ReplayPanes(protocol, replay, lang, created)
        self.cursor = 0.0
        self.speed = 0
        self._player: Timer | None = None
        self._option_times: list[float] = []
        self._shown: dict[str, object] = {}
        self._sizes: dict[str, tuple[int, int] | None] = {}
        self._bind_keys()

    def _bind_keys(self) -> None:
        """The replay's keys; the teacher's (c, s) only with the teacher's key, the
        client's copy (a) only where it can be written, and [ ] in a chain of follow-ups."""
        tr, teacher, copy = self.tr, self.save_comments is not None, self.write_access_copy
        for keys, action, label in (
            ("left", "move(-5)", ""),
            ("right", "move(5)", tr("replay.key_fine")),
            ("shift+left", "move(-60)", ""),
            ("shift+right", "move(60)", tr("replay.key_coarse")),
            ("home", "jump(0)", ""),
            ("end", "jump(-1)", ""),
            ("n", "stop('step', 1)", tr("replay.key_step")),
            ("p", "stop('step', -1)", ""),
            ("m", "stop('marker', 1)", tr("replay.key_marker")),
            ("M", "stop('marker', -1)", ""),
            ("space", "play", tr("replay.key_play")),
            ("1", "speed(1)", ""),
            ("2", "speed(2)", ""),
            ("3", "speed(3)", tr("replay.key_speed") + " 1/10/60×"),
            ("r", "results", tr("replay.key_results")),
            ("c", "comment", tr("replay.key_comment") if teacher else ""),
            ("s", "assess", tr("replay.key_assess") if teacher else ""),
            ("a", "access_copy", tr("access.key") if copy is not None else ""),
            ("q,ctrl+q", "leave", tr("replay.key_quit")),
        ):
            bind(self, keys, action, label, show=bool(label), priority=True)
        if self.chain is not None:
            bind(self, "left_square_bracket", "app.chain(-1)", show=False)
            bind(self, "right_square_bracket", "app.chain(1)", "[ ] " + tr("replay.key_chain"))

    def tr(self, key: str, **values: object) -> str:
        return t(self.lang, key, **values)

    def compose(self) -> ComposeResult:
        when = dt.datetime.fromisoformat(self.created).astimezone()
        title = Text()
        title.append(self.tr("replay.title"), "bold")
        title.append(f" · {self.client_code} · {when:%d.%m.%Y %H:%M} · ")
        title.append(visible_line(self.protocol.title(self.lang)))
        if self.chain is not None:
            n, total = self.chain
            title.append(" · " + self.tr("replay.chain", n=n, total=total), "bold")
        with Horizontal(id="title-bar"):
            yield Static(title, id="step-title")
            yield Static(id="replay-position")
        yield TimelineBar(self.replay, self.lang, id="timeline")
        with Horizontal(id="body"):
            with VerticalScroll(id="guide"):
                yield Label(self.tr("replay.events"), classes="section-title")
                options = self.event_options()
                self._set_options(options)
                yield OptionList(*options, id="event-list")
            with VerticalScroll(id="work"):
                yield Static(id="at-cursor-step")
                yield Static(id="at-cursor-notes")
                yield Static(id="at-cursor")
        # The keys fold onto a second line rather than being cut (Textual's Footer crops).
        yield KeyHints()

    def event_options(self) -> list[Option]:
        return self.panes.event_options(self.comments)

    def _set_options(self, options: list[Option]) -> None:
        self._option_times = [self._option_t(option) for option in options]

    def _option_t(self, option: Option) -> float:
        return self.panes.option_t(option, self.comments)

    def on_mount(self) -> None:
        self.query_one(TimelineBar).comments = self.comments
        self.show()

    def action_comment(self) -> None:
        if self.save_comments is None:
            return
        step = self.replay.timeline.step_at(self.cursor) or self.protocol.steps[0].id
        prompt = self.tr(
            "replay.comment_prompt",
            time=self.clock_at(self.cursor),
            step=self.protocol.step(step).title(self.lang),
        )
        at = self.cursor

        def written(text: str | None) -> None:
            if not text or self.save_comments is None:
                return
            added = [*self.comments, Comment(t=at, step=step, text=text, written=now_iso())]
            problem = self.save_comments(added, self.assessment)
            if problem:
                self.notify(
                    self.tr("replay.comment_failed", reason=problem), severity="error", markup=False
                )
                return
            self.comments = sorted(added, key=lambda comment: comment.t)
            self.query_one(TimelineBar).comments = self.comments
            events = self.query_one("#event-list", OptionList)
            events.clear_options()
            options = self.event_options()
            self._set_options(options)
            events.add_options(options)
            self.show()

        self.app.push_screen(CommentModal(prompt), written)

    def action_assess(self) -> None:
        """The teacher's assessment and sign-off: kept with the comments, encrypted."""
        if self.save_comments is None:
            return
        before = self.assessment or Assessment()
        texts = {
            "title": self.tr("replay.assess_title", code=self.client_code),
            "text": self.tr("replay.assess_text"),
            "name": self.tr("replay.assess_name", date=format_date(today_iso(), self.lang)),
            "save": self.tr("replay.assess_save"),
            "cancel": self.tr("replay.assess_cancel"),
        }

        def written(given: tuple[str, str] | None) -> None:
            if given is None or self.save_comments is None:
                return
            text, name = given
            assessment = Assessment(
                text=text,
                signed_by=name,
                signed_on=today_iso() if name else "",
                written=now_iso(),
            )
            problem = self.save_comments(self.comments, assessment)
            if problem:
                self.notify(
                    self.tr("replay.comment_failed", reason=problem), severity="error", markup=False
                )
                return
            self.assessment = assessment
            self.notify(self.tr("replay.assessed"), markup=False)
            self.show()

        self.app.push_screen(AssessmentModal(texts, before.text, before.signed_by), written)

    def action_access_copy(self) -> None:
        """The client's copy of their data (this session and the ones before it): written
        into a folder the user chooses and opened in the browser, to read through and
        print for the client."""
        writer = self.write_access_copy
        if writer is None:
            return

        def chosen(folder: Path | PrintOnly | None) -> None:
            if not isinstance(folder, Path):
                return
            written = writer.write(folder)
            if not isinstance(written, Path):
                self.notify(
                    self.tr("access.failed", reason=written), severity="error", markup=False
                )
                return
            self.notify(self.tr("access.written", path=str(written)), timeout=12, markup=False)
            webbrowser.open(written.as_uri())  # a local file: nothing leaves the machine

        modal = ClientPageModal(
            self.lang,
            writer.offered(),
            texts="access",
            choose_folder=lambda typed: writer.folder(typed, self.lang),
            through_link=writer.through_link,
            print_only=False,
        )
        self.app.push_screen(modal, chosen)

    # --- the cursor -----------------------------------------------------------------------

    def set_cursor(self, t: float) -> None:
        self.cursor = max(0.0, min(self.replay.duration, t))
        self.show()

    def action_move(self, seconds: float) -> None:
        self.set_cursor(self.cursor + seconds)

    def action_jump(self, where: int) -> None:
        self.set_cursor(0.0 if where == 0 else self.replay.duration)

    def action_stop(self, kind: str, direction: int) -> None:
        found = self.replay.timeline.next_stop(self.cursor, kind, direction)
        if found is not None:
            self.set_cursor(found)

    def action_play(self) -> None:
        if self._player is not None:
            self._player.stop()
            self._player = None
            self.speed = 0
        else:
            self.speed = self.speed or 1
            self._player = self.set_interval(TICK, self._advance)
        self.show_position()

    def action_speed(self, choice: int) -> None:
        self.speed = SPEEDS[choice]
        if self._player is None:
            self._player = self.set_interval(TICK, self._advance)
        self.show_position()

    def _advance(self) -> None:
        if self.cursor >= self.replay.duration:
            self.action_play()  # stop at the end
            return
        self.set_cursor(self.cursor + self.speed * TICK)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.set_cursor(self._option_t(event.option))

    def results(self, state: SessionState, *, full: bool) -> Text:
        """What the session held: at the cursor, or at the end, all of it."""
        at = self.replay.duration if full else self.cursor
        return self.panes.results(state, at, self.comments, self.assessment, full=full)

    def action_results(self) -> None:
        self.app.push_screen(ResultsModal(self.results(self.replay.final, full=True)))

    def action_leave(self) -> None:
        """Back to the start screen, or out of the program when the replay is all there is."""
        if self.standalone:
            self.app.exit()
        else:
            self.dismiss(None)

    # --- drawing --------------------------------------------------------------------------

    def clock_at(self, t: float) -> str:
        return self.panes.clock_at(t)

    def show_position(self) -> None:
        position = self.tr(
            "replay.cursor",
            time=self.clock_at(self.cursor),
            total=self.clock_at(self.replay.duration),
        )
        playing = (
            self.tr("replay.playing", speed=self.speed)
            if self._player is not None
            else self.tr("replay.stopped")
        )
        self._update("#replay-position", Text(f"{position} · {playing}"))

    def show(self) -> None:
        # One repaint for all the panes that change.
        with self.app.batch_update():
            self._show()

    def _show(self) -> None:
        self.show_position()
        self.query_one(TimelineBar).move_to(self.cursor)
        state = self.replay.state_at(self.cursor)
        panes = self.panes
        self._update("#at-cursor-step", panes.step_heading(state, self.cursor))
        notes = state.text(notes_key(state.step)) if state.step else ""
        # The end of the notes: what was being written at that instant. Wrapping a whole
        # long text on every cursor move would make the cursor slow.
        shown = notes if len(notes) <= NOTES_SHOWN else "…" + notes[-NOTES_SHOWN:]
        self._update("#at-cursor-notes", panes.notes_text(shown))
        at_cursor = panes.comment_lines(self.comments, state.step) + self.results(state, full=False)
        self._update("#at-cursor", at_cursor)
        events = self.query_one("#event-list", OptionList)
        if self.replay.count_at(self.cursor):
            # The list's line for the last entry at or before the cursor.
            line = max(0, bisect.bisect_right(self._option_times, self.cursor) - 1)
            if events.highlighted != line:
                events.highlighted = line

    def _update(self, selector: str, text: Text) -> None:
        """Redraw a pane if its text changed, and lay the screen out again only if its size
        changed: a layout redraws every pane, and most moves of the cursor change a few
        numbers, not the number of lines."""
        # Rich's Text compares its characters only; the styles count too.
        seen = (text.plain, text.style, text.spans)
        if self._shown.get(selector) == seen:
            return
        self._shown[selector] = seen
        pane = self.query_one(selector, Static)
        pane.update(text, layout=False)
        width = pane.content_region.width
        size = None
        if width:
            auto_width = pane.styles.width is not None and pane.styles.width.is_auto
            size = (
                pane.get_content_width(self.size, self.size) if auto_width else width,
                pane.get_content_height(self.size, self.size, width),
            )
        if size is None or size != self._sizes.get(selector):
            self._sizes[selector] = size
            pane.refresh(layout=True)
