"""Who leads a step and who takes its notes: the next turn (f2, or the preparation's list),
or, with three or more students, chosen in a dialog."""

from __future__ import annotations

from ..core.debrief.results import roles_line
from ..core.model.session_events import RolesSet
from ..core.model.state_entries import ROLES_CHOSEN_FROM, Roles
from .app_host import SessionHost


class StepRoles:
    """The app's roles of the session's steps."""

    def __init__(self, app: SessionHost) -> None:
        self.app = app

    def swap_on_current_step(self) -> None:
        """The next turn on the current step: the other student leads (f2)."""
        app = self.app
        state = app.session.state
        if state.step is not None and not state.closed and self.turn(state.step):
            title = app.protocol.step(state.step).title(state.setup.lang)
            line = roles_line(state.roles.get(state.step), state.setup.lang)
            app.notify(f"{title}: {line}", timeout=4, markup=False)

    def turn(self, step: str) -> bool:
        """Record the next turn of a step's roles (False, with a word why, if the setup
        names no students; False too when three or more choose, in a dialog)."""
        app = self.app
        state = app.session.state
        if not state.setup.students:
            app.notify(app.tr("roles.need_students"), severity="warning")
            return False
        if len(state.setup.students) >= ROLES_CHOSEN_FROM:
            self._choose(step)
            return False
        turn = state.roles.get(step, Roles()).swapped(state.setup.students)
        self._record(step, turn)
        return True

    def _record(self, step: str, roles: Roles) -> None:
        app = self.app
        with app.unless_closed():
            app.session.record(RolesSet(step=step, lead=roles.lead, note_taker=roles.note_taker))
        app.show_session_state()

    def _choose(self, step: str) -> None:
        """Three or more students: who leads the step and who takes its notes, chosen."""
        # lazy: the session's dialogs, 2.5 ms together before the first screen
        # (docs/ARCHITECTURE.md)
        from .screens.roles_modal import RolesModal

        app = self.app
        state = app.session.state
        lang = state.setup.lang
        title = app.protocol.step(step).title(lang)

        def chosen(roles: Roles | None) -> None:
            if roles is None:
                return
            self._record(step, roles)
            line = roles_line(app.session.state.roles.get(step), lang)
            app.notify(f"{title}: {line}", timeout=4, markup=False)

        current = state.roles.get(step, Roles())
        app.push_screen(RolesModal(lang, title, state.setup.students, current), chosen)
