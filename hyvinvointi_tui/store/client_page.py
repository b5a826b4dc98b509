"""The client's page written for printing: HTML (opened in the browser) and Markdown, in a
folder the student chooses; or the HTML alone in a private temp folder, to print without
keeping a copy (removed as the app quits). Plaintext, written only when asked, and recorded
as a plaintext copy by the caller (store/copies.py)."""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

from platformdirs import user_documents_dir

from ..core.page import Page, to_html, to_markdown
from .atomic import write_atomic
from .copies import PRINT_FOLDER_PREFIX
from .typed_path import write_output


def documents_folder() -> Path:
    """Where the client's page is offered to go: the user's documents folder."""
    return Path(user_documents_dir())


def client_page_paths(folder: Path, stem: str, client_code: str, created: str) -> list[Path]:
    """Where the page goes in `folder`: STEM-CODE-DATE.html, then .md. A code from the
    session never becomes more than letters, digits, - and _ of the name."""
    name = _name(stem, client_code, created)
    return [folder / f"{name}.html", folder / f"{name}.md"]


def write_client_page(folder: Path, page: Page, stem: str, client_code: str, created: str) -> Path:
    """Write `page` as STEM-CODE-DATE.html and .md into `folder` (made 0700 if missing;
    each file 0600, only ever in place of a regular file); returns the HTML's path. Raises
    TypedPathProblem (the caller asks before replacing a page: client_page_paths)."""
    html_path, md_path = client_page_paths(folder, stem, client_code, created)
    write_output(html_path, to_html(page).encode())
    write_output(md_path, to_markdown(page).encode())
    return html_path


def _name(stem: str, client_code: str, created: str) -> str:
    code = "".join(ch for ch in client_code if ch.isalnum() or ch in "-_")
    return f"{stem}-{code or 'asiakas'}-{created[:10]}"


def write_print_copy(page: Page, stem: str, client_code: str, created: str) -> Path:
    """Write `page` as HTML alone into a new private (0700) temp folder, for printing;
    returns its path. remove_print_copy takes it away again. Raises OSError."""
    folder = Path(tempfile.mkdtemp(prefix=PRINT_FOLDER_PREFIX))
    html_path = folder / f"{_name(stem, client_code, created)}.html"
    write_atomic(html_path, to_html(page).encode())
    return html_path


def remove_print_copy(html_path: Path) -> None:
    """Remove a page written for printing only, and its temp folder once empty."""
    with contextlib.suppress(OSError):
        html_path.unlink(missing_ok=True)
    if html_path.parent.name.startswith(PRINT_FOLDER_PREFIX):
        with contextlib.suppress(OSError):
            html_path.parent.rmdir()
