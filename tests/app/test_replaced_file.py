"""A session file replaced under the running app (issue 18, item 10): a sync, a copy or an
editor wrote it. The next save notices (the file is not the one last written), leaves it,
saves the session beside it and says so; nothing of either is lost."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pyrage import x25519

from hyvinvointi_tui.core.model.protocol import Protocol
from hyvinvointi_tui.core.model.text_keys import notes_key
from hyvinvointi_tui.store import session_document
from hyvinvointi_tui.store.session_store import SessionLock, SessionLocked, SessionStore
from hyvinvointi_tui.ui.app import HyvinvointiApp

from ..conftest import FakeClock
from ..helpers import consent_to_notes, notified, squash, wait_until

SIZE = (120, 40)


def saved(store: SessionStore) -> Path:
    """Where the store saves the session now (it has saved once)."""
    assert store.path is not None
    return store.path


def notes(path: Path, student: x25519.Identity) -> str | None:
    """The notes in the file at `path`; None while it is not there yet (the store names its
    new file a moment before the save has written it)."""
    if not path.exists():
        return None
    return session_document.load(path, [student]).state.texts.get(notes_key("orientation"), "")


@pytest.mark.slow
async def test_a_file_replaced_under_the_app_is_kept_and_the_session_saved_beside_it(
    protocol: Protocol, clock: FakeClock, tmp_path: Path
) -> None:
    student = x25519.Identity.generate()
    store = SessionStore(tmp_path, [student.to_public()])
    app = HyvinvointiApp.new_session(
        protocol, lang="en", client_code="K-014", clock=clock, store=store, begun=True
    )
    consent_to_notes(app.session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"first")
        await wait_until(pilot, lambda: store.path is not None and store.path.exists())
        await wait_until(pilot, lambda: notes(saved(store), student) == "first")
        original = saved(store)
        older = original.read_bytes()
        replaced = original.with_name("other.tmp")
        replaced.write_bytes(older)
        os.replace(replaced, original)  # another program puts a copy back over it
        await pilot.press(*" second")
        await wait_until(pilot, lambda: store.path != original)
        await wait_until(pilot, lambda: notes(saved(store), student) == "first second")
        assert original.read_bytes() == older, "the replaced file is left as it was"
        assert saved(store).name.startswith(original.name.removesuffix(".age") + "-ours-")
        # Said once the app has the save's outcome, a moment after the file is on disk.
        await wait_until(pilot, lambda: "changed outside" in squash(notified(app)))
        shown = squash(notified(app))
        assert f"The session file {original.name} was changed outside this program" in shown
        assert saved(store).name in shown
        # the lock moved with the session
        with pytest.raises(SessionLocked):
            SessionLock(saved(store)).acquire()
        assert not SessionLock(original).path.exists()
        await pilot.press(*" third")
        await wait_until(pilot, lambda: notes(saved(store), student) == "first second third")
        assert len(list(tmp_path.glob("*-ours-*.age"))) == 1, "one copy, then saved as usual"
