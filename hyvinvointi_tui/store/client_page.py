"""The client's page written for printing: HTML (opened in the browser) and Markdown, in a
folder the student chooses. The only plaintext the app writes, and only when asked."""

from __future__ import annotations

from pathlib import Path

from ..core.page import Page, to_html, to_markdown
from .atomic import write_atomic


def documents_folder() -> Path:
    """Where the client's page is offered to go: the user's documents folder."""
    from platformdirs import user_documents_dir

    return Path(user_documents_dir())


def write_client_page(folder: Path, page: Page, stem: str, client_code: str, created: str) -> Path:
    """Write `page` as STEM-CODE-DATE.html and .md into `folder` (made if missing); returns
    the HTML's path. A code from the session never becomes more than letters, digits, - and
    _ of the name. Raises OSError."""
    code = "".join(ch for ch in client_code if ch.isalnum() or ch in "-_")
    name = f"{stem}-{code or 'asiakas'}-{created[:10]}"
    folder.mkdir(parents=True, exist_ok=True)
    html_path = folder / f"{name}.html"
    write_atomic(html_path, to_html(page).encode())
    write_atomic(folder / f"{name}.md", to_markdown(page).encode())
    return html_path
