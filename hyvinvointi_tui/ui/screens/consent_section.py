"""The client's consent on the steps that ask for it (the orientation, a follow-up's
opening): a row per item, yes or no, and what the student needs to know beside it."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from textual.widget import Widget

from ...core.client.notice import missing_line
from ...core.model.client_events import CONSENT_ITEMS
from ...core.model.state import SessionState
from ...i18n import t
from ..widgets.consent_choices import ConsentChoices
from ..widgets.plain import Static, titled_text


def consent_section(state: SessionState, lang: str) -> Iterable[Widget]:
    """The client's consent, a row per item; in a follow-up, last time's answers above it
    (asked again: a yes is never carried over, a no stands until changed)."""
    tr = partial(t, lang)
    yield titled_text(tr("consent.heading"), tr("consent.explain"), "hint")
    # The course's facts the notice needs, if any are missing: said beside the consent,
    # before anything about the client is written.
    missing = missing_line(state.privacy, lang)
    if missing:
        yield Static(missing, id="privacy-missing", classes="privacy-missing")
    previous = state.previous.consent if state.previous is not None else {}
    if previous:
        answers = ", ".join(
            f"{tr(f'consent.short_{item}')} {tr('consent.yes' if given else 'consent.no').lower()}"
            for item, given in previous.items()
        )
        yield Static(tr("consent.last_time", answers=answers), classes="hint")
    yield ConsentChoices(
        [(item, tr(f"consent.{item}")) for item in CONSENT_ITEMS],
        tr("consent.yes"),
        tr("consent.no"),
        state.consent,
        id="consent",
    )
