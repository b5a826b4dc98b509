"""`hyvinvointi replay FILE --identity KEYFILE --serve [--port N]`: the debrief on the
projector. The replay is served to a browser on this computer (cli/replay_server.py); each
browser connection runs `hyvinvointi replay FILE --identity KEYFILE` of its own, with the same
files where they are (nothing is copied).

A teacher's identity file is required: a student's own key asks for its passphrase on the
terminal, which the served command has not got, and a passphrase typed on a projected page
would be asked again at every reload. The key is tried on the file before anything is
served, so a wrong key or a damaged file is one line here, not a blank page in the browser.
"""

from __future__ import annotations

import argparse
import gc
import os
import shlex
import socket
import subprocess
import sys
from pathlib import Path

from ..store.debrief import open_chain
from ..store.keys import KeyProblem
from ..store.session_file import SessionFileError
from .common import fail
from .opening import opening_keys

# cmd.exe expands %NAME% and reads " even inside a quoted argument: a value holding one
# could not be passed safely, so it is refused (Windows only; untested there).
WINDOWS_UNSAFE = frozenset('%"')


class UnsafeValue(ValueError):
    """A value that cannot be put on the served command line safely."""


def served_command(
    file: str, identity: str, lang: str | None, *, windows: bool = os.name == "nt"
) -> str:
    """The shell command textual-serve runs per browser connection: this Python running
    `hyvinvointi replay FILE --identity KEYFILE [--lang L]` (the same installation as the
    command that serves, whatever is on PATH), every value quoted so that it stays one
    argument, whatever it holds. Raises UnsafeValue on Windows for a value cmd.exe would
    read."""
    argv = [sys.executable, "-m", "hyvinvointi_tui.cli", "replay", file, "--identity", identity]
    if lang:
        argv += ["--lang", lang]
    if not windows:
        return shlex.join(argv)
    for value in argv:
        if WINDOWS_UNSAFE & set(value):
            raise UnsafeValue(f'{value}: a path with % or " cannot be served on Windows')
    return subprocess.list2cmdline(argv)


def serve_replay(args: argparse.Namespace) -> int:
    # Turned off while an app starts (cli/__init__.py); no app runs in this process.
    gc.enable()
    if not args.identity:
        return fail(
            "--serve needs a teacher's identity file (--identity KEYFILE): a student's key "
            "asks for its passphrase, which a served page does not; run the replay in a "
            "terminal instead"
        )
    if not 1024 <= args.port <= 65535:
        return fail(f"--port {args.port}: choose a port from 1024 to 65535")
    try:  # lazy: textual-serve is an optional extra
        from .replay_server import ReplayServer, quiet_exit
    except ImportError:
        return fail(
            "--serve needs textual-serve: install hyvinvointi with its 'serve' extra "
            "(pipx install './hyvinvointi_tui-….whl[serve]', or pipx inject hyvinvointi-tui "
            "textual-serve)"
        )
    path = Path(args.file)
    try:
        open_chain(path, opening_keys(args))
        command = served_command(args.file, args.identity, args.lang)
    except (KeyProblem, SessionFileError, UnsafeValue) as exc:
        return fail(str(exc))
    # Tried first: textual-serve says where it serves before it listens.
    problem = port_problem(args.port)
    if problem:
        return fail(problem)
    server = ReplayServer(command, args.port, "hyvinvointi replay", served=path.name)
    try:
        server.serve()
    except OSError as exc:
        return fail(f"--port {args.port}: cannot listen on it ({exc.strerror or exc})")
    finally:
        quiet_exit()
    return 0


def port_problem(port: int) -> str:
    """Why the server could not listen on 127.0.0.1:port, or "" when it can."""
    from .replay_server import HOST  # lazy: an optional extra (asked only once it imported)

    with socket.socket() as probe:
        # As the server binds: a port whose last connection is still closing is free.
        if os.name != "nt":
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError as exc:
            return f"--port {port}: cannot listen on it ({exc.strerror}); choose another"
    return ""
