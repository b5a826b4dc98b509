"""The Markdown and HTML exports hold only the app's own structure (issue 32, item 1):
whatever the students type, the teacher comments and the course file says is text, rendered
by a real Markdown renderer (markdown-it, CommonMark) as exactly that text — never a tag, a
link, an image, a heading or a list the app did not write."""

from __future__ import annotations

import html.parser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from hyvinvointi_tui.core.client import takeaway
from hyvinvointi_tui.core.debrief import debrief_report
from hyvinvointi_tui.core.debrief.replay import Replayer
from hyvinvointi_tui.core.model.client_events import CourseNoted
from hyvinvointi_tui.core.model.help_contacts import Description as ServiceDescription
from hyvinvointi_tui.core.model.help_contacts import HelpContact, Name, Purpose, Service
from hyvinvointi_tui.core.model.protocol import Protocol
from hyvinvointi_tui.core.model.session import Session
from hyvinvointi_tui.core.model.session_events import SessionClosed, SetupChanged
from hyvinvointi_tui.core.model.step_events import (
    ServiceChosen,
    StressRated,
    SummaryEntryAdded,
    TakeawayChosen,
)
from hyvinvointi_tui.core.model.text_keys import (
    CRISIS_PLAN_PARTS,
    PREPARATION_PARTS,
    REFLECTION_PARTS,
    crisis_plan_key,
    feedback_key,
    preparation_key,
    reflection_key,
    service_note_key,
)
from hyvinvointi_tui.core.page import Page, markdown_text, to_html, to_markdown
from hyvinvointi_tui.core.untrusted import visible_line

from ..scripted import HandClock, goal, next_appointment

# What was typed in the real app (issue 32), and the rest of what a crafted file tried.
PAYLOAD = (
    "<script>alert(1)</script></style><img src=x onerror=alert(1)>"
    "\n# heading <iframe src=javascript:alert(1)></iframe> [link](javascript:alert(1))"
    " ![image](x.png) <https://evil.example> &lt;b&gt; &#60;i&#62; `code` *em* _em_ ~~s~~"
    "\n---\n> quote\n1. item\n    code\n<!-- comment -->\n| a | b |\n=====  \n[ref]: /x"
)

# The tags each writer makes itself.
MD_TAGS = {"h1", "h2", "p", "ul", "ol", "li", "hr", "strong"}
HTML_TAGS = {"html", "head", "meta", "title", "style", "body", "footer", *MD_TAGS}


class _Tags(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_comment(self, data: str) -> None:
        self.tags.append(("!--", []))


def _tags(rendered: str) -> _Tags:
    parser = _Tags()
    parser.feed(rendered)
    parser.close()
    return parser


def rendered_markdown(markdown: str) -> _Tags:
    """The Markdown as CommonMark renders it (raw HTML allowed, as in most viewers)."""
    return _tags(MarkdownIt("commonmark").render(markdown))


def assert_only_own_tags(page: Page, markdown: str, page_html: str) -> str:
    """Fails if either rendering holds a tag, an attribute or a link the app never writes;
    returns the Markdown's rendered text."""
    md = rendered_markdown(markdown)
    assert {tag for tag, _ in md.tags} <= MD_TAGS, {tag for tag, _ in md.tags} - MD_TAGS
    assert all(not attrs for _, attrs in md.tags), [t for t in md.tags if t[1]]
    names = [tag for tag, _ in md.tags]
    assert names.count("h1") == 1 and names.count("h2") == len(page.sections)
    assert names.count("hr") == 1
    own = _tags(page_html)
    assert {tag for tag, _ in own.tags} <= HTML_TAGS, {tag for tag, _ in own.tags} - HTML_TAGS
    allowed = {("html", "lang"), ("meta", "charset"), ("p", "class")}
    assert all((tag, name) in allowed for tag, attrs in own.tags for name, _ in attrs)
    return "".join(md.text)


def _text(tag: str) -> dict[str, str]:
    return {"fi": tag, "en": tag, "sv": tag}


def _course(text: str) -> CourseNoted:
    """The course's texts, each `text` (within its bounds)."""
    short = text[:50]
    return CourseNoted(
        course="C",
        place=f"PLACE {text}"[:200],
        help_contacts=[
            HelpContact(
                name=Name(**_text(f"CONTACT {short}")),
                purpose=Purpose(**_text(f"PURPOSE {text}"[:160])),
                hours=f"HOURS {short}",
            )
        ],
        services=[
            Service(
                name=Name(**_text(f"SERVICE {short}")),
                description=ServiceDescription(**_text(f"DESCRIPTION {short}")),
            )
        ],
    )


def crafted_session(protocol: Protocol, texts: dict[str, str]) -> Session:
    """A closed crisis session with `texts[field]` in every field a person types, the
    course's texts from `texts["course"]`, and every part of the client's page ticked."""
    session = Session(protocol, clock=HandClock(), created="2026-11-22T10:00:00+00:00")
    setup = SetupChanged(client_code="K-14", lang="en", students=["Aino", "Ben"])
    session.start(setup, course=_course(texts["course"]), prepare=True)
    for part in PREPARATION_PARTS:
        session.edit_text(preparation_key(part), texts["preparation"])
    session.begin()
    session.record(StressRated(step="stress", value=4))
    for part in CRISIS_PLAN_PARTS:
        session.edit_text(crisis_plan_key("stress", part), texts["crisis plan"])
    for column in ("strengths", "challenges"):
        session.record(
            SummaryEntryAdded(step="summary", entry_id=column, column=column, text=texts["summary"])
        )
    goal(session, "g1", texts["goal"], [texts["action"]], due="2026-12-15")
    next_appointment(session, "2026-12-03", "14:30", texts["focus"])
    session.record(ServiceChosen(step="closing", service=f"SERVICE {texts['course'][:50]}"))
    session.edit_text(service_note_key("closing"), texts["service note"])
    session.edit_text(feedback_key("closing"), texts["feedback"])
    session.record(
        TakeawayChosen(step="closing", parts=["summary", "stress", "time_circle", "osa"])
    )
    session.record(SessionClosed(step="closing"))
    for part in REFLECTION_PARTS:
        session.edit_text(reflection_key(part), texts["reflection"])
    return session


FIELDS = (
    "preparation",
    "crisis plan",
    "summary",
    "goal",
    "action",
    "focus",
    "service note",
    "feedback",
    "reflection",
    "course",
)


def pages(protocol: Protocol, texts: dict[str, str], comment: str) -> tuple[Page, Page]:
    session = crafted_session(protocol, texts)
    replay = Replayer(protocol, session.events, duration=session.now())
    client = takeaway.build(protocol, session.state, session.created)
    report = debrief_report.build(
        protocol,
        replay,
        created=session.created,
        client_code="K-14",
        lang="en",
        comments=[(60.0, "stress", comment)],
    )
    return client, report


def test_what_is_typed_in_every_field_and_the_course_file_renders_as_text(
    protocol: Protocol,
) -> None:
    texts = {name: f"{name.upper()}-MARK {PAYLOAD}" for name in FIELDS}
    comment = f"COMMENT-MARK {PAYLOAD}"
    shown = ""
    for page in pages(protocol, texts, comment):
        shown += assert_only_own_tags(page, to_markdown(page), to_html(page))
    # Every field reached a page, and came out as the text typed (its line breaks spaces).
    for name in [*FIELDS, "comment"]:
        assert f"{name.upper()}-MARK" in shown, name
    assert "<script>alert(1)</script></style><img src=x onerror=alert(1)> # heading" in shown
    assert "[link](javascript:alert(1))" in shown and "&lt;b&gt; &#60;i&#62;" in shown


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "# heading",
        "first line\n# a heading on the next",
        "line\n\nnew paragraph",
        "- a list",
        "+ a list",
        "* a list",
        "1. a numbered list",
        "12) a numbered list",
        "> a quote",
        "---",
        "___",
        "* * *",
        "    indented code",
        "\tcode",
        "```\ncode\n```",
        "~~~",
        "[link](javascript:alert(1))",
        "[ref]\n\n[ref]: javascript:alert(1)",
        "![image](x.png)",
        "<https://evil.example>",
        "<mail@evil.example>",
        "&lt;script&gt; &#60; &#x3C;",
        "*em* **strong** _em_ __strong__",
        "`code`",
        "trailing spaces  \nline break",
        "backslash at the end\\\nline break",
        "heading closing #",
        "| a | b |\n|---|---|\n| c | d |",
        "text\n===",
        "text\n---",
        "<!-- comment -->",
        "<div>block</div>",
        "\u202eexe.txt \u200b zero width \ufeff",
        "\x1b[2J escape \x07",
        "-5 °C and 10.12.2026 at 14.00, K-014, 3/5, Q&A",
    ],
)
def test_one_line_of_markdown_renders_as_the_text_itself(text: str) -> None:
    line = markdown_text(text)
    assert "\n" not in line
    for template in ("- {}", "1. {}", "## {}", "{}", "- **{}**"):
        rendered = rendered_markdown(template.format(line))
        tags = [tag for tag, _ in rendered.tags]
        wanted = {"- {}": ["ul", "li"], "1. {}": ["ol", "li"], "## {}": ["h2"], "{}": ["p"]}
        assert tags == wanted.get(template, ["ul", "li", "strong"]), (template, line, tags)
        assert "".join(rendered.text).strip() == _expected(text)


def _expected(text: str) -> str:
    return visible_line(" ".join(text.splitlines()).replace("\t", " ")).strip()


def test_safe_text_stays_readable_in_the_markdown() -> None:
    text = "Walk at 8 pm (by 15 December 2026) - K-014, 3/5: -5 °C, 10.12.2026 14.00, Q&A!"
    assert markdown_text(text) == text


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_any_text_is_one_line_of_markdown_that_renders_as_itself(text: str) -> None:
    line = markdown_text(text)
    for template, wanted in (("- {}", ["ul", "li"]), ("## {}", ["h2"])):
        rendered = rendered_markdown(template.format(line))
        assert [tag for tag, _ in rendered.tags] == wanted, (text, line)
        assert "".join(rendered.text).strip(" \n") == _expected(text).strip(" \n")


_ANY = st.text(min_size=1, max_size=40).filter(lambda text: text.strip())


@pytest.mark.slow
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.fixed_dictionaries({name: _ANY for name in FIELDS}), _ANY)
def test_exports_with_any_text_in_every_field_hold_only_the_apps_own_tags(
    protocol: Protocol, texts: dict[str, str], comment: str
) -> None:
    for page in pages(protocol, texts, comment):
        assert_only_own_tags(page, to_markdown(page), to_html(page))


def test_export_of_a_crafted_session_file_holds_only_the_apps_own_tags(
    protocol: Protocol, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The whole way: the encrypted file, `export --format md|html [--debrief]`, a viewer."""
    from hyvinvointi_tui.cli import main
    from hyvinvointi_tui.store import keys

    from .. import session_saving

    key = tmp_path / "teacher.key"
    public = keys.write_identity_file(key)
    session = crafted_session(protocol, {name: f"{name.upper()}-MARK {PAYLOAD}" for name in FIELDS})
    path = tmp_path / "s.age"
    doc = session_saving.session_document(session, saved_t=session.now())
    session_saving.save(path, doc, [keys.parse_recipient(public)])
    for extra in ([], ["--debrief"]):
        pages = {}
        for form in ("md", "html"):
            argv = ["export", str(path), "--format", form, "--identity", str(key), *extra]
            assert main(argv) == 0
            pages[form] = capsys.readouterr().out
        md = rendered_markdown(pages["md"])
        assert {tag for tag, _ in md.tags} <= MD_TAGS and all(not a for _, a in md.tags)
        assert {tag for tag, _ in _tags(pages["html"]).tags} <= HTML_TAGS
        assert "CRISIS PLAN-MARK <script>alert(1)</script>" in "".join(md.text)
