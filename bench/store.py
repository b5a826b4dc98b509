"""Saving and reading at scale: the autosave of a full 90-minute session, and `stats` over
1,000 sessions.

    .venv/bin/python bench/store.py [SAVES] [SESSIONS]     # default 30 1000

- autosave: the heavy session of bench/replay.py (notes typed all through the 90 minutes,
  every instrument) saved by the app's SessionStore: the first save formats every event,
  each later one (one new event, as while typing) only the new ones; then saves that each
  follow the deletion of a word (the events that typed it are written again with
  placeholders). Serialise + encrypt + atomic replace with both fsyncs, median and spread;
  the file's size.
- stats: SESSIONS copies of the shipped demo session (94 minutes, each with its own id and
  client code, encrypted to the demo teacher key), then the installed `hyvinvointi stats
  FOLDER --identity KEY`, timed as a whole process, three runs.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from figures import spread
from pyrage import x25519
from replay import DEMO, heavy_session

from hyvinvointi_tui.core.model.session_events import MarkerAdded
from hyvinvointi_tui.core.model.text_keys import notes_key
from hyvinvointi_tui.store import keys, session_document
from hyvinvointi_tui.store.session_store import SessionStore
from tests.session_saving import encode


def autosave(saves: int) -> None:
    session = heavy_session()
    identity = x25519.Identity.generate()
    with tempfile.TemporaryDirectory() as folder:
        store = SessionStore(Path(folder), [identity.to_public()])

        def save() -> float:
            start = time.perf_counter()
            store.save(
                session.protocol,
                session_id=session.session_id,
                created=session.created,
                events=list(session.events),
                saved_t=session.now(),
            )
            return (time.perf_counter() - start) * 1000

        first = save()
        later = []
        for _ in range(saves):
            session.record(MarkerAdded(step="closing", tag="important"))
            later.append(save())
        # Deleting the last word of the notes: the erasure rewrites the events that typed
        # it, and the save formats those rows again (core/privacy/erasure.py).
        erasing = []
        key = notes_key("closing")
        for _ in range(saves):
            text = session.state.text(key)
            session.edit_text(key, text[: text.rstrip().rfind(" ") + 1])
            erasing.append(save())
        assert store.path is not None
        size = store.path.stat().st_size
        store.close()
    print(f"autosave, full 90-minute session ({len(session.events)} events, {size / 1024:.0f} KiB)")
    print(f"  first save (every event formatted): {first:.0f} ms")
    print(f"  each later save (one new event): {spread(later, 0)}   bar: < 2 s loss in all")
    print(f"  each save after deleting a word (erased in the file): {spread(erasing, 0)}")


def stats(sessions: int) -> None:
    teacher_key = DEMO / "demo-teacher.key"
    identities = keys.read_identity_file(teacher_key)
    loaded = session_document.load(DEMO / "demo-session.age", identities)
    recipients = [identity.to_public() for identity in identities]
    with tempfile.TemporaryDirectory() as folder:
        for number in range(sessions):
            doc = dict(loaded.doc)
            doc["session"] = {
                **loaded.doc["session"],
                "id": uuid.uuid4().hex,
                "client_code": f"K-{number % 400}",
            }
            path = Path(folder) / f"{number:04d}.age"
            path.write_bytes(encode(doc, recipients))
        command = str(Path(sys.executable).with_name("hyvinvointi"))
        argv = [command, "stats", folder, "--identity", str(teacher_key)]
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
            runs.append((time.perf_counter() - start) * 1000)
    assert f"sessions read: {sessions} of {sessions}" in out, out
    print(f"stats over {sessions} sessions (the whole command): {spread(runs, 0)}")


def main() -> None:
    saves = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    sessions = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    autosave(saves)
    stats(sessions)


if __name__ == "__main__":
    main()
