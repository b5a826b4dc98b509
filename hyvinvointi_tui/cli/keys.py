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
    from ..store.course import add_teacher
    from ..store.keys import KeyProblem, fingerprint
    from ..store.paths import home

    try:
        added = add_teacher(home(), args.recipient, args.name, args.contact)
    except KeyProblem as exc:
        return fail(str(exc))
    short = fingerprint(args.recipient.strip())
    print(f"Teacher {short} added." if added else f"Teacher {short} was already there.")
    return 0
