"""Command-line entry point. The Textual UI is imported only by the commands that run it,
so `--help`, `--version` and `protocol check` stay fast."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import __version__

LANGS = ("fi", "en", "sv")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hyvinvointi",
        description=(
            "A keyboard-first guide for the Hyvinvointikeskustelu (wellbeing conversation). "
            "Run with no command for the start screen; try 'hyvinvointi demo' first."
        ),
    )
    parser.add_argument("--version", action="version", version=f"hyvinvointi {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

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
    new.add_argument("--lang", choices=LANGS, default="fi", help="session language (fi)")
    new.add_argument(
        "--protocol",
        metavar="NAME|PATH",
        default="hyvinvointikeskustelu",
        help="a shipped protocol's name or a protocol file (hyvinvointikeskustelu)",
    )

    protocol = commands.add_parser("protocol", help="work with protocol files")
    protocol_commands = protocol.add_subparsers(dest="protocol_command", metavar="ACTION")
    check = protocol_commands.add_parser(
        "check",
        help="validate a protocol file",
        description="Validate a protocol file: prints 'ok', or every problem and exits 1.",
    )
    check.add_argument("path", metavar="PATH")
    return parser


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 1


def _protocol_check(path: str) -> int:
    from pathlib import Path

    from .core.protocol import ProtocolError, load_protocol

    try:
        protocol = load_protocol(Path(path))
    except ProtocolError as exc:
        return _fail(exc.report())
    print(f"ok: {protocol.id} {protocol.version}, {len(protocol.steps)} steps")
    return 0


def _run_app(args: argparse.Namespace) -> int:
    from .core.client_code import check_client_code
    from .core.protocol import ProtocolError, resolve_protocol

    try:
        protocol = resolve_protocol(getattr(args, "protocol", None) or "hyvinvointikeskustelu")
    except ProtocolError as exc:
        return _fail(exc.report())

    client = getattr(args, "client", None)
    if client is not None:
        problem = check_client_code(client)
        if problem is not None:
            from .i18n import t

            return _fail(f"--client: {t(args.lang, f'setup.err_{problem}')}")

    from .ui.app import HyvinvointiApp

    if args.command == "demo":
        app = HyvinvointiApp.demo(protocol, lang=args.lang)
    elif args.command == "new":
        app = HyvinvointiApp.new_session(protocol, lang=args.lang, client_code=client)
    else:
        app = HyvinvointiApp(protocol)
    app.run()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "protocol":
        if args.protocol_command != "check":
            parser.parse_args(["protocol", "--help"])
        return _protocol_check(args.path)
    return _run_app(args)


if __name__ == "__main__":
    raise SystemExit(main())
