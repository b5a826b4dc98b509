"""The client's copy of their data, on disk: the sessions it is made of (one, or a chain of
a first session and its follow-ups found beside it), and the plaintext HTML file written
for the client, 0600 in a folder made 0700, recorded as a plaintext copy of each session.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from pyrage import x25519

from ..core.client.access_copy import Kept, build
from ..core.client.access_html import to_html
from ..core.record import Record, record
from ..i18n import t
from .client_page import documents_folder
from .copies import record_copy
from .paths import DataFolderError, home
from .session_document import LoadedSession, load
from .session_file import SessionFileError, earlier_file
from .typed_path import TypedPathProblem, folder_or_reason, led_to, write_output


class AccessCopyError(Exception):
    """The copy cannot be written where asked; the message says where and why."""


@record
class Opened(Record):
    """The sessions of the copy, oldest first, and the id of an earlier session the chain
    names but that could not be found beside them or opened ("" when none)."""

    sessions: list[LoadedSession]
    missing: str = ""


def open_sessions(path: Path, identities: Sequence[x25519.Identity], *, chain: bool) -> Opened:
    """The session at `path` and, with `chain`, the ones it follows up, found beside it by
    the session id in their names (as the replay finds them). Raises SessionFileError for
    the session asked for; an earlier one that is missing or cannot be opened ends the
    chain and is named in `missing`."""
    loaded = load(path, identities)
    sessions = [loaded]
    seen = {loaded.meta.id}
    wanted = loaded.meta.follow_up_of if chain else ""
    while wanted and wanted not in seen:
        seen.add(wanted)
        found = earlier_file(path, wanted)
        try:
            if found is None:
                return Opened(sessions=sessions, missing=wanted)
            earlier = load(found, identities)
        except SessionFileError:
            return Opened(sessions=sessions, missing=wanted)
        sessions.insert(0, earlier)
        wanted = earlier.meta.follow_up_of
    return Opened(sessions=sessions)


def kept(loaded: LoadedSession) -> Kept:
    """A loaded session as the copy reads it: its protocol and its folded state."""
    return Kept(
        protocol=loaded.protocol,
        state=loaded.state,
        created=loaded.meta.created,
        session_id=loaded.meta.id,
    )


def file_name(stem: str, client_code: str, day: str) -> str:
    """STEM-CODE-DAY.html; of the client code only letters, digits, - and _ are kept."""
    code = "".join(ch for ch in client_code if ch.isalnum() or ch in "-_")
    return f"{stem}-{code or 'asiakas'}-{day}.html"


def write_access_copy(home: Path, target: Path, page: str, session_ids: Sequence[str]) -> Path:
    """Write the page at `target` (0600; missing folders are made 0700) and record it as a
    plaintext copy of each session in the data folder `home`. Refuses a target that is a
    symbolic link or not a regular file. Raises AccessCopyError."""
    try:
        target = write_output(target, page.encode("utf-8"))
    except TypedPathProblem as exc:
        raise AccessCopyError(str(exc)) from None
    for session_id in session_ids:
        record_copy(home, target, session_id, "access")
    return target


@record
class CopyWriter(Record):
    """For the replay: the client's copy of the session at `path` and the ones before it
    (ReplayScreen's AccessCopyWriter)."""

    path: Path
    identities: Sequence[x25519.Identity]

    def offered(self) -> Path:
        """Where the copy is offered to go: the documents folder."""
        return documents_folder()

    def folder(self, typed: str, lang: str) -> Path | str:
        """The folder a person typed, made usable, or why it cannot be, in `lang`
        (store/typed_path.py)."""
        return folder_or_reason(typed, lang)

    def through_link(self, typed: str, folder: Path) -> bool:
        """Whether `typed` is `folder` only by way of a symbolic link (store/typed_path.py)."""
        return led_to(typed, folder)

    def write(self, folder: Path) -> Path | str:
        """Write the copy into `folder`: the file written, or why it was not (a str)."""
        try:
            return self._write(folder)
        except AccessCopyError as exc:
            return str(exc)

    def _write(self, folder: Path) -> Path:
        try:
            opened = open_sessions(self.path, self.identities, chain=True)
            base = home()
        except (SessionFileError, DataFolderError) as exc:
            raise AccessCopyError(str(exc)) from None
        sessions = [kept(loaded) for loaded in opened.sessions]
        copy = build(sessions)
        name = file_name(
            t(copy.lang, "access.file"),
            sessions[-1].state.setup.client_code,
            dt.date.today().isoformat(),
        )
        ids = [session.session_id for session in sessions]
        return write_access_copy(base, folder / name, to_html(copy), ids)


def copy_writer(path: Path, identities: Sequence[x25519.Identity]) -> CopyWriter:
    """The replay's writer of the client's copy of the session at `path`."""
    return CopyWriter(path=path, identities=list(identities))
