"""The client's copy of their data prints: Chromium makes A4 pages of it, the body at
12 pt (never smaller), each session of a chain from a page of its own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hyvinvointi_tui.core.client import access_copy, access_html
from hyvinvointi_tui.core.model.session import Session
from hyvinvointi_tui.i18n import Lang

from ..printing import printed_pages
from .test_print import full_session, pytestmark  # noqa: F401 (marks: slow)


def copy_of(*sessions: Session) -> str:
    kept = [
        access_copy.Kept(
            protocol=s.protocol, state=s.state, created=s.created, session_id=s.session_id
        )
        for s in sessions
    ]
    return access_html.to_html(access_copy.build(kept))


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_a_full_sessions_copy_prints_at_12_pt_and_a_chain_a_session_a_page(
    tmp_path: Path, lang: Lang
) -> None:
    one = copy_of(full_session(lang))
    # 12 pt for the body; every other size is in em at 1 or more (headings larger).
    assert "html { font-family" in one and "font-size: 12pt" in one
    sizes = re.findall(r"font-size:\s*([0-9.]+)(em|pt)", access_html.CSS)
    assert all(float(size) >= (12 if unit == "pt" else 1) for size, unit in sizes)
    pages = printed_pages(one, tmp_path)
    assert 2 <= pages <= 8  # a whole 90-minute session, the OSA's 29 items each on a line
    both = copy_of(full_session(lang), full_session(lang))
    assert printed_pages(both, tmp_path) >= 2 * pages  # the second starts on a new sheet
