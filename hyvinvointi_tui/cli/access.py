"""`hyvinvointi access FILE`: the client's copy of their data, written for printing."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from ..core.client import access_copy, access_html
from ..core.untrusted import visible_line
from ..i18n import t
from ..store.access_copy import (
    AccessCopyError,
    file_name,
    kept,
    open_sessions,
    write_access_copy,
)
from ..store.client_page import documents_folder
from ..store.keys import KeyProblem
from ..store.paths import DataFolderError, home
from ..store.session_file import SessionFileError
from .common import fail
from .opening import opening_keys


def access(args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        identities = opening_keys(args)
        opened = open_sessions(path, identities, chain=args.chain)
        sessions = [kept(loaded) for loaded in opened.sessions]
        copy = access_copy.build(sessions)
        if args.output:
            target = Path(args.output)
        else:
            stem = t(copy.lang, "access.file")
            code = sessions[-1].state.setup.client_code
            target = documents_folder() / file_name(stem, code, dt.date.today().isoformat())
        # The copy is recorded in the data folder: known before anything is written.
        base = home()
        written = write_access_copy(
            base, target, access_html.to_html(copy), [kept.session_id for kept in sessions]
        )
    except (KeyProblem, SessionFileError, AccessCopyError, DataFolderError) as exc:
        return fail(str(exc))
    if opened.missing:
        print(
            f"the session before it ({opened.missing}) was not found beside {path} or could "
            "not be opened: the copy holds the sessions from there on",
            file=sys.stderr,
        )
    count = len(sessions)
    print(
        visible_line(
            f"wrote {written} ({count} session{'s' if count > 1 else ''}): read it through "
            "with the teacher, give it to the client, then delete this unencrypted copy"
        )
    )
    return 0
