"""The client's copy of their data as one HTML page, to print or to keep: no script,
nothing fetched, every text escaped."""

from __future__ import annotations

import html

from ..page import Section
from ..untrusted import visible, visible_line
from .access_copy import AccessCopy

# Printed on A4 at 12 pt, however many sheets it takes; each session after the first
# starts a sheet of its own. The box for the students shows on the screen and never
# prints. The policy lets no script and no request out of the page, should anything
# ever slip past the escaping.
CSS = """
@page { size: A4; margin: 18mm; }
html { font-family: "Noto Sans", "DejaVu Sans", Arial, sans-serif; font-size: 12pt; }
body { max-width: 174mm; margin: 0 auto; line-height: 1.35; color: #000; background: #fff; }
h1 { font-size: 1.6em; margin: 0 0 0.3em; }
h2 { font-size: 1.3em; margin: 1em 0 0.3em; border-bottom: 0.4mm solid #555; }
h3 { font-size: 1.1em; margin: 0.9em 0 0.2em; }
p { margin: 0.3em 0; }
ul { margin: 0; padding-left: 1.4em; }
li { margin: 0.15em 0; break-inside: avoid; }
li ul { margin-top: 0.1em; }
.written { white-space: pre-wrap; }
.meeting + .meeting { break-before: page; }
.for-students { border: 0.6mm solid #a35a00; background: #fff3df; padding: 0.4em 1em;
  margin: 0 0 1em; }
.about { break-inside: avoid; }
footer { margin-top: 1.5em; border-top: 0.3mm solid #888; color: #222; }
@media print { .for-students { display: none; } }
"""
POLICY = "default-src 'none'; style-src 'unsafe-inline'"


def _e(text: str) -> str:
    """Untrusted text for the page: control characters shown, HTML escaped."""
    return html.escape(visible(text))


def _section_html(section: Section, level: str) -> list[str]:
    out = [f"<{level}>{html.escape(visible_line(section.heading))}</{level}>", "<ul>"]
    for index, line in enumerate(section.lines):
        shown = _e(line)
        if index in section.strong:
            shown = f"<strong>{shown}</strong>"
        details = section.details.get(index, [])
        inner = "".join(f'<li><span class="written">{_e(d)}</span></li>' for d in details)
        out.append(f"<li>{shown}" + (f"<ul>{inner}</ul>" if details else "") + "</li>")
    out.append("</ul>")
    return out


def to_html(copy: AccessCopy) -> str:
    """The copy as one HTML page: no script, nothing fetched, every text escaped."""
    body = [
        '<aside class="for-students">',
        *(f"<p>{_e(line)}</p>" for line in copy.for_students),
        "</aside>",
        f"<h1>{_e(copy.title)}</h1>",
        *(f"<p>{_e(line)}</p>" for line in copy.intro),
    ]
    for meeting in copy.meetings:
        body += ['<section class="meeting">', f"<h2>{_e(meeting.heading)}</h2>", "<ul>"]
        body += [f"<li>{_e(fact)}</li>" for fact in meeting.facts]
        body.append("</ul>")
        for section in meeting.sections:
            body += _section_html(section, "h3")
        body.append("</section>")
    body += ['<section class="about">', *_section_html(copy.about, "h2"), "</section>"]
    body.append(f"<footer><p>{_e(copy.footer)}</p></footer>")
    return (
        f'<!DOCTYPE html>\n<html lang="{copy.lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">\n'
        f"<title>{_e(copy.title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )
