"""`python -m hyvinvointi_tui.cli`: the same as the `hyvinvointi` command."""

from . import main

raise SystemExit(main())
