"""Settings: the course and its teachers, the passphrase, and where the data folder is.

Each change is saved at once and shown. The screen is given what it changes (`Settings`,
`store/settings.py` for the unlocked student); it never opens a file itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input, RadioSet, Select

from ...core.model.course import Course, fingerprint
from ...core.model.preferences import HIGH_CONTRAST, Preferences
from ...i18n import LANGUAGE_NAMES, LANGUAGES, system_language, t
from ..keys import bind
from ..widgets.entry_list import EntryList
from ..widgets.key_hints import KeyHints
from ..widgets.plain import Label, Static
from ..widgets.toggles import RadioButton


class Settings(Protocol):
    """What the settings screen may read and change."""

    @property
    def data_folder(self) -> Path: ...
    @property
    def key_file(self) -> Path: ...
    def course(self) -> Course: ...
    def join(self, path: str) -> str: ...
    def add_teacher(self, recipient: str) -> str: ...
    def remove_teacher(self, recipient: str) -> str: ...
    def change_passphrase(self, old: str, new: str) -> str: ...
    def preferences(self) -> Preferences: ...
    def save_preferences(self, preferences: Preferences) -> str: ...


class SettingsScreen(Screen[None]):
    DEFAULT_CSS = """
    SettingsScreen #settings { padding: 1 2; }
    SettingsScreen Input { width: 1fr; max-width: 80; }
    SettingsScreen #teachers { max-width: 100; }
    """
    AUTO_FOCUS = "#course-file"

    def __init__(self, lang: str, settings: Settings) -> None:
        super().__init__()
        self.lang = lang
        self.settings = settings
        bind(self, "escape", "back", t(lang, "settings.back"))

    def tr(self, key: str, **values: object) -> str:
        return t(self.lang, f"settings.{key}", **values)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="settings"):
            yield Label(self.tr("heading"), classes="dialog-title")
            yield Label(self.tr("course"), classes="section-title")
            yield Static(id="course-info")
            # In the order Tab takes: join a course file, add a teacher's key, then the
            # teachers as they stand (Delete removes one).
            yield Input(placeholder=self.tr("join_hint"), id="course-file")
            yield Input(placeholder=self.tr("add_hint"), id="teacher-key")
            yield Static(id="course-status")
            yield EntryList(id="teachers")
            yield Static(self.tr("remove_hint"), classes="hint")
            yield Label(self.tr("passphrase"), classes="section-title")
            yield Static(self.tr("lost", file=str(self.settings.key_file)), classes="hint")
            yield Input(password=True, placeholder=self.tr("old"), id="old-passphrase")
            yield Input(password=True, placeholder=self.tr("new"), id="new-passphrase")
            yield Input(password=True, placeholder=self.tr("again"), id="again-passphrase")
            yield Button(self.tr("change"), id="change-passphrase")
            yield Static(id="passphrase-status")
            yield Label(self.tr("language"), classes="section-title")
            chosen = self.settings.preferences().lang or system_language()
            with RadioSet(id="default-language"):
                for lang in LANGUAGES:
                    yield RadioButton(LANGUAGE_NAMES[lang], value=lang == chosen)
            yield Label(self.tr("colours"), classes="section-title")
            themes = [(self.tr("high_contrast"), HIGH_CONTRAST)]
            themes += [
                (name, name) for name in sorted(self.app.available_themes) if name != HIGH_CONTRAST
            ]
            yield Select(themes, value=self.app.theme, allow_blank=False, id="theme")
            yield Static(self.tr("no_color"), classes="hint")
            yield Static(id="preferences-status")
            yield Label(self.tr("folder"), classes="section-title")
            yield Static(str(self.settings.data_folder), id="data-folder")
        yield KeyHints()

    def on_mount(self) -> None:
        self.show_course()

    def show_course(self) -> None:
        course = self.settings.course()
        lines = [course.name or self.tr("no_course")]
        if course.place:
            lines.append(self.tr("place", place=course.place))
        own = bool(course.protocol.source)
        lines.append(self.tr("protocol_own" if own else "protocol_shipped"))
        self.query_one("#course-info", Static).update("\n".join(lines))
        rows = []
        for teacher in course.teachers:
            who = " · ".join(part for part in (teacher.name, teacher.contact) if part)
            rows.append((teacher.recipient, f"{fingerprint(teacher.recipient)}  {who}".rstrip()))
        self.query_one("#teachers", EntryList).show_rows(rows, self.tr("no_teachers"))

    def _status(self, selector: str, text: str, failed: bool) -> None:
        status = self.query_one(selector, Static)
        status.update(text)
        status.set_class(failed, "error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        given = event.value.strip()
        if event.input.id == "course-file" and given:
            self._course_changed(event.input, self.settings.join(given), self.tr("joined"))
        elif event.input.id == "teacher-key" and given:
            done = self.tr("added", teacher=fingerprint(given))
            self._course_changed(event.input, self.settings.add_teacher(given), done)
        elif event.input.id in ("old-passphrase", "new-passphrase"):
            self.focus_next()
        elif event.input.id == "again-passphrase":
            self.change_passphrase()

    def _course_changed(self, field: Input, problem: str, done: str) -> None:
        """Say what became of a change of the course; once done, empty its field."""
        if problem:
            self._status("#course-status", problem, True)
            return
        field.value = ""
        self._status("#course-status", done, False)
        self.show_course()

    def on_entry_list_requested(self, event: EntryList.Requested) -> None:
        event.stop()
        if event.action != "remove":
            return
        problem = self.settings.remove_teacher(event.name)
        if problem:
            self._status("#course-status", problem, True)
            return
        self._status("#course-status", self.tr("removed", teacher=fingerprint(event.name)), False)
        self.show_course()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "change-passphrase":
            self.change_passphrase()

    def change_passphrase(self) -> None:
        old, new, again = (
            self.query_one(f"#{name}-passphrase", Input).value for name in ("old", "new", "again")
        )
        if new != again:
            self._status("#passphrase-status", self.tr("differ"), True)
            return
        # scrypt takes a few seconds: say so before it starts.
        self._status("#passphrase-status", self.tr("working"), False)
        self.call_after_refresh(self._change, old, new)

    def _change(self, old: str, new: str) -> None:
        problem = self.settings.change_passphrase(old, new)
        if problem == "wrong":
            problem = self.tr("wrong")
        if problem:
            self._status("#passphrase-status", problem, True)
            return
        for name in ("old", "new", "again"):
            self.query_one(f"#{name}-passphrase", Input).value = ""
        self._status("#passphrase-status", self.tr("changed"), False)

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        lang = LANGUAGES[event.index]
        self._save(self.settings.preferences().replace(lang=lang))

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        theme = str(event.value)
        if theme == self.app.theme:
            return
        self.app.theme = theme
        self._save(self.settings.preferences().replace(theme=theme))

    def _save(self, preferences: Preferences) -> None:
        problem = self.settings.save_preferences(preferences)
        self._status("#preferences-status", problem or self.tr("saved"), bool(problem))

    def action_back(self) -> None:
        self.dismiss(None)
