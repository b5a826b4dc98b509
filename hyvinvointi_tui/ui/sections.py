"""Sections of a page (`core/page.py`) as text on the screen: the replay's results and the
follow-up's panels show what the debrief report and the client's page print."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text

from ..core.page import Section

MARKED = "bold red"
STRONG = "bold"


def section_text(section: Section, *, headed: bool = True) -> Text:
    """One section: its heading in bold, its lines (numbered if it is), sub-lines indented
    under their line, marked lines in colour."""
    text = Text()
    if headed:
        text.append(f"{section.heading}\n", "bold")
    for index, line in enumerate(section.lines):
        number = f"{index + 1}. " if section.numbered else ""
        style = MARKED if index in section.marked else STRONG if index in section.strong else ""
        text.append(f"{number}{line}\n", style)
        for detail in section.details.get(index, []):
            text.append(f"   – {detail}\n")
    text.rstrip()
    return text


def sections_text(sections: Iterable[Section]) -> Text:
    """Sections one after another, a blank line before each; empty ones left out."""
    text = Text()
    for section in sections:
        if section.lines:
            text.append("\n")
            text.append_text(section_text(section))
            text.append("\n")
    return text
