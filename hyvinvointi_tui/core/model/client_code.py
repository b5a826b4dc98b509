"""The client code: a pseudonym such as "K-014", never a name or a personal identity code."""

from __future__ import annotations

import re
from typing import Literal

CodeProblem = Literal["empty", "spaces", "identity_code", "characters", "no_digit", "length"]

# Finnish personal identity code (henkilötunnus): DDMMYY, century sign, 3 digits, check char.
_HETU = r"\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]"
_ALLOWED = r"[A-Za-z0-9_-]+"


def check_client_code(code: str) -> CodeProblem | None:
    """Why `code` cannot be used as a client code, or None when it can.

    Codes are 2–24 letters (A–Z), digits, '-' or '_', with at least one digit: a bare word
    is too likely to be a name. Anything shaped like an identity code is refused, with or
    without its century sign.
    """
    code = code.strip()
    if not code:
        return "empty"
    if any(ch.isspace() for ch in code):
        return "spaces"
    if re.search(_HETU, code, re.IGNORECASE) or re.search(
        r"\d{6}\d{3}[0-9A-Y]", code, re.IGNORECASE
    ):
        return "identity_code"
    if not re.fullmatch(_ALLOWED, code):
        return "characters"
    if not 2 <= len(code) <= 24:
        return "length"
    if not any(ch.isdigit() for ch in code):
        return "no_digit"
    return None
