"""The key commands: the student's key pair, a teacher's identity file, the course's teachers."""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from ..core.model.course import fingerprint
from ..core.untrusted import visible_line
from ..store.course import CourseProblem, read_course, read_course_file
from ..store.course import add_teacher as add_course_teacher
from ..store.keys import (
    KeyProblem,
    WrongPassphrase,
    create_student_identity,
    parse_recipient,
    protect_identity,
    unlock_student_identity,
    write_identity_file,
)
from ..store.paths import home, identity_path, public_key_path, sessions_dir
from ..store.preferences import read_preferences, save_preferences
from ..store.rekey import NewKeys, rekey_folder
from .common import fail
from .opening import opening_keys, passphrase


def init(args: argparse.Namespace) -> int:
    base = home()
    if identity_path(base).exists():  # said before a passphrase is asked for nothing
        return fail(f"{identity_path(base)} exists already: this student has a key")
    try:
        public = create_student_identity(base, passphrase(twice=True))
    except KeyProblem as exc:
        return fail(str(exc))
    print(f"Your key is ready in {base}.")
    print(f"Public key: {public}")
    return 0


def keygen(args: argparse.Namespace) -> int:
    try:
        public = write_identity_file(Path(args.output))
    except KeyProblem as exc:
        return fail(str(exc))
    print(f"Identity written to {args.output}: keep it safe, it opens the sessions.")
    print(f"Public key: {public}")
    return 0


def add_teacher(args: argparse.Namespace) -> int:
    try:
        added = add_course_teacher(home(), args.recipient, args.name, args.contact)
    except KeyProblem as exc:
        return fail(str(exc))
    except OSError as exc:
        return fail(f"the course could not be saved ({exc.strerror}): nothing was changed")
    short = fingerprint(args.recipient.strip())
    print(f"Teacher {short} added." if added else f"Teacher {short} was already there.")
    return 0


def change_passphrase(args: argparse.Namespace) -> int:
    """The old passphrase once, checked, then the new one twice; the key file replaced
    atomically."""
    base = home()
    if not identity_path(base).exists():
        return fail(f"no student key in {base}: run 'hyvinvointi init' first")
    try:
        # The old one is checked before the new one is asked: a mistyped old passphrase
        # is said at once, not after the new one has been typed twice.
        identity = unlock_student_identity(base, passphrase(twice=False))
    except WrongPassphrase:
        return fail("wrong passphrase: nothing was changed")
    except KeyProblem as exc:
        return fail(f"{exc}: nothing was changed")
    new = passphrase(twice=True, new=True)
    try:
        protect_identity(base, identity, new)
    except KeyProblem as exc:
        return fail(f"{exc}: nothing was changed")
    except OSError as exc:
        return fail(f"{identity_path(base)}: not written ({exc.strerror}): nothing was changed")
    print("Your passphrase is changed: from now on only the new one opens your key.")
    print(
        f"Keep a copy of {identity_path(base)} somewhere safe (it is encrypted): without "
        "it or without the passphrase you cannot open your sessions; your teachers still can."
    )
    return 0


def partner(args: argparse.Namespace) -> int:
    """Show the student's own public key (to give to the partner) and the partner kept; keep
    a partner's key for new sessions, or forget it."""
    base = home()
    preferences = read_preferences(base)
    if args.remove or args.recipient:
        key = ""
        if args.recipient:
            key = args.recipient.strip()
            try:
                parse_recipient(key)
            except KeyProblem as exc:
                return fail(f"{exc}: nothing was changed")
        try:
            save_preferences(base, preferences.replace(partner=key))
        except OSError as exc:
            return fail(f"the preferences could not be saved ({exc.strerror}): nothing changed")
        if key:
            print(f"Partner {fingerprint(key)} kept: new sessions are encrypted to them too.")
        else:
            print("No partner kept: new sessions are encrypted to you and the teachers only.")
        return 0
    try:
        own = public_key_path(base).read_text(encoding="ascii").strip()
        parse_recipient(own)
        print(f"Your public key (give it to your partner): {own}")
    except (OSError, UnicodeDecodeError, KeyProblem):
        print(f"No key of yours in {base}: run 'hyvinvointi init' first.")
    if preferences.partner:
        print(f"Partner kept for new sessions: {preferences.partner}")
    else:
        print("No partner kept: 'hyvinvointi partner age1…' keeps one for new sessions.")
    return 0


def rekey(args: argparse.Namespace) -> int:
    """Re-encrypt a folder of sessions and their comments to the course's current teachers,
    each session's student and partners: one line per file, then a summary."""
    if args.identity and not args.course:
        return fail(
            "a teacher gives the course file with --course FILE: the files are re-encrypted "
            "to its teachers"
        )
    try:
        course = read_course_file(Path(args.course)) if args.course else read_course(home())
    except CourseProblem as exc:
        return fail(f"{exc}: nothing was re-keyed")
    if not course.teachers:
        return fail(
            "the course names no teacher (or you have joined none): re-keying would leave no "
            "teacher able to open the sessions; nothing was re-keyed"
        )
    folder = Path(args.folder) if args.folder else sessions_dir(home())
    if not folder.is_dir():
        return fail(f"{folder}: no such folder")
    try:
        identities = opening_keys(args)  # said after the checks above: no passphrase wasted
    except KeyProblem as exc:
        return fail(str(exc))
    teachers = ", ".join(
        " ".join(part for part in (fingerprint(t.recipient), t.name) if part)
        for t in course.teachers
    )
    print(
        visible_line(
            f"{'Checking' if args.dry_run else 'Re-keying'} {folder}: each session to its "
            f"student, their partners and the course's teachers ({teachers})"
        )
    )
    student = None if args.identity else str(identities[0].to_public())
    keys = NewKeys(
        teachers=[t.recipient for t in course.teachers], course=course.name, student=student
    )
    done, skipped = 0, Counter[str]()
    for outcome in rekey_folder(folder, identities, keys, dry_run=args.dry_run):
        name = outcome.path.name
        if outcome.skipped:
            skipped[outcome.skipped] += 1
            print(visible_line(f"skipped   {name}: {outcome.detail or outcome.skipped}"))
        else:
            done += 1
            print(visible_line(f"{'would re-key' if args.dry_run else 're-keyed '} {name}"))
    reasons = ", ".join(f"{count} {reason}" for reason, count in skipped.most_common())
    would = "would be " if args.dry_run else ""
    summary = f"{done} {would}re-keyed, {sum(skipped.values())} {would}skipped"
    print(f"{summary} ({reasons})" if reasons else summary)
    return 1 if skipped else 0
