"""Names given as strings resolve: each command's handler ("module:function", imported only
when its command runs), each step kind's screen (imported when first shown), and each key's
"app.x" or "screen.x" action. A typo in one would otherwise show only when that key is pressed
or that command is run."""

from __future__ import annotations

import ast
import importlib
import inspect
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import hyvinvointi_tui
from hyvinvointi_tui.cli.parser import COMMANDS, START, Command
from hyvinvointi_tui.core.model.steps import STEP_KINDS
from hyvinvointi_tui.ui.screens.step import StepScreen
from hyvinvointi_tui.ui.step_screens import SCREENS_BY_KIND, step_screen_class

UI = Path(hyvinvointi_tui.__file__).parent / "ui"
ACTION = re.compile(r"(app|screen)\.([a-z_][a-z0-9_]*)(\(.*\))?")
# The calls and tables that take an action as a string, and which argument is the action.
ACTION_ARGUMENTS = {"bind": 2, "rebind": 2, "Binding": 1, "run_action": 0, "call_later": 1}


def _handlers(commands: dict[str, Command], path: str = "") -> Iterator[tuple[str, str]]:
    for name, command in commands.items():
        yield from _handlers(command.actions, f"{path}{name} ")
        if command.handler or not command.actions:
            yield f"{path}{name}", command.handler


HANDLERS = [("(no command)", START), *_handlers(COMMANDS)]


@pytest.mark.parametrize(("command", "handler"), HANDLERS)
def test_each_command_s_handler_is_a_function_of_the_cli_package(
    command: str, handler: str
) -> None:
    module, _, function = handler.partition(":")
    assert module and function, f"{command}: {handler!r} is not 'module:function'"
    found = getattr(importlib.import_module(f"hyvinvointi_tui.cli.{module}"), function, None)
    assert inspect.isfunction(found), f"{command}: {handler} is not a function"
    assert list(inspect.signature(found).parameters) == ["args"], f"{command}: {handler}(args)"


def test_each_step_kind_has_a_screen_that_resolves() -> None:
    assert set(SCREENS_BY_KIND) == set(STEP_KINDS)
    for kind, (_, class_name) in SCREENS_BY_KIND.items():
        screen = step_screen_class(kind)
        assert issubclass(screen, StepScreen) and screen.__name__ == class_name, kind


def _actions(path: Path) -> Iterator[tuple[str, str, str, str | None]]:
    """(place, "app" or "screen", action name, enclosing class) for each action string."""
    tree = ast.parse(path.read_text())
    classes: dict[ast.AST, str] = {
        node: cls.name
        for cls in ast.walk(tree)
        if isinstance(cls, ast.ClassDef)
        for node in ast.walk(cls)
    }
    for node in ast.walk(tree):
        strings: list[ast.expr] = []
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            at = ACTION_ARGUMENTS.get(name)
            if at is not None and len(node.args) > at:
                strings.append(node.args[at])
        elif isinstance(node, ast.Tuple) and len(node.elts) == 3:  # (key, action, label)
            strings.append(node.elts[1])
        for string in strings:
            if isinstance(string, ast.Constant) and isinstance(string.value, str):
                match = ACTION.fullmatch(string.value)
                if match:
                    place = f"{path.relative_to(UI.parent)}:{string.lineno}"
                    yield place, match[1], match[2], classes.get(node)


def _app_for(path: Path) -> type:
    if "replay" in path.relative_to(UI).parts:
        from hyvinvointi_tui.ui.replay.app import ReplayApp

        return ReplayApp
    from hyvinvointi_tui.ui.app import HyvinvointiApp

    return HyvinvointiApp


def test_each_app_and_screen_action_a_key_names_exists() -> None:
    seen, missing = 0, []
    for path in sorted(UI.rglob("*.py")):
        module = importlib.import_module(
            ".".join(("hyvinvointi_tui", *path.relative_to(UI.parent).with_suffix("").parts))
        )
        for place, target, action, enclosing in _actions(path):
            seen += 1
            owner = _app_for(path) if target == "app" else getattr(module, enclosing or "", None)
            if not callable(getattr(owner, f"action_{action}", None)):
                missing.append(f"{place}: {target}.{action}")
    assert seen > 10, "the actions were found"
    assert not missing, missing


def test_the_step_kinds_named_are_the_kinds_of_the_step_union() -> None:
    """STEP_KINDS (what the loader's errors list and the screens are keyed by) names exactly
    the kinds the protocol's Step union reads, so a new kind cannot be added to one alone."""
    from typing import get_args, get_type_hints

    from hyvinvointi_tui.core.model.steps import Step

    union = get_args(get_args(Step)[0])
    kinds = {get_args(get_type_hints(cls)["kind"])[0] for cls in union}
    assert kinds == set(STEP_KINDS)
