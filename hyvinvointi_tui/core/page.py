"""A page of plain sections (a heading, lines, sub-lines under a line), and its writers:
Markdown, and HTML that prints on its A4 sheets (one for the client's page, two for the
debrief report). The client's take-away and the debrief report
are pages; the replay and the follow-up's panels show the same sections on the screen.
"""

from __future__ import annotations

import re
from dataclasses import field, replace
from typing import Protocol

from ..i18n import t
from .record import MutableRecord, mutable_record
from .untrusted import visible, visible_line


class Figure(Protocol):
    """A drawing beside a section's lines on the printed page (the time circle's days);
    Markdown and the screen keep to the lines. Sized in em of the body type, so it grows
    and shrinks with the type the page is fitted to."""

    @property
    def width_em(self) -> float: ...

    @property
    def height_em(self) -> float: ...

    def html(self, font_pt: float, key: str) -> str:
        """The figure's markup for type of `font_pt`, every text in it escaped; `key` keeps
        its names apart from another figure's on the page."""
        ...


@mutable_record
class Section(MutableRecord):
    heading: str
    lines: list[str] = field(default_factory=list)
    # Sub-lines under a line (a goal's actions), by the line's index.
    details: dict[int, list[str]] = field(default_factory=dict)
    numbered: bool = False
    # Never shortened to fit the page: the crisis plan, what happens next, where help is.
    whole: bool = False
    # Lines that call for attention (over the time planned, a stress rating in the crisis
    # range): the screen shows them in colour.
    marked: set[int] = field(default_factory=set)
    # Lines that head what follows them within the section: the screen shows them in bold.
    strong: set[int] = field(default_factory=set)
    # Drawn beside the lines on paper (HTML only).
    figure: Figure | None = None


@mutable_record
class Page(MutableRecord):
    lang: str
    title: str
    date: str
    sections: list[Section]
    footer: str
    # The A4 pages it may take: the client's page both sides of one sheet (one side when it
    # fits there), the debrief report two.
    sheets: int = 1
    # Lists and lines shortened when smaller type is not enough (the client's page); the
    # debrief report is never shortened: the teacher reads all of it.
    shorten: bool = True
    # The type size of the body (pt) and the smallest it may shrink to, to fit: the
    # client's page is read by the client, perhaps without glasses, and never goes below 12.
    font_pt: float = 11.0
    min_font_pt: float = 8.0


def to_markdown(page: Page) -> str:
    """The page as Markdown. Every text is written by `markdown_text`: whatever a student,
    a teacher or a file typed stays one line of plain text, so the only structure (headings,
    lists, bold, the rule) and the only tags a renderer makes are the page's own."""
    md = markdown_text
    out = [f"# {md(page.title)}", "", md(page.date), ""]
    for section in page.sections:
        out += [f"## {md(section.heading)}", ""]
        for index, line in enumerate(section.lines):
            line = md(line)
            if index in section.marked and line:
                line = f"**{line}**"  # over the time planned, a stress rating in crisis
            out.append(f"{index + 1}. {line}" if section.numbered else f"- {line}")
            out += [f"    - {md(detail)}" for detail in section.details.get(index, [])]
        out.append("")
    out += ["---", "", md(page.footer), ""]
    return "\n".join(out)


# What Markdown (CommonMark, and GitHub's tables and strike-through) reads as other than
# text, escaped with a backslash: anywhere in a line, the characters of emphasis, code,
# links, images, raw HTML and autolinks, tables and strike-through, a heading's closing
# marks; an entity ("&lt;") only where it would be read as one.
_MD_INLINE = r"([\\`*_\[\]<#|~])|&(?=#?[0-9A-Za-z]+;)"
# What starts a block at the beginning of a line (after a list's marker too): a quote, a
# list's marker or a rule ("- ", "+ ", "---"), a heading's underline, a numbered list's
# "1. " or "1)". ("-5 °C" and "10.12.2026" start nothing and stay as they are.)
_MD_LINE_START = r"^(?:(>|[-+=](?=[-+= ]|$))|(\d{1,9})([.)])(?=[ ]|$))"


def markdown_text(text: str) -> str:
    """`text` as one line of Markdown that renders as exactly that text: line breaks made
    spaces, control characters shown (core/untrusted.py), the spaces around it dropped
    (four would start code, two at the end a line break), and every character Markdown
    would read as structure, a tag or a link escaped."""
    text = " ".join(text.splitlines())
    text = visible_line(text.replace("\t", " ")).strip()
    text = re.sub(_MD_INLINE, lambda m: "\\" + m.group(0), text)
    return re.sub(
        _MD_LINE_START,
        lambda m: f"\\{m.group(1)}" if m.group(1) else f"{m.group(2)}\\{m.group(3)}",
        text,
    )


# One A4 page, whatever the session holds: 18 mm margins leave 174 x 261 mm. Measured by
# printing with Chromium: at 11 pt a line holds 80-90 characters and the page 40 lines
# besides the title, the date, a heading and the footer; both grow as the type gets smaller
# (every margin is in em). A page that would not fit gets smaller type (down to its
# `min_font_pt`), then, where it may be shortened, loses its drawings, then gets shorter
# lists and lines, until its estimate fits with room to spare. A drawing beside a section's
# lines makes them shorter and the section at least as tall as it.
# A page that may take two sides and does not fit on one puts its whole sections (the crisis
# plan, what happens next, where help is) first: they print on the front.
FONT_PT = 11.0
MIN_FONT_PT = 8.0
# The client's page: 12 pt body, never smaller (plain-language guidance for printed text).
CLIENT_FONT_PT = 12.0
_CHARS_AT_11 = 72  # measured 80 to 90 a line; kept lower, as long words wrap early
_LINES_AT_11 = 33  # measured: 40 list lines besides the title, date, a heading, footer
_LATER_LINES_AT_11 = 48  # a later sheet, without title, date and footer (measured 51)
_HEADING_LINES = 2.0  # a section heading with its margins, in body lines (measured 1.7)
_MAX_LINE = 220  # characters of one line on the page
_LINE_HEIGHT = 1.3  # em, the body's line-height (CSS below)
_PAGE_EM = 44.0  # the page's width in em of the body type (174 mm at 11 pt is 44.8)
_CAPS = ((6, 3), (5, 2), (4, 2), (3, 1), (2, 1))  # (lines, details a line) per section, in turn


def _estimate(page: Page, font_pt: float) -> float:
    """The lines the page takes at `font_pt`, measured in lines of that size."""
    chars = _CHARS_AT_11 * FONT_PT / font_pt
    return sum(_HEADING_LINES + _section_lines(section, chars) for section in page.sections)


def _section_lines(section: Section, chars: float) -> float:
    """The body lines a section's list takes, `chars` to a full line. Beside a figure the
    lines are shorter, and the section is at least as tall as the figure."""
    figure = section.figure
    tall = figure.height_em / _LINE_HEIGHT if figure else 0.0
    # The figure's share of the page's width, with the gap beside it.
    beside = chars * (1 - (figure.width_em + 1) / _PAGE_EM) if figure else chars
    used = 0.0
    for index, line in enumerate(section.lines):
        width = beside if used < tall else chars
        used += -(-len(line) // int(width - 4))
        for detail in section.details.get(index, []):
            used += -(-len(detail) // int(width - 9))
    return max(used, tall)


def _room(font_pt: float, sheets: int = 1) -> float:
    """Body lines of `font_pt` that `sheets` pages hold."""
    return (_LINES_AT_11 + _LATER_LINES_AT_11 * (sheets - 1)) * FONT_PT / font_pt


def _capped(page: Page, lines: int, details: int) -> Page:
    sections = []
    for section in page.sections:
        if section.whole:
            sections.append(section)
            continue
        kept = [_shortened(line) for line in section.lines[:lines]]
        left = len(section.lines) - len(kept)
        if left > 0:
            kept.append(t(page.lang, "takeaway.more", count=left))
        sections.append(
            Section(
                section.heading,
                kept,
                {
                    index: [_shortened(d) for d in section.details.get(index, [])[:details]]
                    for index in range(min(lines, len(section.lines)))
                },
                section.numbered and left == 0,
                figure=section.figure,
            )
        )
    return replace(page, sections=sections)


def _shortened(line: str) -> str:
    return line if len(line) <= _MAX_LINE else line[: _MAX_LINE - 1].rstrip() + "…"


def fit(page: Page) -> tuple[Page, float]:
    """The page as it prints on its A4 sheets, and the type size (pt) it needs."""
    font = page.font_pt
    if _estimate(page, font) <= _room(font):
        return page, font  # one side, as built
    if page.sheets > 1:
        page = front_first(page)
    while font > page.min_font_pt and _estimate(page, font) > _room(font, page.sheets):
        font = max(page.min_font_pt, font - 0.5)
    if _estimate(page, font) <= _room(font, page.sheets) or not page.shorten:
        return page, font
    # The drawings go before any line does: the sentences beside them say the same.
    page = replace(page, sections=[replace(s, figure=None) for s in page.sections])
    if _estimate(page, font) <= _room(font, page.sheets):
        return page, font
    for lines, details in _CAPS:
        capped = _capped(page, lines, details)
        if _estimate(capped, font) <= _room(font, page.sheets):
            return capped, font
    return capped, font


def front_first(page: Page) -> Page:
    """The page with its whole sections first (in their order), the others after them: on a
    page that takes two sides, what must go home whole is on the front."""
    whole = [section for section in page.sections if section.whole]
    return replace(page, sections=whole + [s for s in page.sections if not s.whole])


CSS = """
@page { size: A4; margin: 18mm; }
html { font-family: "Noto Sans", "DejaVu Sans", Arial, sans-serif; font-size: 11pt; }
body { max-width: 174mm; margin: 0 auto; line-height: 1.3; color: #000; background: #fff; }
h1 { font-size: 1.6em; margin: 0 0 0.15em; }
h2 { font-size: 1.15em; margin: 0.7em 0 0.2em; border-bottom: 0.3mm solid #888;
  break-after: avoid; }
p.date { margin: 0; color: #333; }
ul, ol { margin: 0; padding-left: 1.6em; }
li { margin: 0.1em 0; break-inside: avoid; }
li ul { margin-top: 0.05em; }
footer { margin-top: 1em; color: #333; border-top: 0.3mm solid #888; }
h2, footer { clear: both; }
figure.beside { float: right; margin: 0.2em 0 0.4em 1em; break-inside: avoid; }
figure.beside svg { display: block; }
figure.beside svg.swatch { display: inline; vertical-align: -0.15em; }
ul.legend { list-style: none; padding: 0; margin: 0.2em 0 0; }
ul.legend li { display: inline-block; margin: 0 0.8em 0 0; padding-left: 1.4em;
  text-indent: -1.4em; }
section.figured { display: flow-root; }
section.figured.whole { break-inside: avoid; }
"""


def html_text(text: str) -> str:
    """`text` for the HTML page: escaped, its control characters shown (core/untrusted.py)."""
    # lazy: html and its table of entities, 1.6 ms before the first screen, which prints nothing
    import html

    return html.escape(visible(text))


def to_html(page: Page) -> str:
    page, font = fit(page)
    # The footer in smaller type, but none below the page's smallest.
    footer_pt = max(round(font * 0.85, 2), page.min_font_pt)
    e = html_text
    body = [f"<h1>{e(page.title)}</h1>", f'<p class="date">{e(page.date)}</p>']
    for number, section in enumerate(page.sections):
        tag = "ol" if section.numbered else "ul"
        if section.figure is not None:
            # A section with its drawing stays on one page, unless it is longer than a
            # page's half: that one flows on, its drawing beside its first lines.
            chars = _CHARS_AT_11 * FONT_PT / font
            short = _section_lines(section, chars) <= _room(font) / 2
            body.append(f'<section class="figured{" whole" if short else ""}">')
        body.append(f"<h2>{e(section.heading)}</h2>")
        if section.figure is not None:
            body.append(section.figure.html(font, f"figure{number}"))
        body.append(f"<{tag}>")
        for index, line in enumerate(section.lines):
            details = section.details.get(index, [])
            inner = "".join(f"<li>{e(detail)}</li>" for detail in details)
            sub = f"<ul>{inner}</ul>" if details else ""
            shown = f"<strong>{e(line)}</strong>" if index in section.marked else e(line)
            body.append(f"<li>{shown}{sub}</li>")
        body.append(f"</{tag}>")
        if section.figure is not None:
            body.append("</section>")
    body.append(f"<footer><p>{e(page.footer)}</p></footer>")
    return (
        f'<!DOCTYPE html>\n<html lang="{page.lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{e(page.title)}</title>\n<style>{CSS}html {{ font-size: {font:g}pt; }} "
        f"footer {{ font-size: {footer_pt:g}pt; }}</style>\n"
        "</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )
