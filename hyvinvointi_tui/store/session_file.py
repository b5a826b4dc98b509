"""The bytes of a session file (and of the debrief file beside it): its name, its bytes read
within limits and decrypted, a plaintext encrypted to every recipient and written atomically.
What the plaintext says is not known here: `store/session_document.py` (and for the debrief
comments `store/debrief.py`) builds and reads it, and asks this module for the bytes.

The plaintext never touches the disk: it is built in memory, encrypted with pyrage, and only
the ciphertext is written (`store/atomic.py`). Decryption is in memory too (pyrage.decrypt,
never decrypt_file).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path

import pyrage
from pyrage import x25519

from ..core.untrusted import MAX_SESSION_BYTES, Refused, read_regular
from .atomic import write_atomic

AGE_MAGIC = b"age-encryption.org/v1\n"
SUFFIX = ".age"
# The teacher's debrief comments beside a session file (store/debrief.py): named here, with
# the session files' own, so that a command that only lists the sessions (`stats`) need
# not load the debrief and its replay (10-15 ms of its start).
DEBRIEF_SUFFIX = ".debrief" + SUFFIX


class SessionFileError(Exception):
    """A session file that cannot be opened; the message says why, in plain words."""


class NotForThisKey(SessionFileError):
    """A well-formed age file encrypted to other keys than the ones given."""


def file_name(created: str, client_code: str, session_id: str) -> str:
    """Sorts by date: 20261122-1403_K-014_3f9a1c2b7d4e.age"""
    when = dt.datetime.fromisoformat(created).astimezone()
    code = re.sub(r"[^A-Za-z0-9_-]", "", client_code) or "client"
    return f"{when:%Y%m%d-%H%M}_{code}_{session_id}{SUFFIX}"


def earlier_file(path: Path, session_id: str) -> Path | None:
    """The file beside `path` that holds the session `session_id` (an id is
    [0-9A-Za-z_-], so it is no pattern), by its name; None when there is none."""
    found = sorted(path.parent.glob(f"*_{session_id}{SUFFIX}"))
    return found[0] if found else None


def encrypt(plaintext: bytes, recipients: Sequence[x25519.Recipient]) -> bytes:
    """Age encryption to every recipient. Only the result may be written."""
    ciphertext: bytes = pyrage.encrypt(plaintext, list(recipients))
    return ciphertext


def write(path: Path, plaintext: bytes, recipients: Sequence[x25519.Recipient]) -> None:
    """Encrypt `plaintext` to every recipient and put it at `path` atomically (OSError when
    it cannot be written: the file there is then as it was)."""
    write_atomic(path, encrypt(plaintext, recipients))


def decrypt(path: Path, identities: Sequence[x25519.Identity]) -> bytes:
    """The plaintext of an encrypted file, in memory only; clear errors for every failure."""
    try:
        data = read_regular(path, MAX_SESSION_BYTES)
    except FileNotFoundError:
        raise SessionFileError(f"{path}: no such file") from None
    except Refused as exc:
        raise SessionFileError(f"{path}: not opened: {exc}") from None
    except OSError as exc:
        raise SessionFileError(f"{path}: cannot read it ({exc.strerror})") from None
    if not data:
        raise SessionFileError(f"{path}: the file is empty")
    if not data.startswith(AGE_MAGIC):
        raise SessionFileError(
            f"{path}: not an encrypted session file (it is not in the age format)"
        )
    try:
        plaintext: bytes = pyrage.decrypt(data, list(identities))
        return plaintext
    except pyrage.DecryptError as exc:
        reason = str(exc)
        if "No matching keys" in reason:
            raise NotForThisKey(
                f"{path}: this key cannot open it (it was encrypted for other keys)"
            ) from None
        raise SessionFileError(f"{path}: the file is damaged ({reason.splitlines()[0]})") from None
    except (IndexError, ValueError):  # pyrage raises these on some malformed headers
        raise SessionFileError(f"{path}: the file is damaged (its header cannot be read)") from None
