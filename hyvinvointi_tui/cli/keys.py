"""The key commands: the student's key pair, a teacher's identity file, the course's teachers."""

from __future__ import annotations

import argparse
from pathlib import Path

from .common import fail, passphrase


def init(args: argparse.Namespace) -> int:
    from ..store.keys import KeyProblem, create_student_identity
    from ..store.paths import home

    base = home()
    try:
        public = create_student_identity(base, passphrase(twice=True))
    except KeyProblem as exc:
        return fail(str(exc))
    print(f"Your key is ready in {base}.")
    print(f"Public key: {public}")
    return 0


def keygen(args: argparse.Namespace) -> int:
    from ..store.keys import KeyProblem, write_identity_file

    try:
        public = write_identity_file(Path(args.output))
    except KeyProblem as exc:
        return fail(str(exc))
    print(f"Identity written to {args.output}: keep it safe, it opens the sessions.")
    print(f"Public key: {public}")
    return 0


def add_teacher(args: argparse.Namespace) -> int:
    from ..core.course import fingerprint
    from ..store.course import add_teacher
    from ..store.keys import KeyProblem
    from ..store.paths import home

    try:
        added = add_teacher(home(), args.recipient, args.name, args.contact)
    except KeyProblem as exc:
        return fail(str(exc))
    except OSError as exc:
        return fail(f"the course could not be saved ({exc.strerror}): nothing was changed")
    short = fingerprint(args.recipient.strip())
    print(f"Teacher {short} added." if added else f"Teacher {short} was already there.")
    return 0


def change_passphrase(args: argparse.Namespace) -> int:
    """The old passphrase once, the new one twice; the key file replaced atomically."""
    from ..store.keys import KeyProblem, WrongPassphrase, change_passphrase
    from ..store.paths import home, identity_path

    base = home()
    if not identity_path(base).exists():
        return fail(f"no student key in {base}: run 'hyvinvointi init' first")
    old = passphrase(twice=False)
    new = passphrase(twice=True, new=True)
    try:
        change_passphrase(base, old, new)
    except WrongPassphrase:
        return fail("wrong passphrase: nothing was changed")
    except KeyProblem as exc:
        return fail(f"{exc}: nothing was changed")
    print("Your passphrase is changed: from now on only the new one opens your key.")
    print(
        f"Keep a copy of {identity_path(base)} somewhere safe (it is encrypted): without "
        "it or without the passphrase you cannot open your sessions; your teachers still can."
    )
    return 0
