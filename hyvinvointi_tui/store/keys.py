"""The student's key pair, teacher identities and the course's teacher recipients.

The student's X25519 secret key is kept in HOME/identity.age, itself age-encrypted with the
student's passphrase (scrypt). Teacher identities are plain age identity files, as
`age-keygen` writes them.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pyrage
from pyrage import passphrase as age_passphrase
from pyrage import x25519

from ..core.model.course import RECIPIENT
from ..core.model.course import fingerprint as fingerprint
from ..core.untrusted import MAX_SMALL_BYTES, Refused, read_regular
from .atomic import remove_stale_temps, write_atomic
from .paths import identity_path, public_key_path
from .typed_path import TypedPathProblem, write_output

# scrypt work factor (log2 N) above which a key file is refused before it is tried. pyrage
# (rage) writes the factor that takes about a second on the machine that runs `init`: 19 on
# this project's 2-core machines, 20 on a laptop twice as fast. One more than that is
# accepted; 22 (age's own cap) would take 4 GiB of memory and half a minute here before it
# could even say "wrong passphrase".
MAX_WORK_FACTOR = 21

# rage refuses a work factor more than 4 above what it measures this machine does in a
# second, and measures it anew at every try with one tiny scrypt of about a millisecond: on
# a busy computer (a video call, an update) that millisecond can take 60, and a key made on
# the same computer at a quiet moment is refused before its scrypt runs. A refusal costs only
# that measurement, so it is tried again for this long before the student is told that the
# computer is too busy (never that the key is damaged).
BUSY_RETRY_SECONDS = 10.0
BUSY_PAUSE_SECONDS = 0.05
_EXCESSIVE_WORK = "Excessive work parameter"


class KeyProblem(Exception):
    """A problem with a key or key file; the message is for the user."""


class WrongPassphrase(KeyProblem):
    pass


class ComputerBusy(KeyProblem):
    """rage kept refusing a sound key's work factor: the computer is too busy just now."""


class NoIdentity(KeyProblem):
    pass


def _scrypt_work_factor(data: bytes) -> int | None:
    """The work factor of an age passphrase file, read from its header (None if not one)."""
    for line in data.split(b"\n", 8)[1:8]:
        if line.startswith(b"-> scrypt "):
            parts = line.split()
            if len(parts) == 4 and parts[3].isdigit():
                return int(parts[3])
            raise KeyProblem("the key file's header is damaged")
        if line.startswith(b"---"):
            break
    return None


# The key file may be copied with the laptop's backups: a short passphrase is guessed offline.
MIN_PASSPHRASE = 10


def create_student_identity(home: Path, passphrase: str) -> str:
    """Make the student's key pair; returns the public key. Refuses to overwrite one."""
    secret_path = identity_path(home)
    if secret_path.exists():
        raise KeyProblem(f"{secret_path} exists already: this student has a key")
    check_new_passphrase(passphrase)
    identity = x25519.Identity.generate()
    public = str(identity.to_public())
    write_atomic(secret_path, age_passphrase.encrypt(str(identity).encode(), passphrase))
    write_atomic(public_key_path(home), (public + "\n").encode())
    return public


def check_new_passphrase(passphrase: str) -> None:
    """KeyProblem if a new passphrase is too short to protect a key file copied away."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise KeyProblem(
            f"the passphrase is too short: use at least {MIN_PASSPHRASE} characters "
            "(a few words are easy to remember). Anyone who gets a copy of your key file "
            "can try passphrases on it as fast as their computer allows"
        )


def change_passphrase(home: Path, old: str, new: str) -> None:
    """Protect the student's key with `new` instead of `old`. The key file is replaced
    atomically: a crash or a full disk at any moment leaves the old file or the new one,
    never neither (and the old passphrase opens the old one). WrongPassphrase if `old`
    does not open it, KeyProblem if `new` is too short."""
    check_new_passphrase(new)
    protect_identity(home, unlock_student_identity(home, old), new)


def protect_identity(home: Path, identity: x25519.Identity, new: str) -> None:
    """Write the student's key, opened already, protected by `new` (atomically, as
    change_passphrase does). KeyProblem if `new` is too short."""
    check_new_passphrase(new)
    write_atomic(identity_path(home), age_passphrase.encrypt(str(identity).encode(), new))


def unlock_student_identity(home: Path, passphrase: str) -> x25519.Identity:
    """Decrypt the student's secret key with the passphrase (this takes a second or two).
    Temp files left beside it by a write killed mid-way are removed first: one of a
    passphrase change is the key under the passphrase being set, and nothing else would
    ever take it away."""
    remove_stale_temps(home)
    path = identity_path(home)
    secret = decrypt_key_file(path, passphrase)
    try:
        return x25519.Identity.from_str(secret.decode().strip())
    except (pyrage.IdentityError, UnicodeDecodeError):
        raise KeyProblem(f"{path} does not hold an age key") from None


def decrypt_key_file(path: Path, passphrase: str) -> bytes:
    """The plaintext of a passphrase-protected (scrypt) age file, in memory only.

    Every failure is a KeyProblem with a message for the user: no file, not age, not a
    passphrase file, a work factor too high to try, a wrong passphrase or a damaged file.
    """
    try:
        data = read_regular(path, MAX_SMALL_BYTES)
    except FileNotFoundError:
        raise NoIdentity(f"no student key in {path.parent}: run 'hyvinvointi init' first") from None
    except Refused as exc:
        raise KeyProblem(f"{path} is not a key file: {exc}") from None
    except OSError as exc:
        raise KeyProblem(f"cannot read {path}: {exc.strerror}") from None
    if not data.startswith(b"age-encryption.org/v1\n"):
        raise KeyProblem(f"{path} is not an age-encrypted key file")
    factor = _scrypt_work_factor(data)
    if factor is None:
        raise KeyProblem(f"{path} is not protected by a passphrase")
    if factor > MAX_WORK_FACTOR:
        raise KeyProblem(
            f"{path} asks for scrypt work factor {factor}, more than this program ever writes "
            f"({MAX_WORK_FACTOR} at most): refused without trying it"
        )
    try:
        secret = _decrypt_when_allowed(data, passphrase, factor)
    except pyrage.DecryptError as exc:
        # age cannot tell a wrong passphrase from a damaged salt or stanza body: either way
        # the key does not unwrap. Any other failure (a header it cannot parse, a wrong MAC,
        # a cut or altered payload) is damage, whatever the passphrase.
        reason = str(exc)
        if "Decryption failed" in reason or "No matching keys" in reason:
            raise WrongPassphrase("wrong passphrase") from None
        raise KeyProblem(f"{path} is damaged ({reason.splitlines()[0]})") from None
    except (IndexError, ValueError):  # pyrage raises these on some malformed headers
        raise KeyProblem(f"{path} is damaged (its header cannot be read)") from None
    return secret


def _decrypt_when_allowed(data: bytes, passphrase: str, factor: int) -> bytes:
    """age_passphrase.decrypt, tried again while rage refuses the work factor for a busy
    moment (see BUSY_RETRY_SECONDS); ComputerBusy if it still does then."""
    deadline = time.monotonic() + BUSY_RETRY_SECONDS
    while True:
        try:
            secret: bytes = age_passphrase.decrypt(data, passphrase)
            return secret
        except pyrage.DecryptError as exc:
            if _EXCESSIVE_WORK not in str(exc):
                raise
        if time.monotonic() > deadline:
            raise ComputerBusy(
                f"the computer is too busy to open the key just now (its scrypt work factor "
                f"{factor} takes about a second when the computer is not busy): close other "
                "programs or wait a moment, and try again"
            )
        time.sleep(BUSY_PAUSE_SECONDS)


def parse_recipient(text: str) -> x25519.Recipient:
    """An age X25519 public key ("age1…"), or a clear error."""
    text = text.strip()
    if not re.fullmatch(RECIPIENT, text):
        raise KeyProblem(f"not an age public key (age1… with 62 characters): {text[:70]!r}")
    try:
        return x25519.Recipient.from_str(text)
    except pyrage.RecipientError:
        raise KeyProblem(f"not a valid age public key: {text!r}") from None


def write_identity_file(path: Path) -> str:
    """A new identity in the `age-keygen` file format; returns its public key. Nothing at
    `path` is ever replaced (a file, a link, dangling or not): KeyProblem, one line."""
    identity = x25519.Identity.generate()
    public = str(identity.to_public())
    created = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    text = f"# created: {created}\n# public key: {public}\n{identity}\n"
    try:
        write_output(path, text.encode(), replace=False)
    except TypedPathProblem as exc:
        raise KeyProblem(str(exc)) from None
    return public


def read_identity_file(path: Path) -> list[x25519.Identity]:
    """The identities in an age identity file (comments and blank lines are skipped)."""
    try:
        text = read_regular(path, MAX_SMALL_BYTES).decode("utf-8")
    except FileNotFoundError:
        raise KeyProblem(f"no such identity file: {path}") from None
    except Refused as exc:
        raise KeyProblem(f"{path} is not an identity file: {exc}") from None
    except UnicodeDecodeError:
        raise KeyProblem(f"cannot read the identity file {path}: it is not text") from None
    except OSError as exc:
        raise KeyProblem(f"cannot read the identity file {path}: {exc.strerror}") from None
    identities = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            identities.append(x25519.Identity.from_str(line))
        except pyrage.IdentityError:
            raise KeyProblem(f"{path}, line {number}: not an age secret key") from None
    if not identities:
        raise KeyProblem(f"{path} holds no age secret key")
    return identities


def unlock_in_child_process(home: Path, passphrase: str) -> x25519.Identity:
    """unlock_student_identity in a separate process.

    pyrage holds the GIL for the whole scrypt computation (about two seconds), which would
    freeze the interface; a child process keeps it drawing and answering signals. The
    passphrase goes to the child on its stdin and the key comes back on a pipe: neither is
    ever on a command line, in the environment or on disk.
    """
    child = subprocess.run(
        [sys.executable, "-m", "hyvinvointi_tui.store.unlock_child", str(home), str(os.getpid())],
        input=passphrase.encode(),
        capture_output=True,
        check=False,
    )
    if child.returncode == 0:
        return x25519.Identity.from_str(child.stdout.decode().strip())
    message = child.stderr.decode(errors="replace").strip().splitlines()
    reason = message[-1] if message else "the key could not be opened"
    if child.returncode == 3:
        raise WrongPassphrase(reason)
    if child.returncode == 4:
        raise NoIdentity(reason)
    raise KeyProblem(reason)
