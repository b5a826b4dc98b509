from __future__ import annotations

import pytest

from hyvinvointi_tui.core.model.client_code import check_client_code


@pytest.mark.parametrize("code", ["K-014", "asiakas7", "UO_2025_3", "A1"])
def test_codes_that_are_fine(code: str) -> None:
    assert check_client_code(code) is None


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("Matti Meikäläinen", "spaces"),
        ("Anna K 12", "spaces"),
        ("131052-308T", "identity_code"),
        ("131052A308T", "identity_code"),
        ("131052308T", "identity_code"),
        ("x131052-308t", "identity_code"),
        ("Matti", "no_digit"),
        ("Äijä-1", "characters"),
        ("k@mail.fi1", "characters"),
        ("K" * 24 + "1", "length"),
    ],
)
def test_names_and_identity_codes_are_refused(code: str, problem: str) -> None:
    assert check_client_code(code) == problem
