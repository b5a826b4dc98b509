"""Every private Textual name the app uses is declared by the one module that uses it
(`TEXTUAL_PRIVATE`), exists in the installed Textual, and is used nowhere else: a Textual
upgrade that renames one fails here, by name, before it fails somewhere in a session. The
tests' own reads are declared the same way, in tests/helpers.py, and go through its one guard."""

from __future__ import annotations

import ast
import asyncio
import importlib
import signal
import sys
from pathlib import Path

import pytest
from textual.app import App
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import TextArea
from textual.widgets.text_area import Document, WrappedDocument

import hyvinvointi_tui

from .. import helpers

PACKAGE = Path(hyvinvointi_tui.__file__).parent
TESTS = Path(__file__).parents[1]
DECLARING = (
    "ui.app",
    "ui.prebuilt",
    "ui.keys",
    "ui.widgets.notes_area",
    "ui.key_order",
    "ui.palette",
    "ui.terminal",
)


def _linux_driver() -> object:
    """Textual's Linux driver, made as the app makes it (in a running loop); the handlers
    it sets for ctrl+z (SIGTSTP, SIGCONT) are put back."""
    if sys.platform == "win32":
        return object()
    from textual.drivers.linux_driver import LinuxDriver

    kept = {signum: signal.getsignal(signum) for signum in (signal.SIGTSTP, signal.SIGCONT)}

    async def made() -> LinuxDriver:
        return LinuxDriver(App())

    try:
        return asyncio.run(made())
    finally:
        for signum, handler in kept.items():
            signal.signal(signum, handler)


# Modules of the standard library whose underscored names are theirs, not Textual's.
STANDARD_MODULES = {"os", "sys"}


def _instances() -> dict[str, object]:
    from textual.command import CommandPalette

    return {
        "App": App(),
        "CommandPalette": CommandPalette(),
        "Screen": Screen(),
        "DOMNode": DOMNode(),
        "TextArea": TextArea("x"),
        "WrappedDocument": WrappedDocument(Document("a\nb")),
        "LinuxDriver": _linux_driver(),
    }


def _declared() -> dict[str, tuple[str, ...]]:
    return {
        name: importlib.import_module(f"hyvinvointi_tui.{name}").TEXTUAL_PRIVATE
        for name in DECLARING
    }


@pytest.mark.parametrize("module", DECLARING)
def test_each_private_name_a_module_declares_exists_in_textual(module: str) -> None:
    instances = _instances()
    for name in _declared()[module]:
        if name.startswith("textual."):
            importlib.import_module(name)
            continue
        owner, attribute = name.split(".")
        found = instances[owner]
        assert hasattr(type(found), attribute) or hasattr(found, attribute), name


def _private_uses(path: Path) -> set[str]:
    """Attributes starting with one underscore read from something other than `self`'s own
    class (any `x._name`), and private modules imported (`textual.x._y`)."""
    tree = ast.parse(path.read_text())
    used = set()
    for node in ast.walk(tree):
        module = node.module if isinstance(node, ast.ImportFrom) else None
        if module and module.startswith("textual") and "._" in module:
            used.add(module)
        if isinstance(node, ast.Attribute) and node.attr[:1] == "_" and node.attr[:2] != "__":
            if isinstance(node.value, ast.Name) and node.value.id in STANDARD_MODULES:
                continue  # os._exit is the standard library's
            used.add(node.attr)
    return used


def test_no_other_module_uses_a_private_textual_name() -> None:
    """A private name of Textual's (one its classes define) read anywhere in the package is
    read in the module that declares it; an attribute of our own never takes the name of a
    private one of Textual's (it would overwrite it)."""
    instances = _instances()
    textual_private = {
        name
        for found in instances.values()
        for name in {*dir(type(found)), *vars(found)}
        if name.startswith("_") and not name.startswith("__")
    }
    declared = _declared()
    allowed = {
        module: {
            name.rpartition(".")[2] if not name.startswith("textual.") else name for name in names
        }
        for module, names in declared.items()
    }
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        module = ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
        for name in _private_uses(path):
            private_module = name.startswith("textual.")
            if not private_module and name not in textual_private:
                continue
            if name not in allowed.get(module, set()):
                offenders.append(f"{module}: {name}")
    assert not offenders, offenders


def test_each_private_name_the_tests_read_exists_in_textual() -> None:
    instances = _instances()
    for name in helpers.TEXTUAL_PRIVATE:
        if name.startswith("textual."):
            helpers.private_module(name)
        else:
            owner, attribute = name.split(".")
            helpers.private(instances[owner], attribute)


def test_a_private_name_textual_no_longer_has_fails_by_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(pytest.fail.Exception, match=r"Textual .* has no Screen\._notifications"):
        helpers.private(Screen(), "_notifications")
    monkeypatch.setitem(sys.modules, "textual.drivers._writer_thread", None)
    with pytest.raises(pytest.fail.Exception, match=r"no module textual\.drivers\._writer_thread"):
        helpers.private_module("textual.drivers._writer_thread")
    with pytest.raises(AssertionError, match="_nodes is not in TEXTUAL_PRIVATE"):
        helpers.private(App(), "_nodes")


def test_no_test_reads_a_private_textual_name_but_through_the_guard() -> None:
    instances = _instances()
    textual_private = {
        name
        for found in instances.values()
        for name in {*dir(type(found)), *vars(found)}
        if name.startswith("_") and not name.startswith("__")
    }
    offenders = [
        f"{path.relative_to(TESTS)}: {name}"
        for path in TESTS.rglob("*.py")
        if path.name != "test_textual_private.py"
        for name in _private_uses(path)
        if name in textual_private or name.startswith("textual.")
    ]
    assert not offenders, offenders
