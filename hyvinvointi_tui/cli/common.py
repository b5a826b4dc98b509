"""What the commands share: failing with a message, the passphrase, the keys to open files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyrage import x25519


def fail(message: str) -> int:
    from ..core.untrusted import visible

    # A message may name a file found in a folder, or quote a file: never a control character.
    print(visible(message), file=sys.stderr)
    return 1


# A yes in any of the program's languages (the questions themselves are in English).
YES = frozenset({"y", "yes", "k", "kyllä", "j", "ja"})


def confirmed(question: str) -> bool:
    """Asked on the terminal: "question [y/N]"; no unless the answer is a yes."""
    return input(f"{question} [y/N] ").strip().lower() in YES


# How many times a new passphrase is asked on a terminal before giving up.
NEW_PASSPHRASE_TRIES = 3


def passphrase(*, twice: bool, new: bool = False) -> str:
    """From HYVINVOINTI_PASSPHRASE (a new one: HYVINVOINTI_NEW_PASSPHRASE), or asked on the
    terminal (never echoed or stored). `twice`: a new passphrase, typed twice; on a terminal
    one too short or typed differently the second time is asked again, up to
    NEW_PASSPHRASE_TRIES times; from the environment, one too short is refused as it is
    used (store/keys.py)."""
    import getpass
    import os

    from ..store.keys import MIN_PASSPHRASE, KeyProblem, check_new_passphrase
    from ..store.paths import NEW_PASSPHRASE_ENV, PASSPHRASE_ENV

    variable = NEW_PASSPHRASE_ENV if new else PASSPHRASE_ENV
    given = os.environ.get(variable)
    if given:
        return given  # a new one too short is refused in one line as it is used
    if not sys.stdin.isatty():
        raise SystemExit(f"no passphrase: set {variable} or run this in a terminal")
    if not twice:
        return getpass.getpass("Passphrase: ")
    print(
        f"Choose a passphrase of at least {MIN_PASSPHRASE} characters, for example a few "
        "words. It opens your key; if it is lost, your sessions cannot be opened by you "
        "(your teachers can still open them).",
        file=sys.stderr,
    )
    for _ in range(NEW_PASSPHRASE_TRIES):
        first = getpass.getpass("New passphrase: " if new else "Passphrase: ")
        try:
            check_new_passphrase(first)
        except KeyProblem as exc:
            print(f"{exc}. Try again.", file=sys.stderr)
            continue
        if getpass.getpass("The same passphrase again: ") == first:
            return first
        print("The two passphrases differ. Try again.", file=sys.stderr)
    raise SystemExit(f"no passphrase chosen in {NEW_PASSPHRASE_TRIES} tries: nothing was changed")


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
    import os

    if not any(isinstance(getattr(args, dest, None), str) for dest in TYPED_PATHS):
        return ""  # `demo`, `new` and the start screen: nothing to import for
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


def opening_keys(args: argparse.Namespace) -> list[x25519.Identity]:
    """A teacher's identity file (--identity), or the student's key after the passphrase.
    Raises KeyProblem."""
    from ..store.keys import KeyProblem, read_identity_file, unlock_student_identity
    from ..store.paths import home, identity_path

    if args.identity:
        return read_identity_file(Path(args.identity))
    base = home()
    if not identity_path(base).exists():
        # Said before any passphrase is asked: there is nothing it could open.
        raise KeyProblem(
            f"no student key in {base}: a student must run 'hyvinvointi init' first; "
            "a teacher gives their identity file with --identity KEYFILE"
        )
    return [unlock_student_identity(base, passphrase(twice=False))]
