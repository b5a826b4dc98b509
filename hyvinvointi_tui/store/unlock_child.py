"""Child process for unlocking the student's key (see keys.unlock_in_child_process).

Reads the passphrase from stdin, writes the secret key to stdout (a pipe to the parent).
Exit codes: 0 ok, 3 wrong passphrase, 4 no key yet, 1 any other problem (message on stderr).
"""

from __future__ import annotations

import sys
from pathlib import Path

from .keys import KeyProblem, NoIdentity, WrongPassphrase, unlock_student_identity


def main() -> int:
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
