from __future__ import annotations

import pytest

from hyvinvointi_tui.core.protocol import Protocol, resolve_protocol


class FakeClock:
    """A clock the test moves by hand: no sleeps in tests."""

    def __init__(self, start: float = 0.0) -> None:
        self.t = start

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


@pytest.fixture(scope="session")
def protocol() -> Protocol:
    return resolve_protocol()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()
