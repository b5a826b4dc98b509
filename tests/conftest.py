from __future__ import annotations

import pytest

from hyvinvointi_tui.core.protocol import Protocol, resolve_protocol
from hyvinvointi_tui.core.scripted import HandClock

# A clock the test moves by hand: no sleeps in tests (the demo and the benchmarks use it too).
FakeClock = HandClock


@pytest.fixture(scope="session")
def protocol() -> Protocol:
    return resolve_protocol()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(autouse=True)
def _one_scrypt_per_key_file(monkeypatch):
    """Opening the same passphrase-protected key file with the same passphrase gives the
    same key: within a test, scrypt (a second or more a time, by design) runs once per file
    and passphrase. A wrong passphrase fails every time, as it must."""
    from hyvinvointi_tui.store import keys

    real = keys.age_passphrase.decrypt
    opened: dict[tuple[bytes, str], bytes] = {}

    def decrypt(data: bytes, passphrase: str) -> bytes:
        if (data, passphrase) not in opened:
            opened[data, passphrase] = real(data, passphrase)
        return opened[data, passphrase]

    monkeypatch.setattr(keys.age_passphrase, "decrypt", decrypt)


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto`: two workers a core. Most tests wait on the app's own timers (autosave,
    typing reports, screens built ahead) more than they compute: on the 2-core machine the
    suite took 288 s with 2 workers, 179 s with 4 and 185 s with 6 (3 December)."""
    import os

    return 2 * (os.cpu_count() or 1)
