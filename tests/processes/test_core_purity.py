"""The core is pure: importing it loads no Textual (harlequin checks the same)."""

from __future__ import annotations

import subprocess
import sys


def test_core_imports_without_textual():
    code = (
        "import sys\n"
        "import hyvinvointi_tui.core.model.protocol, hyvinvointi_tui.core.model.session\n"
        "import hyvinvointi_tui.core.model.timer, hyvinvointi_tui.core.model.client_code\n"
        "import hyvinvointi_tui.core.instruments.time_circle\n"
        "import hyvinvointi_tui.store.keys, hyvinvointi_tui.store.session_file\n"
        "assert 'textual' not in sys.modules, 'textual imported by the core'\n"
        "assert 'rich' not in sys.modules, 'rich imported by the core'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_cli_help_does_not_load_the_ui():
    code = (
        "import sys, contextlib, io\n"
        "from hyvinvointi_tui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try: main(['--help'])\n"
        "    except SystemExit: pass\n"
        "assert 'textual' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_no_pydantic_plugin_sees_what_is_validated(tmp_path):
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
