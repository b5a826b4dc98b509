"""The commands that read session and protocol files: export, consent, replay, protocol check
(the course figures are in figures.py)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.client import takeaway
from ..core.debrief import debrief_report
from ..core.model.client_events import CONSENT_ITEMS, ConsentItem
from ..core.model.protocol import ProtocolError, load_protocol, stale_contacts
from ..core.model.session_events import one_of
from ..core.page import to_html, to_markdown
from ..core.untrusted import visible, visible_line
from ..store.access_copy import copy_writer
from ..store.copies import record_copy
from ..store.debrief import comment_saver, open_chain, open_replay
from ..store.keys import KeyProblem
from ..store.paths import home
from ..store.session_document import parse, without_erased
from ..store.session_file import SessionFileError, decrypt
from ..store.session_store import SessionLocked
from ..store.typed_path import TypedPathProblem, write_output
from ..store.withdrawal import withdraw
from .common import fail
from .opening import opening_keys
from .serve import serve_replay

if TYPE_CHECKING:
    from pyrage import x25519

    from ..core.page import Page
    from ..store.session_document import LoadedSession


def export(args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        identities = opening_keys(args)
        plaintext = decrypt(path, identities)
        loaded = parse(path, plaintext)  # only a valid session document is exported
        if args.format != "toml":
            page = _debrief_page(loaded, identities) if args.debrief else _takeaway(loaded)
            plaintext = (to_markdown(page) if args.format == "md" else to_html(page)).encode()
        else:  # TOML allows no raw control character in a value; a tab or CR aside
            plaintext = without_erased(loaded, plaintext)
            plaintext = visible(plaintext.decode("utf-8")).encode()
    except (KeyProblem, SessionFileError) as exc:
        return fail(str(exc))
    if args.output:
        # The user asked for this plaintext file: it is recorded (never its content), so
        # that the start screen counts it and deleting the session deletes it.
        try:
            output = write_output(Path(args.output), plaintext)
        except TypedPathProblem as exc:
            return fail(f"--output: {exc}")
        kind = "toml" if args.format == "toml" else "report" if args.debrief else "page"
        record_copy(home(), output, loaded.meta.id, kind)
        print(visible_line(f"wrote {output}: it is not encrypted; delete it when done"))
    else:
        sys.stdout.write(plaintext.decode("utf-8"))
    return 0


def consent(args: argparse.Namespace) -> int:
    wanted = CONSENT_ITEMS if "all" in args.withdraw else args.withdraw
    items: list[ConsentItem] = [one_of(item, CONSENT_ITEMS) for item in wanted]
    path = Path(args.file)
    try:
        newly = withdraw(path, opening_keys(args), items)
    except (KeyProblem, SessionFileError, SessionLocked) as exc:
        return fail(str(exc))
    except OSError as exc:
        return fail(f"{path}: could not be saved ({exc.strerror}): nothing changed")
    if not newly:
        print(f"{path}: already withdrawn ({', '.join(items)}); nothing changed")
        return 0
    effects = {
        "notes": "the notes have left the file",
        "figures": "course figures leave this session out",
        "contact": "the client is not to be contacted for a follow-up",
    }
    print(f"{path}: withdrawal recorded with today's date")
    for item in newly:
        print(f"  {item}: {effects[item]}")
    return 0


def replay(args: argparse.Namespace) -> int:
    if args.serve:
        return serve_replay(args)
    # lazy: the replay's screens pull in Textual, 170 ms that export, stats and protocol
    # check (this module's other commands) never need
    from ..ui.replay.app import ReplayApp
    from ..ui.replay.screen import ReplayScreen

    path = Path(args.file)
    try:
        identities = opening_keys(args)
        paths, chain = open_chain(path, identities)
    except (KeyProblem, SessionFileError) as exc:
        return fail(str(exc))

    # A follow-up opens with the sessions before it: [ and ] move along the chain.
    screens = [
        ReplayScreen(
            opened.protocol,
            opened.replay,
            created=opened.meta.created,
            client_code=opened.meta.client_code,
            lang=args.lang or chain[-1].meta.lang,
            comments=opened.comments,
            assessment=opened.assessment,
            # The teacher (with an identity file) comments and assesses; the student's
            # replay shows them.
            save_comments=(
                comment_saver(file, opened.meta, identities[0]) if args.identity else None
            ),
            chain=(number, len(chain)) if len(chain) > 1 else None,
            # The client's copy of their data, of this session and the ones before it.
            write_access_copy=copy_writer(file, identities),
        )
        for number, (file, opened) in enumerate(zip(paths, chain, strict=True), 1)
    ]
    ReplayApp(screens).run()
    return 0


def _takeaway(loaded: LoadedSession) -> Page:
    return takeaway.build(loaded.protocol, loaded.state, loaded.meta.created)


def _debrief_page(loaded: LoadedSession, identities: list[x25519.Identity]) -> Page:
    opened = open_replay(loaded.path, identities, loaded)
    meta = opened.meta
    return debrief_report.build(
        opened.protocol,
        opened.replay,
        created=meta.created,
        client_code=meta.client_code,
        lang=meta.lang,
        comments=[(c.t, c.step, c.text) for c in opened.comments],
        assessment=opened.assessment,
    )


def protocol_check(args: argparse.Namespace) -> int:
    path = args.path

    try:
        protocol = load_protocol(Path(path))
    except ProtocolError as exc:
        return fail(exc.report())
    print(f"ok: {protocol.id} {protocol.version}, {len(protocol.steps)} steps")
    # A help contact's number goes home with a client in crisis: an old one may be wrong.
    for warning in stale_contacts(protocol, dt.date.today()):
        print(f"warning: {warning}", file=sys.stderr)
    return 0
