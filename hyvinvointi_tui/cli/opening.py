"""The keys a command opens files with: the passphrase (from the environment or asked on the
terminal) and the student's key it unlocks, or a teacher's identity file."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..store.keys import (
    MIN_PASSPHRASE,
    KeyProblem,
    check_new_passphrase,
    read_identity_file,
    unlock_student_identity,
)
from ..store.paths import NEW_PASSPHRASE_ENV, PASSPHRASE_ENV, home, identity_path

if TYPE_CHECKING:
    from pyrage import x25519

# How many times a new passphrase is asked on a terminal before giving up.
NEW_PASSPHRASE_TRIES = 3


def passphrase(*, twice: bool, new: bool = False) -> str:
    """From HYVINVOINTI_PASSPHRASE (a new one: HYVINVOINTI_NEW_PASSPHRASE), or asked on the
    terminal (never echoed or stored). `twice`: a new passphrase, typed twice; on a terminal
    one too short or typed differently the second time is asked again, up to
    NEW_PASSPHRASE_TRIES times; from the environment, one too short is refused as it is
    used (store/keys.py)."""
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


def opening_keys(args: argparse.Namespace) -> list[x25519.Identity]:
    """A teacher's identity file (--identity), or the student's key after the passphrase.
    Raises KeyProblem."""
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
