"""What each command takes: for each command, a function that adds its arguments to its
parser (the table of commands, `parser.py`, names them). Loaded for `--help` too: no Textual, no
rich, nothing of the UI (an import contract holds it)."""

from __future__ import annotations

import argparse

from ..i18n import LANGUAGES

LANGS = LANGUAGES


def demo(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=LANGS, default="fi", help="session language (fi)")


def new(parser: argparse.ArgumentParser) -> None:
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


def keygen(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", metavar="FILE", required=True)


def add_teacher(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("recipient", metavar="age1…")
    parser.add_argument("--name", default="", help="the teacher's name, for the list")
    parser.add_argument(
        "--contact",
        default="",
        help="how students reach the teacher during a session (shown in the crisis reminder)",
    )


def days(text: str) -> int:
    """A retention period: whole days, 1 to ten years."""
    from ..core.model.course import MAX_RETENTION_DAYS  # lazy: 14 ms that `--help` does not need

    return _whole(text, MAX_RETENTION_DAYS, f"whole days from 1 to {MAX_RETENTION_DAYS}")


def processes(text: str) -> int:
    """A number of processes: 1 to 256."""
    return _whole(text, 256, "a whole number from 1 to 256")


def _whole(text: str, most: int, refused: str) -> int:
    """A whole number from 1 to `most`, as typed; `refused` says what is wanted otherwise."""
    if not text.strip().isdigit() or not 1 <= int(text) <= most:
        raise argparse.ArgumentTypeError(refused)
    return int(text)


def course_new(parser: argparse.ArgumentParser) -> None:
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
        type=days,
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


def course_join(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("--yes", action="store_true", help="join without being asked")


def partner(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("recipient", metavar="age1…", nargs="?", help="the partner's public key")
    parser.add_argument("--remove", action="store_true", help="keep no partner any more")


def remove_teacher(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("recipient", metavar="age1…")


def resume(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", nargs="?")


def identity(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--identity", metavar="KEYFILE", help="a teacher's identity file")


def replay(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE")
    identity(parser)
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


def stats(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", metavar="FOLDER")
    identity(parser)
    parser.add_argument("--csv", metavar="OUT", help="write the rows here")
    parser.add_argument(
        "--course",
        metavar="FILE",
        help="the course file: its salt gives every teacher of the course the same hashes",
    )
    parser.add_argument(
        "--processes",
        metavar="N",
        type=processes,
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


def export(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("--format", choices=("toml", "md", "html"), default="toml")
    identity(parser)
    parser.add_argument("-o", "--output", metavar="OUT", help="write here instead of printing")
    parser.add_argument(
        "--debrief",
        action="store_true",
        help="md/html: the debrief report (timings, results, markers, teacher's comments) "
        "instead of the client's page",
    )


def consent(parser: argparse.ArgumentParser) -> None:
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
    identity(parser)


def access(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE")
    parser.add_argument(
        "--chain",
        action="store_true",
        help="with the sessions this one follows up (found beside it): the client's whole "
        "chain up to FILE",
    )
    identity(parser)
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="write here (default: the documents folder, named by the client code and date)",
    )


def rekey(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "folder", metavar="FOLDER", nargs="?", help="the sessions (default: your sessions folder)"
    )
    identity(parser)
    parser.add_argument(
        "--course",
        metavar="FILE",
        help="the course file whose teachers the files are encrypted to (default: the "
        "course you joined; a teacher must give it)",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="open and check every file, write nothing"
    )


def delete(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE")
    parser.add_argument(
        "--chain",
        action="store_true",
        help="the client's whole chain: the first session and every follow-up",
    )
    parser.add_argument("--yes", action="store_true", help="delete without being asked")


def notice(parser: argparse.ArgumentParser) -> None:
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


def check(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH")
