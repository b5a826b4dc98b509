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
from dataclasses import field

from .. import __version__
from ..core.record import Record, record
from . import arguments

Arguments = Callable[[argparse.ArgumentParser], None]


@record
class Command(Record):
    help: str
    description: str = ""
    arguments: Arguments | None = None
    # "module:function" in this package; a group (course, protocol) has actions instead.
    handler: str = ""
    actions: dict[str, Command] = field(default_factory=dict)
    # It runs a Textual app: the collector waits until its first screen is drawn.
    app: bool = False
    # It turns the collector on itself once it has started (the course figures, before
    # their workers are forked); until then the collector waits, as for an app.
    settles: bool = False


# Run with no command: the start screen (sessions.py:run_start).
START = "sessions:run_start"

COMMANDS: dict[str, Command] = {
    "demo": Command(
        help="a complete session with a fictional client; no set-up",
        description="Start a session with a fictional client at once. Nothing is saved.",
        arguments=arguments.demo,
        handler="demo:run_demo",
        app=True,
    ),
    "new": Command(
        help="start a new session",
        description=(
            "Start a new session. With --client (or --follow-up) it opens at the preparation, the "
            "client code set; ctrl+n begins the conversation and the clock. The rest of the setup "
            "stays reachable with ctrl+g."
        ),
        arguments=arguments.new,
        handler="sessions:run_new",
        app=True,
    ),
    "init": Command(
        help="create the student's key pair (asks for a passphrase twice)",
        description=(
            "Create the student's key pair in the data folder. The secret key is kept encrypted "
            "with your passphrase; HYVINVOINTI_PASSPHRASE is used if set."
        ),
        arguments=None,
        handler="keys:init",
    ),
    "keygen": Command(
        help="create a teacher identity file (age-keygen format)",
        description="Create a teacher identity file and print its public key (age1…).",
        arguments=arguments.keygen,
        handler="keys:keygen",
    ),
    "passphrase": Command(
        help="change the passphrase of your key (the old one once, the new one twice)",
        description=(
            "Protect your key with a new passphrase. HYVINVOINTI_PASSPHRASE and "
            "HYVINVOINTI_NEW_PASSPHRASE are used if set. The key file is replaced atomically."
        ),
        arguments=None,
        handler="keys:change_passphrase",
    ),
    "partner": Command(
        help="your public key, and the partner whose key new sessions are encrypted to",
        description=(
            "Without arguments: your own public key (give it to the student you run sessions with) "
            "and the partner kept. With a key: keep it, so that new sessions are encrypted to your "
            "partner too and they can open what you wrote together. The setup screen shows it and "
            "can change it for one session."
        ),
        arguments=arguments.partner,
        handler="keys:partner",
    ),
    "course": Command(
        help="the course: its file, its teachers' keys",
        actions={
            "new": Command(
                help="write a course file to hand out (a teacher)",
                description=(
                    "Write one course file: its name, teachers (keys, names, contacts), the "
                    "protocol, the place and the region's help contacts. --teacher may repeat; "
                    "each --teacher-name and --contact goes with the --teacher before it."
                ),
                arguments=arguments.course_new,
                handler="course:new",
            ),
            "join": Command(
                help="join the course of a course file (a student)",
                description=(
                    "Show the course and each teacher's key, and join after you say yes. Joining a "
                    "newer file of the course updates it."
                ),
                arguments=arguments.course_join,
                handler="course:join",
            ),
            "show": Command(
                help="the course you joined", description="", arguments=None, handler="course:show"
            ),
            "remove-teacher": Command(
                help="stop encrypting new sessions to a teacher's key",
                description=(
                    "Sessions saved before stay readable with that key until 'hyvinvointi rekey' "
                    "encrypts them again without it."
                ),
                arguments=arguments.remove_teacher,
                handler="course:remove_teacher",
            ),
            "add-teacher": Command(
                help="let a teacher open this student's sessions",
                description=(
                    "Add a teacher's public key (age1…): new sessions are encrypted to it too."
                ),
                arguments=arguments.add_teacher,
                handler="keys:add_teacher",
            ),
        },
    ),
    "rekey": Command(
        help="re-encrypt sessions and debrief comments to the course's current teachers",
        description=(
            "After a teacher leaves the course (course remove-teacher), encrypt every session in "
            "FOLDER and its debrief comments again to the session's student, their partners and "
            "the course's current teachers: the removed teacher's key no longer opens them. Each "
            "file is replaced atomically; one the key cannot open, a damaged one or one open in "
            "the app is listed and left as it was (exit status 1)."
        ),
        arguments=arguments.rekey,
        handler="keys:rekey",
    ),
    "resume": Command(
        help="continue an unfinished session (the newest if no FILE)",
        description="Open a saved session where it was left; the time away counts as a pause.",
        arguments=arguments.resume,
        handler="sessions:run_resume",
        app=True,
    ),
    "replay": Command(
        help="the debrief view of a session: timeline, events, the state at any instant",
        description=(
            "Open a session for the debrief, with a teacher's identity file or the student's own "
            "key (after the passphrase). Nothing is written. With --serve, a teacher shows it in a "
            "browser on this computer (for a projector): open the address it prints."
        ),
        arguments=arguments.replay,
        handler="files:replay",
        app=True,
    ),
    "stats": Command(
        help="course figures: one row per session, no free text, no client codes",
        description=(
            "Read every session in FOLDER that the key opens and print a short summary; with "
            "--csv, write one row per session (numbers and fixed words only; the client code "
            "becomes a salted hash). Files the key cannot open are counted and named. With --html, "
            "the course report: one printable page of charts drawn from the same rows."
        ),
        arguments=arguments.stats,
        handler="figures:stats",
        settles=True,
    ),
    "export": Command(
        help="print or write a session's content, or the client's take-away page",
        description=(
            "Decrypt a session file in memory, with the student's key (after the passphrase) or a "
            "teacher's identity file. toml: the whole session document. md, html: the client's "
            "take-away page in the session's language (goals, actions, what happens next; the "
            "instruments' results only where ticked at closing; never the notes)."
        ),
        arguments=arguments.export,
        handler="files:export",
    ),
    "consent": Command(
        help="record that the client withdraws a consent given in a session",
        description=(
            "Record the client's withdrawal in the session file, with today's date, and save it "
            "encrypted to the same keys: a withdrawn consent to notes takes the notes out of the "
            "file; to figures, course figures leave the session out. With the student's key (after "
            "the passphrase) or a teacher's identity file."
        ),
        arguments=arguments.consent,
        handler="files:consent",
    ),
    "access": Command(
        help="the client's copy of everything kept about them, as a printable page",
        description=(
            "Write, in the session's language and addressed to the client, everything the session "
            "file keeps about them: ratings, answers, consent answers with their dates, goals, the "
            "dates and the students' notes (the teacher's debrief comments are not on it), as they "
            "stand after any correction. With the student's key (after the passphrase) or a "
            "teacher's identity file. The file is not encrypted: read it through with the teacher, "
            "give it to the client, then delete it."
        ),
        arguments=arguments.access,
        handler="access:access",
    ),
    "sessions": Command(
        help="your sessions: date, client, open or closed, kept until, due for deletion",
        description=(
            "List the sessions in your sessions folder: each one's date, client code, whether it "
            "is closed, the day it is kept until (its closing plus the course's retention days) "
            "and whether that day has passed. Files your key cannot open are listed too."
        ),
        arguments=None,
        handler="retention:sessions",
    ),
    "delete": Command(
        help="delete a session for good (its comments, lock and plaintext copies too)",
        description=(
            "Show everything that belongs to the session FILE (its file, the teacher's debrief "
            "comments, its lock, files saved beside it, the plaintext copies written of it) and "
            "delete it after you say yes. A session open in a running copy is refused. The "
            "deletion log in the data folder keeps the date and the session's id."
        ),
        arguments=arguments.delete,
        handler="retention:delete",
    ),
    "notice": Command(
        help="the client's privacy notice, to print (one A4 page)",
        description=(
            "Write the client's privacy notice as HTML to print: who answers for the data (the "
            "course's controller and data-protection contact), what is written and why, who reads "
            "it, where and how long it is kept, the limits of confidentiality and the client's "
            "rights. The facts come from the course you joined (or --course FILE); a fact the "
            "course leaves out is said to be missing. Written to -o OUT, or to the data folder's "
            "notices/ folder; the path is printed."
        ),
        arguments=arguments.notice,
        handler="notice:write",
    ),
    "protocol": Command(
        help="work with protocol files",
        actions={
            "check": Command(
                help="validate a protocol file",
                description="Validate a protocol file: prints 'ok', or every problem and exits 1.",
                arguments=arguments.check,
                handler="files:protocol_check",
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
