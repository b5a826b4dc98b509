from __future__ import annotations

from pathlib import Path

import pytest
from pyrage import passphrase as age_passphrase

from hyvinvointi_tui.core.model.protocol import Protocol, resolve_protocol

from .scripted import HandClock

# A clock the test moves by hand: no sleeps in tests (the demo and the benchmarks use it too).
FakeClock = HandClock


@pytest.fixture(scope="session")
def protocol() -> Protocol:
    return resolve_protocol()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


# scrypt takes about 1.8 s a time here, by design, and dozens of tests make a student's key
# or open it. Within a test worker, the same work gives the same result: a passphrase's first
# key is made for real and copied into every later home that asks for a key with that
# passphrase, and a key file opened once with a passphrase is not opened again. Each test
# still goes through the real files and checks (a wrong passphrase fails every time, a key
# that exists is refused, the passphrase screen's child process runs scrypt itself).
_KEYS_MADE: dict[str, tuple[bytes, bytes]] = {}
_KEYS_OPENED: dict[tuple[bytes, str], bytes] = {}


@pytest.fixture(autouse=True)
def _scrypt_once_per_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    from hyvinvointi_tui.store import keys
    from hyvinvointi_tui.store.atomic import write_atomic
    from hyvinvointi_tui.store.paths import identity_path, public_key_path

    real_create, real_decrypt = keys.create_student_identity, age_passphrase.decrypt

    def create(home: Path, passphrase: str) -> str:
        made = _KEYS_MADE.get(passphrase)
        if made is None or identity_path(home).exists():
            public = real_create(home, passphrase)
            made = (identity_path(home).read_bytes(), public_key_path(home).read_bytes())
            _KEYS_MADE.setdefault(passphrase, made)
            return public
        write_atomic(identity_path(home), made[0])
        write_atomic(public_key_path(home), made[1])
        return made[1].decode().strip()

    def decrypt(data: bytes, passphrase: str) -> bytes:
        if (data, passphrase) not in _KEYS_OPENED:
            opened: bytes = real_decrypt(data, passphrase)
            _KEYS_OPENED[data, passphrase] = opened
        return _KEYS_OPENED[data, passphrase]

    monkeypatch.setattr(keys, "create_student_identity", create)
    monkeypatch.setattr(age_passphrase, "decrypt", decrypt)  # as store/keys.py calls it


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto`: two workers a core. Most tests wait on the app's own timers (autosave,
    typing reports, screens built ahead) more than they compute: on the 2-core machine the
    suite took 288 s with 2 workers, 179 s with 4 and 185 s with 6 (3 December)."""
    import os

    return 2 * (os.cpu_count() or 1)


@pytest.fixture(autouse=True)
def _system_language_c(monkeypatch: pytest.MonkeyPatch) -> None:
    """The system's language is C (so Finnish) in every test, whatever the machine's: the
    start screen and a new session's setup follow it (i18n.system_language). A test of
    that sets its own."""
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
