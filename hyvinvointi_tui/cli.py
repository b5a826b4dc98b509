"""Command-line entry point. The Textual UI is imported only by the commands that run it,
so `--help`, `--version` and `protocol check` stay fast."""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__

if TYPE_CHECKING:
    from collections.abc import Callable

    from pyrage import x25519

    from .core.comments import Comment
    from .core.page import Page
    from .core.protocol import Protocol
    from .store.session_file import LoadedSession, SessionMeta
    from .store.student import Student

LANGS = ("fi", "en", "sv")


class _Skipped:
    """Stands in for the parser of a command that was not given: it takes the same calls
    and keeps nothing."""

    def add_argument(self, *args: object, **kwargs: object) -> None:
        pass

    def set_defaults(self, **kwargs: object) -> None:
        pass

    def add_subparsers(self, **kwargs: object) -> _Skipped:
        return self

    def add_parser(self, name: str, **kwargs: object) -> _Skipped:
        return self


class _Commands:
    """The subcommands, built only for the command given when one is. Each parser costs
    ~0.6 ms (argparse asks gettext for its headings, a search of the locale folders each
    time), and start-up is measured against a minimal Textual app (SPEC section 5)."""

    def __init__(self, commands: Any, wanted: str | None) -> None:
        self.commands = commands
        self.wanted = wanted
        self.names: list[str] = []

    def add_parser(self, name: str, **kwargs: Any) -> Any:
        self.names.append(name)
        if self.wanted is not None and name != self.wanted:
            return _Skipped()
        return self.commands.add_parser(name, **kwargs)


def _parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The command line. Given the arguments, the parser knows only the command they name
    (all commands when they name none, or one that does not exist, so that help and
    errors list every command)."""
    wanted = argv[0] if argv and not argv[0].startswith("-") else None
    parser = argparse.ArgumentParser(
        prog="hyvinvointi",
        description=(
            "A keyboard-first guide for the Hyvinvointikeskustelu (wellbeing conversation). "
            "Run with no command for the start screen; try 'hyvinvointi demo' first."
        ),
    )
    parser.add_argument("--version", action="version", version=f"hyvinvointi {__version__}")
    commands = _Commands(parser.add_subparsers(dest="command", metavar="COMMAND"), wanted)

    demo = commands.add_parser(
        "demo",
        help="a complete session with a fictional client; no set-up",
        description="Start a session with a fictional client at once. Nothing is saved.",
    )
    demo.add_argument("--lang", choices=LANGS, default="fi", help="session language (fi)")

    new = commands.add_parser(
        "new",
        help="start a new session",
        description=(
            "Start a new session. With --client it opens at the first step; "
            "the rest of the setup stays reachable with ctrl+g."
        ),
    )
    new.add_argument("--client", metavar="CODE", help="client code such as K-014 (never a name)")
    new.add_argument(
        "--lang", choices=LANGS, help="session language (fi; a follow-up: the previous one's)"
    )
    new.add_argument(
        "--protocol",
        metavar="NAME|PATH",
        help="a shipped protocol's name or a protocol file "
        "(hyvinvointikeskustelu; a follow-up: seurantakeskustelu)",
    )
    new.add_argument(
        "--follow-up",
        metavar="FILE",
        help="follow up a closed session: its client code, language, goals, stress, time "
        "circles, OSA and agreed focus are carried over, and its deferred steps come first",
    )

    init = commands.add_parser(
        "init",
        help="create the student's key pair (asks for a passphrase twice)",
        description=(
            "Create the student's key pair in the data folder. The secret key is kept "
            "encrypted with your passphrase; HYVINVOINTI_PASSPHRASE is used if set."
        ),
    )
    init.set_defaults(handler=_init)

    keygen = commands.add_parser(
        "keygen",
        help="create a teacher identity file (age-keygen format)",
        description="Create a teacher identity file and print its public key (age1…).",
    )
    keygen.add_argument("-o", "--output", metavar="FILE", required=True)
    keygen.set_defaults(handler=_keygen)

    course = commands.add_parser("course", help="course settings: the teachers' keys")
    course_commands = course.add_subparsers(dest="course_command", metavar="ACTION")
    add_teacher = course_commands.add_parser(
        "add-teacher",
        help="let a teacher open this student's sessions",
        description="Add a teacher's public key (age1…): new sessions are encrypted to it too.",
    )
    add_teacher.add_argument("recipient", metavar="age1…")
    add_teacher.add_argument("--name", default="", help="the teacher's name, for the list")
    add_teacher.add_argument(
        "--contact",
        default="",
        help="how students reach the teacher during a session (shown in the crisis reminder)",
    )
    add_teacher.set_defaults(handler=_add_teacher)

    resume = commands.add_parser(
        "resume",
        help="continue an unfinished session (the newest if no FILE)",
        description="Open a saved session where it was left; the time away counts as a pause.",
    )
    resume.add_argument("file", metavar="FILE", nargs="?")

    replay = commands.add_parser(
        "replay",
        help="the debrief view of a session: timeline, events, the state at any instant",
        description=(
            "Open a session for the debrief, with a teacher's identity file or the student's "
            "own key (after the passphrase). Nothing is written."
        ),
    )
    replay.add_argument("file", metavar="FILE")
    replay.add_argument("--identity", metavar="KEYFILE", help="a teacher's identity file")
    replay.add_argument(
        "--lang", choices=LANGS, help="the view's language (default: the session's)"
    )
    replay.set_defaults(handler=_replay)

    stats = commands.add_parser(
        "stats",
        help="course figures: one row per session, no free text, no client codes",
        description=(
            "Read every session in FOLDER that the key opens and print a short summary; with "
            "--csv, write one row per session (numbers and fixed words only; the client code "
            "becomes a salted hash). Files the key cannot open are counted and named."
        ),
    )
    stats.add_argument("folder", metavar="FOLDER")
    stats.add_argument("--identity", metavar="KEYFILE", help="a teacher's identity file")
    stats.add_argument("--csv", metavar="OUT", help="write the rows here")
    stats.set_defaults(handler=_stats)

    export = commands.add_parser(
        "export",
        help="print or write a session's content, or the client's take-away page",
        description=(
            "Decrypt a session file in memory, with the student's key (after the passphrase) "
            "or a teacher's identity file. toml: the whole session document. md, html: the "
            "client's take-away page in the session's language (goals, actions, what happens "
            "next; the instruments' results only where ticked at closing; never the notes)."
        ),
    )
    export.add_argument("file", metavar="FILE")
    export.add_argument("--format", choices=("toml", "md", "html"), default="toml")
    export.add_argument("--identity", metavar="KEYFILE", help="a teacher's identity file")
    export.add_argument("-o", "--output", metavar="OUT", help="write here instead of printing")
    export.add_argument(
        "--debrief",
        action="store_true",
        help="md/html: the debrief report (timings, results, markers, teacher's comments) "
        "instead of the client's page",
    )
    export.set_defaults(handler=_export)

    protocol = commands.add_parser("protocol", help="work with protocol files")
    protocol_commands = protocol.add_subparsers(dest="protocol_command", metavar="ACTION")
    check = protocol_commands.add_parser(
        "check",
        help="validate a protocol file",
        description="Validate a protocol file: prints 'ok', or every problem and exits 1.",
    )
    check.add_argument("path", metavar="PATH")
    if wanted is not None and wanted not in commands.names:
        return _parser()
    return parser


def _fail(message: str) -> int:
    from .core.untrusted import visible

    # A message may name a file found in a folder, or quote a file: never a control character.
    print(visible(message), file=sys.stderr)
    return 1


def _passphrase(*, twice: bool) -> str:
    """From HYVINVOINTI_PASSPHRASE, or asked on the terminal (never echoed or stored)."""
    import getpass
    import os

    from .store.paths import PASSPHRASE_ENV

    given = os.environ.get(PASSPHRASE_ENV)
    if given:
        return given
    if not sys.stdin.isatty():
        raise SystemExit(f"no passphrase: set {PASSPHRASE_ENV} or run this in a terminal")
    if twice:
        from .store.keys import MIN_PASSPHRASE

        print(
            f"Choose a passphrase of at least {MIN_PASSPHRASE} characters, for example a few "
            "words. It opens your key; if it is lost, your sessions cannot be opened by you "
            "(your teachers can still open them).",
            file=sys.stderr,
        )
    first = getpass.getpass("Passphrase: ")
    if twice:
        from .store.keys import MIN_PASSPHRASE

        if len(first) < MIN_PASSPHRASE:
            raise SystemExit(
                f"the passphrase is too short: use at least {MIN_PASSPHRASE} characters "
                "(anyone with a copy of your key file can try passphrases on it offline)"
            )
        if getpass.getpass("The same passphrase again: ") != first:
            raise SystemExit("the two passphrases differ: nothing was created")
    return first


def _init(args: argparse.Namespace) -> int:
    from .store.keys import KeyProblem, create_student_identity
    from .store.paths import home

    base = home()
    try:
        public = create_student_identity(base, _passphrase(twice=True))
    except KeyProblem as exc:
        return _fail(str(exc))
    print(f"Your key is ready in {base}.")
    print(f"Public key: {public}")
    return 0


def _keygen(args: argparse.Namespace) -> int:
    from .store.keys import KeyProblem, write_identity_file

    try:
        public = write_identity_file(Path(args.output))
    except KeyProblem as exc:
        return _fail(str(exc))
    print(f"Identity written to {args.output}: keep it safe, it opens the sessions.")
    print(f"Public key: {public}")
    return 0


def _add_teacher(args: argparse.Namespace) -> int:
    from .store.keys import KeyProblem, add_teacher, fingerprint
    from .store.paths import home

    try:
        added = add_teacher(home(), args.recipient, args.name, args.contact)
    except KeyProblem as exc:
        return _fail(str(exc))
    short = fingerprint(args.recipient.strip())
    print(f"Teacher {short} added." if added else f"Teacher {short} was already there.")
    return 0


def _export(args: argparse.Namespace) -> int:
    from .core.page import to_html, to_markdown
    from .core.untrusted import visible
    from .store.atomic import write_atomic
    from .store.keys import KeyProblem
    from .store.session_file import SessionFileError, decrypt, parse

    path = Path(args.file)
    try:
        identities = _identities(args)
        plaintext = decrypt(path, identities)
        loaded = parse(path, plaintext)  # only a valid session document is exported
        if args.format != "toml":
            page = _debrief_page(loaded, identities) if args.debrief else _takeaway(loaded)
            plaintext = (to_markdown(page) if args.format == "md" else to_html(page)).encode()
        else:  # TOML allows no raw control character in a value; a tab or CR aside
            plaintext = visible(plaintext.decode("utf-8")).encode()
    except (KeyProblem, SessionFileError) as exc:
        return _fail(str(exc))
    if args.output:
        # The user asked for this plaintext file; it is the only one ever written.
        write_atomic(Path(args.output), plaintext)
    else:
        sys.stdout.write(plaintext.decode("utf-8"))
    return 0


def _stats(args: argparse.Namespace) -> int:
    import csv
    import io

    from .core import stats
    from .core.untrusted import visible_line
    from .store.atomic import write_atomic
    from .store.debrief import DEBRIEF_SUFFIX
    from .store.keys import KeyProblem
    from .store.session_file import SUFFIX, SessionFileError, load

    folder = Path(args.folder)
    if not folder.is_dir():
        return _fail(f"{folder}: no such folder")
    try:
        identities = _identities(args)
    except KeyProblem as exc:
        return _fail(str(exc))
    # The same hash for a client in every run with this key (CSVs of a course can be joined);
    # derived from the secret key, so it is never written and cannot be had without it.
    salt = stats.key_salt(str(identities[0]))
    rows: list[dict[str, object]] = []
    unreadable: list[tuple[str, str]] = []
    read = 0
    no_consent = 0  # read, but the client did not agree to their use in course figures
    files = sorted(p for p in folder.glob(f"*{SUFFIX}") if not p.name.endswith(DEBRIEF_SUFFIX))
    for path in files:
        try:
            loaded = load(path, identities)
        except SessionFileError as exc:
            unreadable.append((path.name, str(exc).removeprefix(f"{path}: ")))
            continue
        read += 1
        if loaded.state.consent.get("figures") is not True:
            no_consent += 1
            continue
        rows.append(
            stats.row(loaded.protocol, loaded.events, loaded.meta.facts(), salt, loaded.state)
        )
    figures = stats.summary(rows)
    stress = ", ".join(f"{level}: {count}" for level, count in figures.stress.items())
    print(f"sessions read: {read} of {len(files)}")
    if no_consent:
        print(f"left out, no consent to their use in course figures: {no_consent}")
    if figures.unfinished:
        print(f"unfinished, left out of the figures below: {figures.unfinished}")
    print(f"closed sessions: {figures.sessions}")
    print(f"median duration: {figures.median_minutes} min")
    print(f"stress ratings: {stress}")
    if unreadable:
        print(f"not read: {len(unreadable)}")
        for name, reason in unreadable:
            print(visible_line(f"  {name}: {reason}"))
    if args.csv:
        columns: dict[str, None] = {}
        for row in rows:
            columns.update(dict.fromkeys(row))
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        write_atomic(Path(args.csv), out.getvalue().encode("utf-8"))
        print(f"wrote {len(rows)} rows to {args.csv}")
    return 0


def _identities(args: argparse.Namespace) -> list[x25519.Identity]:
    """A teacher's identity file (--identity), or the student's key after the passphrase.
    Raises KeyProblem."""
    from .store.keys import KeyProblem, read_identity_file, unlock_student_identity
    from .store.paths import home, identity_path

    if args.identity:
        return read_identity_file(Path(args.identity))
    base = home()
    if not identity_path(base).exists():
        # Said before any passphrase is asked: there is nothing it could open.
        raise KeyProblem(
            f"no student key in {base}: a student must run 'hyvinvointi init' first; "
            "a teacher gives their identity file with --identity KEYFILE"
        )
    return [unlock_student_identity(base, _passphrase(twice=False))]


def _replay(args: argparse.Namespace) -> int:
    from .store.debrief import open_chain
    from .store.keys import KeyProblem
    from .store.session_file import SessionFileError

    path = Path(args.file)
    gc.disable()  # until the replay is drawn (ui/memory.py)
    try:
        identities = _identities(args)
        paths, chain = open_chain(path, identities)
    except (KeyProblem, SessionFileError) as exc:
        return _fail(str(exc))
    from .ui.replay.app import ReplayApp
    from .ui.replay.screen import ReplayScreen

    # A follow-up opens with the sessions before it: [ and ] move along the chain.
    screens = [
        ReplayScreen(
            opened.protocol,
            opened.replay,
            created=opened.meta.created,
            client_code=opened.meta.client_code,
            lang=args.lang or chain[-1].meta.lang,
            comments=opened.comments,
            # The teacher (with an identity file) comments; the student's replay shows them.
            save_comments=(
                _comment_saver(file, opened.meta, identities[0]) if args.identity else None
            ),
            chain=(number, len(chain)) if len(chain) > 1 else None,
        )
        for number, (file, opened) in enumerate(zip(paths, chain, strict=True), 1)
    ]
    ReplayApp(screens).run()
    return 0


def _comment_saver(
    path: Path, meta: SessionMeta, teacher: x25519.Identity
) -> Callable[[list[Comment]], str]:
    """Save the debrief comments encrypted to this teacher and to everyone the session file
    names (the student first); returns "" or the reason it failed."""
    from .store.debrief import save_comments
    from .store.keys import KeyProblem, parse_recipient

    def save(comments: list[Comment]) -> str:
        keys = {str(teacher.to_public()), *meta.recipients}
        try:
            recipients = [parse_recipient(key) for key in sorted(keys)]
            save_comments(path, meta.id, comments, recipients)
        except (OSError, KeyProblem) as exc:
            return str(exc)
        return ""

    return save


def _takeaway(loaded: LoadedSession) -> Page:
    from .core import takeaway

    return takeaway.build(loaded.protocol, loaded.state, loaded.meta.created)


def _debrief_page(loaded: LoadedSession, identities: list[x25519.Identity]) -> Page:
    from .core import debrief_report
    from .store.debrief import open_replay

    opened = open_replay(loaded.path, identities, loaded)
    meta = opened.meta
    return debrief_report.build(
        opened.protocol,
        opened.replay,
        created=meta.created,
        client_code=meta.client_code,
        lang=meta.lang,
        comments=[(c.t, c.step, c.text) for c in opened.comments],
    )


def _protocol_check(path: str) -> int:
    import datetime as dt

    from .core.protocol import ProtocolError, load_protocol, stale_contacts

    try:
        protocol = load_protocol(Path(path))
    except ProtocolError as exc:
        return _fail(exc.report())
    print(f"ok: {protocol.id} {protocol.version}, {len(protocol.steps)} steps")
    # A help contact's number goes home with a client in crisis: an old one may be wrong.
    for warning in stale_contacts(protocol, dt.date.today()):
        print(f"warning: {warning}", file=sys.stderr)
    return 0


def _unlock_from_environment() -> Student | str | None:
    """With HYVINVOINTI_PASSPHRASE set, unlock here (automation); otherwise the TUI asks."""
    import os

    from .store.keys import KeyProblem
    from .store.paths import PASSPHRASE_ENV, home
    from .store.student import open_student

    passphrase = os.environ.get(PASSPHRASE_ENV)
    if not passphrase:
        return None
    try:
        return open_student(home(), passphrase)
    except KeyProblem as exc:
        return str(exc)


def _resume(args: argparse.Namespace, student: Student) -> int:
    from .store.student import reopen_or_reason

    if args.file:
        path = Path(args.file)
    else:
        newest = student.newest_unfinished()
        if newest is None:
            return _fail(f"no unfinished sessions in {student.folder}")
        path = newest
    opened = reopen_or_reason(student, path)
    if isinstance(opened, str):
        return _fail(opened)

    from .ui.app import HyvinvointiApp

    app = HyvinvointiApp(
        opened.protocol,
        lang=opened.session.state.setup.lang,
        session=opened.session,
        store=opened.store,
        student=student,
    )
    try:
        app.run()
    finally:
        opened.store.close()
    return 0


def _unlock(lang: str) -> Student | str | None:
    """The student's keys: from HYVINVOINTI_PASSPHRASE, or asked for in a screen."""
    from .store.paths import home, identity_path

    base = home()
    if not identity_path(base).exists():
        # Said before any passphrase is asked: there is no key to open yet.
        return (
            f"no student key in {base} yet: run 'hyvinvointi init' first to create it "
            "(or 'hyvinvointi demo' to try the app without one)"
        )
    found = _unlock_from_environment()
    if found is not None:
        return found
    from .ui.unlock import UnlockApp

    return UnlockApp(base, lang).run()


def _teacher_warning(student: Student) -> bool:
    """No teacher key: say that the teacher cannot open the session; ask to go on."""
    if student.teachers:
        return True
    print(
        "No teacher's key is set (hyvinvointi course add-teacher age1…): "
        "the teacher will not be able to open this session.",
        file=sys.stderr,
    )
    if not sys.stdin.isatty():
        return True
    return input("Go on anyway? [y/N] ").strip().lower() in {"y", "yes", "k", "kyllä", "j", "ja"}


def _run_app(args: argparse.Namespace) -> int:
    from .core.client_code import check_client_code
    from .core.protocol import ProtocolError, resolve_protocol

    follow_up = getattr(args, "follow_up", None)
    default = "seurantakeskustelu" if follow_up else "hyvinvointikeskustelu"
    try:
        protocol = resolve_protocol(getattr(args, "protocol", None) or default)
    except ProtocolError as exc:
        return _fail(exc.report())
    from .i18n import system_language

    # The screens before a session (unlock, start) speak the session's language if one was
    # given, else the system's.
    screens_lang = getattr(args, "lang", None) or system_language()
    if getattr(args, "lang", "fi") is None:
        args.lang = None if follow_up else "fi"

    client = getattr(args, "client", None)
    if client is not None:
        problem = check_client_code(client)
        if problem is not None:
            from .i18n import t

            return _fail(f"--client: {t(args.lang or 'fi', f'setup.err_{problem}')}")

    if args.command == "demo":
        return _run_demo(protocol, args.lang)

    student = _unlock(screens_lang)
    if student is None:
        return _fail("no passphrase was given: nothing was opened")
    if isinstance(student, str):
        return _fail(student)
    from .store.paths import check_writable

    check_writable(student.folder)  # said now, not as a failed save mid-session
    if args.command == "resume":
        return _resume(args, student)
    previous = None
    if follow_up:
        from .store.student import follow_up_or_reason

        found = follow_up_or_reason(Path(follow_up), [student.identity])
        if isinstance(found, str):
            return _fail(found)
        if client is not None and client != found.client_code:
            return _fail(
                f"--client {client}: the session followed up is for {found.client_code}; "
                "a follow-up keeps the client code (leave --client out)"
            )
        client, previous = found.client_code, found.previous
        args.lang = args.lang or found.lang
    # Both ways to a new session (new, and the start screen) warn when no teacher can open it.
    if not _teacher_warning(student):
        return _fail("nothing was started")

    from .ui.app import HyvinvointiApp

    store = student.new_store()
    if args.command == "new":
        app = HyvinvointiApp.new_session(
            protocol,
            lang=args.lang,
            client_code=client,
            store=store,
            student=student,
            previous=previous,
        )
    else:
        app = HyvinvointiApp(protocol, lang=screens_lang, store=store, student=student)
    try:
        app.run()
    finally:
        if app.store is not None:
            app.store.close()
    return 0


def _run_demo(protocol: Protocol, lang: str) -> int:
    """A fictional session saved like a real one, but with a throw-away key held only in
    memory, in a temp folder that is removed at exit."""
    import tempfile

    from pyrage import x25519

    from .store.paths import private_dir
    from .store.session_store import SessionStore
    from .ui.app import HyvinvointiApp

    with tempfile.TemporaryDirectory(prefix="hyvinvointi-demo-") as folder:
        identity = x25519.Identity.generate()
        store = SessionStore(private_dir(Path(folder) / "sessions"), [identity.to_public()])
        try:
            HyvinvointiApp.demo(protocol, lang=lang, store=store).run()
        finally:
            store.close()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    from .store.paths import DataFolderError

    try:
        return _main(argv)
    except DataFolderError as exc:
        return _fail(str(exc))


def _main(argv: Sequence[str] | None = None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    parser = _parser(argv)
    args = parser.parse_args(argv)
    if args.command == "protocol":
        if args.protocol_command != "check":
            parser.parse_args(["protocol", "--help"])
        return _protocol_check(args.path)
    if args.command == "course" and args.course_command is None:
        parser.parse_args(["course", "--help"])
    handler = getattr(args, "handler", None)
    if handler is not None:
        result: int = handler(args)
        return result
    gc.disable()  # until the first screen is drawn (ui/memory.py)
    return _run_app(args)


if __name__ == "__main__":
    raise SystemExit(main())
