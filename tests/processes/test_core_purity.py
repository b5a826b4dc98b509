"""The core is pure at run time. The import contracts in pyproject.toml
(tests/unit/test_contracts.py) see every import the package writes; what they cannot see is
checked here in a fresh interpreter: what the libraries the core and the store import load in
turn, and the handlers the command line imports by name."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_core_and_store_load_no_textual_through_their_libraries() -> None:
    code = (
        "import sys, importlib, pkgutil\n"
        "import hyvinvointi_tui.core, hyvinvointi_tui.store\n"
        "for package in (hyvinvointi_tui.core, hyvinvointi_tui.store):\n"
        "    for found in pkgutil.walk_packages(package.__path__, package.__name__ + '.'):\n"
        "        importlib.import_module(found.name)\n"
        "assert 'textual' not in sys.modules, 'textual loaded with the core'\n"
        "assert 'rich' not in sys.modules, 'rich loaded with the core'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_cli_help_does_not_load_the_ui() -> None:
    code = (
        "import sys, contextlib, io\n"
        "from hyvinvointi_tui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try: main(['--help'])\n"
        "    except SystemExit: pass\n"
        "assert 'textual' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_no_pydantic_plugin_sees_what_is_validated(tmp_path: Path) -> None:
    """A pydantic plugin installed beside the app (an observability package may register
    one) would be handed every value validated: session texts included. The app turns them
    off; here a plugin is installed and registered, and must never be imported."""
    (tmp_path / "spy_plugin.py").write_text("class Spy:\n    pass\nplugin = Spy()\n")
    code = (
        "import sys, importlib.metadata as md\n"
        f"sys.path.insert(0, {str(tmp_path)!r})\n"
        "spy = md.EntryPoint(name='spy', value='spy_plugin:plugin', group='pydantic')\n"
        "md.entry_points = lambda **kw: md.EntryPoints([spy])\n"
        "import hyvinvointi_tui\n"
        "from hyvinvointi_tui.core.model.protocol import resolve_protocol\n"
        "from hyvinvointi_tui.core.model.events import events_adapter\n"
        "resolve_protocol()\n"
        "events_adapter().validate_python([])\n"
        "assert 'spy_plugin' not in sys.modules, 'the plugin was loaded'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_stats_loads_neither_the_ui_nor_the_charts_nor_the_replay(tmp_path: Path) -> None:
    """`stats` without `--html`, its output piped: no Textual, no rich (no progress bar), no
    charts, and not the debrief's replay, whose file suffix alone it needs."""
    demo = Path(__file__).resolve().parents[2] / "sessions" / "demo"
    folder = tmp_path / "course"
    folder.mkdir()
    (folder / "demo-session.age").write_bytes((demo / "demo-session.age").read_bytes())
    argv = ["stats", str(folder), "--identity", str(demo / "demo-teacher.key")]
    argv += ["--csv", str(tmp_path / "figures.csv")]
    code = (
        "import sys, contextlib, gc, io\n"
        "from hyvinvointi_tui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert main({argv!r}) == 0\n"
        "assert gc.isenabled()  # off while it started\n"
        "loaded = [m for m in ('textual', 'rich', 'leather', "
        "'hyvinvointi_tui.core.debrief.replay') if m in sys.modules]\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    assert (tmp_path / "figures.csv").read_text(encoding="utf-8").count("\n") == 2
