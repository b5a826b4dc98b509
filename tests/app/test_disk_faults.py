"""Disk faults at each step of a save: the temp file's write (disk full, I/O error), its
fsync, the replace, the folder's fsync. Every time the last good file stays readable, no temp
file is left, the screen says the work is not saved, and the save is retried when the disk
works again."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from pyrage import x25519

from hyvinvointi_tui.core.model.protocol import Protocol
from hyvinvointi_tui.core.model.text_keys import notes_key
from hyvinvointi_tui.store import atomic, session_document
from hyvinvointi_tui.store.session_store import SessionStore
from hyvinvointi_tui.ui.app import HyvinvointiApp

from ..conftest import FakeClock
from ..helpers import consent_to_notes, screen_text, wait_until


def _fail(code: int) -> Callable[..., None]:
    def fault(*_args: object) -> None:
        raise OSError(code, os.strerror(code))

    return fault


def _half_then_full(fd: int, data: bytes) -> None:
    """The disk fills up halfway through the temp file."""
    os.write(fd, data[: len(data) // 2])
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


# (what fails, the function replaced, the fault, what the screen says, which file survives)
FAULTS = [
    ("temp write: disk full", "_write_all", _half_then_full, "no space left on device", "old"),
    ("temp write: I/O error", "_write_all", _fail(errno.EIO), "input/output error", "old"),
    ("fsync of the temp file", "_fsync", _fail(errno.EIO), "input/output error", "old"),
    ("replace: disk full", "_replace", _fail(errno.ENOSPC), "no space left on device", "old"),
    ("replace: I/O error", "_replace", _fail(errno.EIO), "input/output error", "old"),
    # The rename happened but is not known to be on disk: said not saved, and saved again.
    ("folder fsync", "_fsync_dir", _fail(errno.EIO), "input/output error", "new"),
]


@pytest.mark.slow
async def test_a_fault_at_each_step_of_a_save_keeps_the_last_good_file(
    protocol: Protocol, clock: FakeClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    student = x25519.Identity.generate()
    store = SessionStore(tmp_path, [student.to_public()])
    app = HyvinvointiApp.new_session(
        protocol, lang="en", client_code="K-014", clock=clock, store=store, begun=True
    )
    consent_to_notes(app.session)

    def notes() -> str:
        assert store.path is not None
        loaded = session_document.load(store.path, [student])  # raises if it were unreadable
        return str(loaded.doc["state"]["texts"].get(notes_key("orientation"), ""))

    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"alku", "ctrl+s")
        # The store names its file a moment before the first save has written it.
        await wait_until(
            pilot, lambda: store.path is not None and store.path.exists() and notes() == "alku"
        )
        typed = "alku"
        for name, function, fault, says, survivor in FAULTS:
            good = notes()
            monkeypatch.setattr(atomic, function, fault)
            word = f" {function.strip('_')}"
            await pilot.press(*word, "ctrl+s")
            message = f"NOT SAVED: {says}"

            def said(m: str = message) -> bool:
                return m in screen_text(app)

            await wait_until(pilot, said)
            expected = good if survivor == "old" else typed + word
            assert notes() == expected, name
            assert not list(tmp_path.glob("*.tmp-*")), f"{name}: a temp file was left"
            monkeypatch.undo()
            typed += word
            await pilot.press("ctrl+s")  # sooner than the retry (tests/app/test_autosave.py waits)

            def kept(t: str = typed) -> bool:
                return notes() == t

            await wait_until(pilot, kept)
            await wait_until(pilot, lambda: "NOT SAVED" not in screen_text(app))
        await pilot.press("ctrl+q")
    assert notes() == typed
