"""The client's privacy notice: one printed A4 sheet, in the session's language, saying who
answers for what the students write, what is written and why, who reads it, where and how
long it is kept, where confidentiality ends, and the client's rights.

The course's facts (core/model/course.py `Privacy`) go into it as given; a fact the course leaves
out is said to be missing, with whom to ask, never silently dropped. The sheet holds no
client data. Its type is never made smaller to fit: the texts are short enough that the
longest facts a course file can hold still fit one side at 12 pt (tests/processes/
test_print.py prints it with Chromium and counts the pages).

The data protection authority's web address, tietosuoja.fi, is the one on the authority's
own pages in each language (tietosuoja.fi/yhteystiedot, tietosuoja.fi/sv/kontaktuppgifter,
tietosuoja.fi/en/contact-information; checked from stored copies on 4 December 2026).
"""

from __future__ import annotations

from ...i18n import t
from ..model.course import DEFAULT_RETENTION_DAYS, Privacy
from ..page import Page, Section, html_text
from ..untrusted import visible

# The facts a course gives, in the order the setup screen and the notice name them.
FACTS = ("controller", "contact", "purpose", "retention_days", "supervisor_phone")


def missing_facts(privacy: Privacy, lang: str) -> str:
    """The missing facts named in `lang` ("rekisterinpitäjä, säilytysaika"); "" when none."""
    return ", ".join(t(lang, f"notice.fact_{name}") for name in privacy.missing())


def missing_line(privacy: Privacy, lang: str) -> str:
    """The one calm line the setup and Orientation show when the course leaves facts out
    ("" when it gives them all)."""
    facts = missing_facts(privacy, lang)
    return t(lang, "notice.missing", facts=facts) if facts else ""


def build(privacy: Privacy, lang: str) -> Page:
    """The notice as a page of sections; each line a paragraph, the missing facts marked."""

    def tr(key: str, **values: object) -> str:
        return t(lang, f"notice.{key}", **values)

    def fact(name: str, value: str | int, key: str) -> tuple[str, bool]:
        """The fact's sentence, or the sentence saying it is missing (True)."""
        if value:
            # The sentence ends with its own full stop: "Oy." would print "Oy..".
            shown = visible(value).rstrip().removesuffix(".") if isinstance(value, str) else value
            return tr(key, **{name: shown}), False
        return tr(f"{key}_missing"), True

    days = privacy.retention_days
    retention = (
        (tr("retention", days=days), False)
        if days
        else (tr("retention_missing", days=DEFAULT_RETENTION_DAYS), True)
    )
    sections = [
        _section(
            tr("who_heading"),
            fact("controller", privacy.controller, "controller"),
            fact("contact", privacy.contact, "contact"),
            fact("phone", privacy.supervisor_phone, "phone"),
        ),
        _section(
            tr("what_heading"),
            (tr("what"), False),
            fact("purpose", privacy.purpose, "purpose"),
        ),
        _section(tr("readers_heading"), (tr("readers"), False)),
        _section(tr("kept_heading"), (f"{tr('kept')} {retention[0]}", retention[1])),
        _section(tr("limits_heading"), (tr("limits"), False)),
        _section(tr("rights_heading"), (f"{tr('rights')} {tr('complain')}", False)),
    ]
    return Page(lang, tr("title"), tr("subtitle"), sections, tr("no_changes_nothing"))


def _section(heading: str, *lines: tuple[str, bool]) -> Section:
    return Section(
        heading,
        [text for text, _ in lines],
        marked={index for index, (_, missing) in enumerate(lines) if missing},
        whole=True,
    )


# One A4 side at 12 pt, never smaller (the client reads it, perhaps without glasses). The
# margins (9 mm, 12 mm at the sides: wider than most printers' unprintable edge), line height and
# headings leave room for the longest facts a course file holds: measured with Chromium on
# 5 December (after the texts said what is kept whatever the client answers, the rights in
# full and whose duty a child-welfare notification is), every language with every fact at its
# longest prints on one page in Liberation Sans (Arial's metrics) with about three lines to
# spare (four in Swedish), and in the wider DejaVu Sans with less than a line to spare (printed
# again after "what is written" named the safety record kept without consent to notes: still one
# page in every language, tests/processes/test_print.py); the texts must not grow without
# printing them again.
BODY_PT = 12
CSS = f"""
@page {{ size: A4; margin: 9mm 12mm; }}
html {{ font-family: Arial, "Liberation Sans", "Noto Sans", "DejaVu Sans", sans-serif;
  font-size: {BODY_PT}pt; }}
body {{ margin: 0; line-height: 1.2; overflow-wrap: anywhere; color: #000; background: #fff; }}
h1 {{ font-size: 16pt; margin: 0 0 0.2em; line-height: 1.15; }}
p.lead {{ margin: 0 0 0.3em; }}
h2 {{ font-size: 13pt; margin: 0.4em 0 0.1em; border-bottom: 0.3mm solid #666; }}
p {{ margin: 0 0 0.2em; }}
p.missing {{ border-left: 1.2mm solid #000; padding-left: 2mm; }}
p.promise {{ font-size: 13pt; font-weight: bold; margin-top: 0.5em;
  border: 0.4mm solid #000; padding: 0.25em 0.5em; }}
"""


def to_html(page: Page) -> str:
    """The notice as one printable HTML page; every text escaped (a course's facts are
    untrusted: markup in them is shown as text, control characters as their pictures)."""
    body = [f"<h1>{html_text(page.title)}</h1>", f'<p class="lead">{html_text(page.date)}</p>']
    for section in page.sections:
        body.append(f"<h2>{html_text(section.heading)}</h2>")
        for index, line in enumerate(section.lines):
            css = ' class="missing"' if index in section.marked else ""
            body.append(f"<p{css}>{html_text(line)}</p>")
    body.append(f'<p class="promise">{html_text(page.footer)}</p>')
    return (
        f'<!DOCTYPE html>\n<html lang="{html_text(page.lang)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html_text(page.title)}</title>\n<style>{CSS}</style>\n"
        "</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )
