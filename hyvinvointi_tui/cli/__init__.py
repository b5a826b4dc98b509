"""The command line (`hyvinvointi`). Its commands are listed once, in `parser.py`; each runs
a handler in this package, imported only when its command runs, so `--help`, `--version` and
`protocol check` never load the Textual UI."""

from __future__ import annotations

import gc
import importlib
import sys
from collections.abc import Callable, Sequence

from ..store.paths import DataFolderError
from .common import fail, typed_arguments
from .parser import COMMANDS, START, parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(sys.argv[1:] if argv is None else list(argv))
    except DataFolderError as exc:
        return fail(str(exc))


def _main(argv: list[str]) -> int:
    command_line = parser(argv)
    args = command_line.parse_args(argv)
    command = COMMANDS.get(args.command or "")
    if command is not None and command.actions and getattr(args, f"{args.command}_command") is None:
        command_line.parse_args([args.command, "--help"])  # a group without its action
    problem = typed_arguments(args)
    if problem:
        return fail(problem)
    handler: str = args.handler
    if handler == START or (command is not None and (command.app or command.settles)):
        gc.disable()  # until the first screen is drawn (ui/memory.py), or the command says
    return _handler(handler)(args)


def _handler(name: str) -> Callable[..., int]:
    module, _, function = name.partition(":")
    found: Callable[..., int] = getattr(importlib.import_module(f".{module}", __name__), function)
    return found
