"""The student's sessions with their keep-until dates, and deleting one for good (or a
client's whole chain) after showing what goes and asking.

The screen is given what it reads and deletes (`FolderSessions`, store/deletion.py); it
never opens a file itself.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Protocol

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets.option_list import Option

from ...core.dates import format_date
from ...core.model.course import DEFAULT_RETENTION_DAYS
from ...core.privacy.retention import Deleted, Listed, Plan
from ...core.untrusted import visible_line
from ...i18n import t
from ..keys import bind
from ..widgets.key_hints import KeyHints
from ..widgets.plain import Label, OptionList, Static
from .modals import ConfirmModal

# The most files a confirmation lists one by one (the rest are counted).
LISTED_FILES = 14


class Sessions(Protocol):
    """What the screen may read and delete."""

    def listing(self) -> list[Listed]: ...
    def plan(self, path: Path, chain: bool, within: list[Listed]) -> Plan | str: ...
    def delete(self, plan: Plan) -> Deleted | str: ...


def kept_line(session: Listed, lang: str, today: dt.date) -> str:
    """One session: date, client code, open or closed, kept until, and due when past."""
    kept = session.kept
    if kept is None:
        return f"{visible_line(session.path.name)} — {t(lang, 'retention.unreadable')}"
    line = f"{kept.created:%d.%m.%Y %H:%M}  {visible_line(kept.client_code):<10} "
    if kept.until is None:
        return line + t(lang, "retention.open")
    until = format_date(kept.until.isoformat(), lang)
    line += f"{t(lang, 'retention.closed')} · {t(lang, 'retention.until', date=until)}"
    if kept.due(today):
        line += f" · {t(lang, 'retention.due')}"
    return line


class SessionsScreen(Screen[None]):
    DEFAULT_CSS = """
    SessionsScreen #sessions-box { padding: 1 2; }
    SessionsScreen #sessions-list { height: auto; max-height: 20; margin: 1 0; }
    """
    AUTO_FOCUS = "#sessions-list"

    def __init__(self, lang: str, sessions: Sessions, today: dt.date | None = None) -> None:
        super().__init__()
        self.lang = lang
        self.sessions = sessions
        self.today = today or dt.date.today()
        self.listed: list[Listed] = []
        bind(self, "delete", "delete_session", t(lang, "retention.delete"))
        bind(self, "c", "delete_chain", t(lang, "retention.chain"))
        bind(self, "escape", "back", t(lang, "retention.back"))

    def tr(self, key: str, **values: object) -> str:
        return t(self.lang, f"retention.{key}", **values)

    def compose(self) -> ComposeResult:
        with Vertical(id="sessions-box"):
            yield Label(self.tr("heading"), classes="dialog-title")
            yield Static(self.tr("explain", days=DEFAULT_RETENTION_DAYS))
            yield OptionList(id="sessions-list")
            yield Static(self.tr("keys"), classes="hint")
        yield KeyHints()

    def on_mount(self) -> None:
        self.show_sessions()

    def show_sessions(self) -> None:
        self.listed = self.sessions.listing()
        menu = self.query_one("#sessions-list", OptionList)
        menu.clear_options()
        if not self.listed:
            menu.add_option(Option(self.tr("none"), id="none", disabled=True))
            return
        menu.add_options(
            Option(kept_line(session, self.lang, self.today), id=str(index))
            for index, session in enumerate(self.listed)
        )
        menu.highlighted = 0

    def _highlighted(self) -> Listed | None:
        menu = self.query_one("#sessions-list", OptionList)
        index = menu.highlighted
        if index is None or not self.listed:
            return None
        return self.listed[index]

    def action_delete_session(self) -> None:
        self._delete(chain=False)

    def action_delete_chain(self) -> None:
        self._delete(chain=True)

    def action_back(self) -> None:
        self.dismiss()

    def _delete(self, *, chain: bool) -> None:
        chosen = self._highlighted()
        if chosen is None:
            return
        plan = self.sessions.plan(chosen.path, chain, self.listed)
        if isinstance(plan, str):
            self.notify(self.tr("not_deleted", reason=plan), severity="error", markup=False)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._carry_out(plan)

        body = "\n".join([self.tr("confirm_body"), "", *self._what_goes(plan)])
        modal = ConfirmModal(
            self.tr("confirm_heading"),
            body,
            cancel=self.tr("cancel"),
            confirm=self.tr("confirm"),
        )
        self.app.push_screen(modal, answered)

    def _what_goes(self, plan: Plan) -> list[str]:
        """The sessions, then each file (by name in the sessions folder, whole paths for
        the plaintext copies elsewhere)."""
        lines = [kept_line(session, self.lang, self.today) for session in plan.sessions]
        files = [f"  {visible_line(path.name)}" for path in plan.files]
        files += [f"  {visible_line(str(copy))}" for copy in plan.copies]
        if len(files) > LISTED_FILES:
            more = len(files) - LISTED_FILES + 1
            files = [*files[: LISTED_FILES - 1], "  " + self.tr("more", count=more)]
        return lines + files

    def _carry_out(self, plan: Plan) -> None:
        done = self.sessions.delete(plan)
        if isinstance(done, str):
            self.notify(self.tr("not_deleted", reason=done), severity="error", markup=False)
        else:
            self.notify(self.tr("deleted", count=len(done.ids)), markup=False)
            if done.failed:
                names = ", ".join(visible_line(str(path)) for path, _ in done.failed)
                self.notify(self.tr("failed", files=names), severity="error", markup=False)
        self.show_sessions()
