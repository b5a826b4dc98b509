"""What the commands share: failing with a message, a yes on the terminal, the paths given.
This module is on the way to `--help`; asking for the passphrase is in opening.py."""

from __future__ import annotations

import argparse
import os
import sys


def fail(message: str) -> int:
    from ..core.untrusted import visible  # lazy: 12 ms `--help` does not need

    # A message may name a file found in a folder, or quote a file: never a control character.
    print(visible(message), file=sys.stderr)
    return 1


# A yes in any of the program's languages (the questions themselves are in English).
YES = frozenset({"y", "yes", "k", "kyllä", "j", "ja"})


def confirmed(question: str) -> bool:
    """Asked on the terminal: "question [y/N]"; no unless the answer is a yes."""
    return input(f"{question} [y/N] ").strip().lower() in YES


# Every argument that names a path, by its dest, and what it must be: a file to read, a
# file to write, a folder to read (store/typed_path.py).
TYPED_PATHS = {
    "file": "file",
    "path": "file",
    "identity": "file",
    "course": "file",
    "help_contacts": "file",
    "follow_up": "file",
    "protocol": "protocol",
    "output": "output",
    "csv": "output",
    "folder": "folder",
}


def typed_arguments(args: argparse.Namespace) -> str:
    """Each path given on the command line made absolute and checked (`~` expanded, a
    relative one under the current folder, an output's missing folder made 0700), in
    place; "" when all are usable, else why one is not, in one line."""
    if not any(isinstance(getattr(args, dest, None), str) for dest in TYPED_PATHS):
        return ""  # `demo`, `new` and the start screen: nothing to import for
    # lazy: 13 ms that `--help`, `demo` and the start screen do not need
    from ..store.typed_path import (
        TypedPathProblem,
        typed_existing_folder,
        typed_file,
        typed_output,
    )

    check = {"file": typed_file, "output": typed_output, "folder": typed_existing_folder}
    for dest, kind in TYPED_PATHS.items():
        given = getattr(args, dest, None)
        if not isinstance(given, str):
            continue
        if kind == "protocol":
            # A shipped protocol's name is no path; a name with a slash or .toml is.
            seps = {"/", os.sep, os.altsep or "/"}
            named = any(sep in given for sep in seps) or given.endswith(".toml")
            if not (named or given.startswith("~") or os.path.lexists(given)):
                continue
            kind = "file"
        try:
            setattr(args, dest, str(check[kind](given)))
        except TypedPathProblem as exc:
            option = dest.replace("_", "-")
            where = option.upper() if dest in ("file", "path", "folder") else f"--{option}"
            return f"{where}: {exc}"
    return ""
