"""`hyvinvointi demo`: a complete session with a fictional client, at once. It opens no
student and reads no course, so it imports neither (ui/app.py is what its first screen needs)."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from pyrage import x25519

from ..core.model.protocol import ProtocolError, resolve_protocol
from ..store.paths import private_dir
from ..store.session_store import SessionStore
from ..ui.app import HyvinvointiApp
from ..ui.stopping import StopSignals
from .common import fail


def run_demo(args: argparse.Namespace) -> int:
    """A fictional session saved like a real one, but with a throw-away key held only in
    memory, in a temp folder that is removed at exit."""
    try:
        protocol = resolve_protocol("hyvinvointikeskustelu")
    except ProtocolError as exc:
        return fail(exc.report())
    # Before the temp folder: a closed terminal or SIGTERM from now on lets it be removed
    # (ui/stopping.py).
    StopSignals.install()
    with tempfile.TemporaryDirectory(prefix="hyvinvointi-demo-") as folder:
        identity = x25519.Identity.generate()
        store = SessionStore(private_dir(Path(folder) / "sessions"), [identity.to_public()])
        try:
            HyvinvointiApp.demo(protocol, lang=args.lang, store=store).run()
        finally:
            store.close()
    return 0
