"""Keeping the objects that live as long as the app out of the cycle collector's way.

Start-up (modules, the protocol, the first screen) and opening a session for the replay
build some 100,000 objects that are never garbage. Python's cycle collector walks all of
them again at each full collection — 25–50 ms here, a visible stall in a step change, a
keystroke or a replay move — and runs several times while they are being made. The
commands that run an app turn it off while starting (cli.py); each app calls `settle` once
its first screen is drawn (and the live app again after each screen it builds ahead), and
`release` when it ends.
"""

from __future__ import annotations

import gc


def settle() -> None:
    """Move everything alive now out of the collector's reach, and let it run again."""
    gc.freeze()
    gc.enable()


def release() -> None:
    """Make the frozen objects collectable again (the app has ended)."""
    gc.unfreeze()
