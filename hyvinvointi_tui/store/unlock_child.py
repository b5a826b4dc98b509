"""Child process for unlocking the student's key (see keys.unlock_in_child_process).

Reads the passphrase from stdin, writes the secret key to stdout (a pipe to the parent);
its arguments are the data folder and the parent's pid (it ends when the parent does).
Exit codes: 0 ok, 3 wrong passphrase, 4 no key yet, 1 any other problem (message on stderr).
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from .keys import KeyProblem, NoIdentity, WrongPassphrase, unlock_student_identity

# prctl's option: the signal the kernel sends this process when its parent ends.
PR_SET_PDEATHSIG = 1


def end_with_parent(parent: int) -> bool:
    """The kernel ends this process if the app that started it ends first (Linux): a closed
    terminal or a SIGTERM ends the app at once, and scrypt has nobody left to answer.
    False if the parent has already gone."""
    if sys.platform.startswith("linux"):
        # lazy: Linux only, 2 ms
        import ctypes

        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    return os.getppid() == parent


def main() -> int:
    if len(sys.argv) > 2 and not end_with_parent(int(sys.argv[2])):
        return 1
    passphrase = sys.stdin.buffer.read().decode()
    try:
        identity = unlock_student_identity(Path(sys.argv[1]), passphrase)
    except WrongPassphrase as exc:
        print(exc, file=sys.stderr)
        return 3
    except NoIdentity as exc:
        print(exc, file=sys.stderr)
        return 4
    except KeyProblem as exc:
        print(exc, file=sys.stderr)
        return 1
    sys.stdout.write(str(identity))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
