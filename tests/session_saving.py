"""A built session saved as the app saves it, for the tests, the benchmarks and the demo
maker (`sessions/demo/make_demo.py`): not part of the app, which saves a live session
through `store/session_store.py` (its rows, fold and erasures kept between saves).

Beside `tests/scripted.py`: the bench scripts and the demo maker import both as
`tests.…` with the checkout's root on sys.path.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pyrage import x25519

from hyvinvointi_tui.core.model.session import Session
from hyvinvointi_tui.store.event_rows import EventRows
from hyvinvointi_tui.store.session_document import document, to_toml
from hyvinvointi_tui.store.session_file import encrypt, write


def session_document(
    session: Session, *, saved_t: float, rows: EventRows | None = None
) -> dict[str, Any]:
    """The plaintext document of `session` saved at `saved_t` seconds."""
    return document(
        session.protocol,
        session_id=session.session_id,
        created=session.created,
        events=list(session.events),
        saved_t=saved_t,
        rows=rows,
    )


def encode(doc: dict[str, Any], recipients: Sequence[x25519.Recipient]) -> bytes:
    """A document as the bytes of its file: TOML, encrypted to every recipient."""
    return encrypt(to_toml(doc).encode(), recipients)


def save(path: Path, doc: dict[str, Any], recipients: Sequence[x25519.Recipient]) -> None:
    """A document written as its file, atomically."""
    write(path, to_toml(doc).encode(), recipients)
