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
