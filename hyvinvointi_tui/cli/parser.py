"""The command line: every command once, with its arguments and the handler that runs it.

A handler is named "module:function" (in this package) and imported only when its command
runs, so `--help`, `--version` and `protocol check` never load the UI. The parser is built
for the command given only (all of them for help, no command or an unknown one): 0.46 ms
for `demo` against 3.66 ms for all (median of 50, 3 December), as argparse asks gettext for
each subparser's headings (a search of the locale folders each time), and start-up is
measured against a minimal Textual app (docs/RELIABILITY.md). No stand-in classes are needed: the
table below is all the parser is built from.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .. import __version__
from ..i18n import LANGUAGES

LANGS = LANGUAGES

Arguments = Callable[[argparse.ArgumentParser], None]


@dataclass(frozen=True)
class Command:
    help: str
    description: str = ""
    arguments: Arguments | None = None
    # "module:function" in this package; a group (course, protocol) has actions instead.
    handler: str = ""
    actions: dict[str, Command] = field(default_factory=dict)
    # It runs a Textual app: the collector waits until its first screen is drawn.
    app: bool = False


def _demo(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=LANGS, default="fi", help="session language (fi)")


def _new(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--client", metavar="CODE", help="client code such as K-014 (never a name)")
    parser.add_argument(
        "--lang", choices=LANGS, help="session language (fi; a follow-up: the previous one's)"
    )
    parser.add_argument(
        "--protocol",
        metavar="NAME|PATH",
        help="a shipped protocol's name or a protocol file "
        "(hyvinvointikeskustelu; a follow-up: seurantakeskustelu)",
    )
    parser.add_argument(
        "--follow-up",
        metavar="FILE",
        help="follow up a closed session: its client code, language, goals, stress, time "
        "circles, OSA and agreed focus are carried over, and its deferred steps come first",
    )


def _keygen(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", metavar="FILE", required=True)


def _add_teacher(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("recipient", metavar="age1…")
    parser.add_argument("--name", default="", help="the teacher's name, for the list")
    parser.add_argument(
        "--contact",
        default="",
        help="how students reach the teacher during a session (shown in the crisis reminder)",
    )


def _days(text: str) -> int:
    """A retention period: whole days, 1 to ten years."""
    from ..core.model.course import MAX_RETENTION_DAYS  # lazy: 14 ms that `--help` does not need

    if not text.strip().isdigit() or not 1 <= int(text) <= MAX_RETENTION_DAYS:
        raise argparse.ArgumentTypeError(f"whole days from 1 to {MAX_RETENTION_DAYS}")
    return int(text)


def _processes(text: str) -> int:
    """A number of processes: 1 to 256."""
    if not text.strip().isdigit() or not 1 <= int(text) <= 256:
        raise argparse.ArgumentTypeError("a whole number from 1 to 256")
    return int(text)


def _course_new(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--name", required=True, help="the course's name")
    parser.add_argument(
        "--teacher", action="append", required=True, metavar="age1…", help="a teacher's key"
    )
    parser.add_argument("--teacher-name", action="append", metavar="NAME")
    parser.add_argument(
        "--contact", action="append", metavar="TEXT", help="how students reach that teacher"
    )
    parser.add_argument("--protocol", metavar="NAME|PATH", help="a shipped name or a file")
    parser.add_argument("--place", metavar="TEXT", help="where the sessions take place")
    parser.add_argument(
        "--appointments",
        metavar="TEXT",
        help="how a client cancels or moves an appointment (a phone number, an e-mail "
        "address): printed on the client's page beside the next appointment",
    )
    parser.add_argument(
        "--help-contacts",
        metavar="PATH",
        help="the region's help contacts and services: a TOML file of [[help_contacts]] and "
        "[[services]] tables, as in a protocol",
    )
    privacy = parser.add_argument_group(
        "the clients' data (printed on the client's privacy notice)"
    )
    privacy.add_argument(
        "--controller", metavar="NAME", help="who answers for the data: the school, by name"
    )
    privacy.add_argument(
        "--privacy-contact",
        metavar="TEXT",
        help="the school's data-protection contact (an e-mail address or a phone number)",
    )
    privacy.add_argument(
        "--retention-days",
        metavar="DAYS",
        type=_days,
        help="how many days a closed session is kept before it is due for deletion",
    )
    privacy.add_argument(
        "--purpose",
        metavar="TEXT",
        help="why the data is kept and on what legal basis, in a sentence, written in the "
        "language(s) of the clients: it is printed as given on every notice, so for fi, sv and "
        "en give all three, separated by ' / ' (at most 400 characters in all)",
    )
    privacy.add_argument(
        "--supervisor-phone", metavar="PHONE", help="the supervising teacher's phone"
    )
    parser.add_argument("-o", "--output", metavar="FILE", required=True)


def _course_join(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("--yes", action="store_true", help="join without being asked")


def _partner(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("recipient", metavar="age1…", nargs="?", help="the partner's public key")
    parser.add_argument("--remove", action="store_true", help="keep no partner any more")


def _remove_teacher(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("recipient", metavar="age1…")


def _resume(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", nargs="?")


def _identity(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--identity", metavar="KEYFILE", help="a teacher's identity file")


def _replay(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE")
    _identity(parser)
    parser.add_argument(
        "--lang", choices=LANGS, help="the view's language (default: the session's)"
    )
    # On 127.0.0.1 only: there is no option for another address (cli/replay_server.py).
    parser.add_argument(
        "--serve",
        action="store_true",
        help="serve the replay to a browser on this computer (127.0.0.1), for a projector; "
        "needs --identity",
    )
    parser.add_argument(
        "--port", type=int, default=8000, metavar="N", help="with --serve: the port (8000)"
    )


def _stats(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", metavar="FOLDER")
    _identity(parser)
    parser.add_argument("--csv", metavar="OUT", help="write the rows here")
    parser.add_argument(
        "--course",
        metavar="FILE",
        help="the course file: its salt gives every teacher of the course the same hashes",
    )
    parser.add_argument(
        "--processes",
        metavar="N",
        type=_processes,
        help="processes reading the files (default: one a core; 1 reads them in one)",
    )
    parser.add_argument(
        "--html",
        metavar="OUT",
        help="write the course report here: one printable page of charts, figures only",
    )
    parser.add_argument(
        "--lang", choices=LANGS, help="the report's language (default: the system's)"
    )


def _export(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("--format", choices=("toml", "md", "html"), default="toml")
    _identity(parser)
    parser.add_argument("-o", "--output", metavar="OUT", help="write here instead of printing")
    parser.add_argument(
        "--debrief",
        action="store_true",
        help="md/html: the debrief report (timings, results, markers, teacher's comments) "
        "instead of the client's page",
    )


def _consent(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE")
    parser.add_argument(
        "--withdraw",
        nargs="+",
        required=True,
        choices=("notes", "figures", "contact", "all"),
        metavar="ITEM",
        help="notes (the notes leave the file), figures (course figures leave the session "
        "out), contact (no contact for a follow-up), or all",
    )
    _identity(parser)


def _access(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE")
    parser.add_argument(
        "--chain",
        action="store_true",
        help="with the sessions this one follows up (found beside it): the client's whole "
        "chain up to FILE",
    )
    _identity(parser)
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="write here (default: the documents folder, named by the client code and date)",
    )


def _rekey(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "folder", metavar="FOLDER", nargs="?", help="the sessions (default: your sessions folder)"
    )
    _identity(parser)
    parser.add_argument(
        "--course",
        metavar="FILE",
        help="the course file whose teachers the files are encrypted to (default: the "
        "course you joined; a teacher must give it)",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="open and check every file, write nothing"
    )


def _delete(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE")
    parser.add_argument(
        "--chain",
        action="store_true",
        help="the client's whole chain: the first session and every follow-up",
    )
    parser.add_argument("--yes", action="store_true", help="delete without being asked")


def _notice(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang", choices=LANGS, help="the notice's language (default: your sessions')"
    )
    parser.add_argument(
        "--course",
        metavar="FILE",
        help="take the facts from this course file (default: the course you joined)",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="write the HTML here (default: the data folder's notices/ folder)",
    )


def _check(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH")


# Run with no command: the start screen (sessions.py:run_start).
START = "sessions:run_start"

COMMANDS: dict[str, Command] = {
    "demo": Command(
        "a complete session with a fictional client; no set-up",
        "Start a session with a fictional client at once. Nothing is saved.",
        _demo,
        "demo:run_demo",
        app=True,
    ),
    "new": Command(
        "start a new session",
        "Start a new session. With --client (or --follow-up) it opens at the "
        "preparation, the client code set; ctrl+n begins the conversation and the "
        "clock. The rest of the setup stays reachable with ctrl+g.",
        _new,
        "sessions:run_new",
        app=True,
    ),
    "init": Command(
        "create the student's key pair (asks for a passphrase twice)",
        "Create the student's key pair in the data folder. The secret key is kept "
        "encrypted with your passphrase; HYVINVOINTI_PASSPHRASE is used if set.",
        None,
        "keys:init",
    ),
    "keygen": Command(
        "create a teacher identity file (age-keygen format)",
        "Create a teacher identity file and print its public key (age1…).",
        _keygen,
        "keys:keygen",
    ),
    "passphrase": Command(
        "change the passphrase of your key (the old one once, the new one twice)",
        "Protect your key with a new passphrase. HYVINVOINTI_PASSPHRASE and "
        "HYVINVOINTI_NEW_PASSPHRASE are used if set. The key file is replaced atomically.",
        None,
        "keys:change_passphrase",
    ),
    "partner": Command(
        "your public key, and the partner whose key new sessions are encrypted to",
        "Without arguments: your own public key (give it to the student you run sessions "
        "with) and the partner kept. With a key: keep it, so that new sessions are "
        "encrypted to your partner too and they can open what you wrote together. The "
        "setup screen shows it and can change it for one session.",
        _partner,
        "keys:partner",
    ),
    "course": Command(
        "the course: its file, its teachers' keys",
        actions={
            "new": Command(
                "write a course file to hand out (a teacher)",
                "Write one course file: its name, teachers (keys, names, contacts), the "
                "protocol, the place and the region's help contacts. --teacher may repeat; "
                "each --teacher-name and --contact goes with the --teacher before it.",
                _course_new,
                "course:new",
            ),
            "join": Command(
                "join the course of a course file (a student)",
                "Show the course and each teacher's key, and join after you say yes. "
                "Joining a newer file of the course updates it.",
                _course_join,
                "course:join",
            ),
            "show": Command("the course you joined", "", None, "course:show"),
            "remove-teacher": Command(
                "stop encrypting new sessions to a teacher's key",
                "Sessions saved before stay readable with that key until 'hyvinvointi rekey' "
                "encrypts them again without it.",
                _remove_teacher,
                "course:remove_teacher",
            ),
            "add-teacher": Command(
                "let a teacher open this student's sessions",
                "Add a teacher's public key (age1…): new sessions are encrypted to it too.",
                _add_teacher,
                "keys:add_teacher",
            ),
        },
    ),
    "rekey": Command(
        "re-encrypt sessions and debrief comments to the course's current teachers",
        "After a teacher leaves the course (course remove-teacher), encrypt every session "
        "in FOLDER and its debrief comments again to the session's student, their partners "
        "and the course's current teachers: the removed teacher's key no longer opens them. "
        "Each file is replaced atomically; one the key cannot open, a damaged one or one "
        "open in the app is listed and left as it was (exit status 1).",
        _rekey,
        "keys:rekey",
    ),
    "resume": Command(
        "continue an unfinished session (the newest if no FILE)",
        "Open a saved session where it was left; the time away counts as a pause.",
        _resume,
        "sessions:run_resume",
        app=True,
    ),
    "replay": Command(
        "the debrief view of a session: timeline, events, the state at any instant",
        "Open a session for the debrief, with a teacher's identity file or the student's "
        "own key (after the passphrase). Nothing is written. With --serve, a teacher shows "
        "it in a browser on this computer (for a projector): open the address it prints.",
        _replay,
        "files:replay",
        app=True,
    ),
    "stats": Command(
        "course figures: one row per session, no free text, no client codes",
        "Read every session in FOLDER that the key opens and print a short summary; with "
        "--csv, write one row per session (numbers and fixed words only; the client code "
        "becomes a salted hash). Files the key cannot open are counted and named. With --html, "
        "the course report: one printable page of charts drawn from the same rows.",
        _stats,
        "files:stats",
    ),
    "export": Command(
        "print or write a session's content, or the client's take-away page",
        "Decrypt a session file in memory, with the student's key (after the passphrase) "
        "or a teacher's identity file. toml: the whole session document. md, html: the "
        "client's take-away page in the session's language (goals, actions, what happens "
        "next; the instruments' results only where ticked at closing; never the notes).",
        _export,
        "files:export",
    ),
    "consent": Command(
        "record that the client withdraws a consent given in a session",
        "Record the client's withdrawal in the session file, with today's date, and save it "
        "encrypted to the same keys: a withdrawn consent to notes takes the notes out of the "
        "file; to figures, course figures leave the session out. With the student's key "
        "(after the passphrase) or a teacher's identity file.",
        _consent,
        "files:consent",
    ),
    "access": Command(
        "the client's copy of everything kept about them, as a printable page",
        "Write, in the session's language and addressed to the client, everything the "
        "session file keeps about them: ratings, answers, consent answers with their dates, "
        "goals, the dates and the students' notes (the teacher's debrief comments are not "
        "on it), as they stand after any correction. With the student's key (after the "
        "passphrase) or a teacher's identity file. The file is not encrypted: read it "
        "through with the teacher, give it to the client, then delete it.",
        _access,
        "access:access",
    ),
    "sessions": Command(
        "your sessions: date, client, open or closed, kept until, due for deletion",
        "List the sessions in your sessions folder: each one's date, client code, whether "
        "it is closed, the day it is kept until (its closing plus the course's retention "
        "days) and whether that day has passed. Files your key cannot open are listed too.",
        None,
        "retention:sessions",
    ),
    "delete": Command(
        "delete a session for good (its comments, lock and plaintext copies too)",
        "Show everything that belongs to the session FILE (its file, the teacher's debrief "
        "comments, its lock, files saved beside it, the plaintext copies written of it) and "
        "delete it after you say yes. A session open in a running copy is refused. The "
        "deletion log in the data folder keeps the date and the session's id.",
        _delete,
        "retention:delete",
    ),
    "notice": Command(
        "the client's privacy notice, to print (one A4 page)",
        "Write the client's privacy notice as HTML to print: who answers for the data "
        "(the course's controller and data-protection contact), what is written and why, "
        "who reads it, where and how long it is kept, the limits of confidentiality and "
        "the client's rights. The facts come from the course you joined (or --course "
        "FILE); a fact the course leaves out is said to be missing. Written to -o OUT, or "
        "to the data folder's notices/ folder; the path is printed.",
        _notice,
        "notice:write",
    ),
    "protocol": Command(
        "work with protocol files",
        actions={
            "check": Command(
                "validate a protocol file",
                "Validate a protocol file: prints 'ok', or every problem and exits 1.",
                _check,
                "files:protocol_check",
            )
        },
    ),
}


def _add(commands: argparse._SubParsersAction[argparse.ArgumentParser], name: str) -> None:
    command = COMMANDS[name]
    parser = commands.add_parser(name, help=command.help, description=command.description)
    _fill(parser, command, name)


def _fill(parser: argparse.ArgumentParser, command: Command, dest: str) -> None:
    if command.arguments is not None:
        command.arguments(parser)
    if command.handler:
        parser.set_defaults(handler=command.handler)
    if command.actions:
        actions = parser.add_subparsers(dest=f"{dest}_command", metavar="ACTION")
        for name, action in command.actions.items():
            sub = actions.add_parser(name, help=action.help, description=action.description)
            _fill(sub, action, name)


def parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The command line. Given the arguments, the parser knows only the command they name
    (all commands when they name none, or one that does not exist, so that help and errors
    list every command)."""
    wanted = argv[0] if argv and not argv[0].startswith("-") else None
    top = argparse.ArgumentParser(
        prog="hyvinvointi",
        description=(
            "A keyboard-first guide for the Hyvinvointikeskustelu (wellbeing conversation). "
            "Run with no command for the start screen; try 'hyvinvointi demo' first."
        ),
    )
    top.add_argument("--version", action="version", version=f"hyvinvointi {__version__}")
    top.set_defaults(handler=START)
    commands = top.add_subparsers(dest="command", metavar="COMMAND")
    for name in [wanted] if wanted in COMMANDS else COMMANDS:
        assert name is not None
        _add(commands, name)
    return top
