"""A real browser for the tests that print a page or load one: Chromium, found once, and
the pages it prints an HTML document on."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

BROWSER = next(
    (
        found
        for name in ("chromium", "chromium-browser", "google-chrome")
        if (found := shutil.which(name))
    ),
    None,
)


def printed(html: str, tmp_path: Path) -> bytes:
    """The PDF Chromium prints of `html`."""
    source, pdf = tmp_path / "page.html", tmp_path / "page.pdf"
    source.write_text(html, encoding="utf-8")
    assert BROWSER is not None
    subprocess.run(
        [
            BROWSER,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            source.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=False,
        start_new_session=True,  # a browser's signals to its group never reach the runner
    )
    return pdf.read_bytes()


def printed_pages(html: str, tmp_path: Path) -> int:
    """How many pages Chromium prints `html` on."""
    return len(re.findall(rb"/Type\s*/Page[^s]", printed(html, tmp_path)))
